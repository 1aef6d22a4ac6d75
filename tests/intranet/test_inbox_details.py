"""The inbox shows what each decision needs without a click (issue 18, section 5): per kind its facts, read
in a fixed number of queries for the page; the bulk approval and single decisions keep the navigation's
badge and the messages right (htmx out of band); nobody sees facts of a task that is not theirs."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.approvals.general_requests import general_request_create
from intranet.approvals.models import ApprovalRequest, RequestState, StepState
from intranet.approvals.selectors import inbox_details, inbox_for
from intranet.approvals.workflow import Fact, step_decide
from tests.factories import make_resource, make_user
from timekeeping.leave.models import LeaveType
from timekeeping.leave.selectors import leave_balance
from timekeeping.leave.services import entitlement_grant, leave_request_create

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=BERLIN)  # a Monday
INBOX = "/aufgaben/"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _pinned_clock():
    import time_machine

    with time_machine.travel(NOW, tick=False):
        yield


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def holiday(person, start: date, end: date, **kw):
    return leave_request_create(by=person, leave_type=LeaveType.objects.get(code="erholungsurlaub"), start=start,
                                end=end, today=NOW.date(), **kw)


def approve(leave, by) -> None:
    step_decide(by=by, step_id=leave.approval.steps.get(state=StepState.OPEN).pk, approve=True)


def facts_of(user, request: ApprovalRequest) -> dict[str, object]:
    """The facts of the request's task in the user's inbox, as label -> value or items."""
    steps = [s for s in inbox_for(user) if s.request_id == request.pk]
    assert steps, "not in the inbox"
    return {f.label: (list(f.items) if f.items else f.value) for f in inbox_details(steps, viewer=user)[steps[0].pk]}


def page_of(client) -> str:
    return client.get(INBOX).content.decode()


@pytest.fixture
def granted(cast):
    for person in (cast.ada, cast.ben, cast.bea, cast.carl):
        entitlement_grant(person=person, year=2026)
    return cast


# --- Facts per kind ---------------------------------------------------------------------------------------

def test_leave_shows_days_balance_left_who_else_is_away_and_the_stand_in(granted, client) -> None:
    cast = granted
    bea_away = holiday(cast.bea, date(2026, 12, 9), date(2026, 12, 10))
    approve(bea_away, cast.ben)
    leave = holiday(cast.ada, date(2026, 12, 7), date(2026, 12, 11), substitute=cast.carl)
    approve(leave, cast.carl)  # the stand-in confirms first (annual leave), then the supervisor decides
    facts = facts_of(cast.ben, leave.approval)
    assert facts["Urlaubstage"] == "5 Tage"
    # The balance comes from the leave domain (the waiting request already counted in it).
    assert leave_balance(cast.ada, 2026).available == 25
    assert facts["Resturlaub danach"] == "25 Tage"
    assert facts["In dieser Zeit ebenfalls abwesend"] == ["Bea Busch: 09.12.2026 – 10.12.2026 (Erholungsurlaub)"]
    assert facts["Vertretung"] == "Carl Conrad"
    # Rendered on the task as a description list, without a click.
    client.force_login(cast.ben)
    page = page_of(client)
    assert '<dl class="facts task__facts">' in page
    assert "<dt>Resturlaub danach</dt>" in page and "25 Tage" in page and "Carl Conrad" in page


def test_leave_without_others_or_stand_in_says_so(granted) -> None:
    leave = holiday(granted.ada, date(2026, 12, 14), date(2026, 12, 14))
    facts = facts_of(granted.ben, leave.approval)
    assert facts["Urlaubstage"] == "1 Tag"
    assert facts["In dieser Zeit ebenfalls abwesend"] == "Niemand sonst."
    assert facts["Vertretung"] == "keine angegeben"


def test_a_cancellation_shows_the_balance_with_the_days_returned(granted) -> None:
    from timekeeping.leave.services import leave_cancel

    leave = holiday(granted.ada, date(2026, 12, 7), date(2026, 12, 8))
    approve(leave, granted.ben)
    leave = leave_cancel(by=granted.ada, leave_id=leave.pk, today=NOW.date())
    assert leave_balance(granted.ada, 2026).available == 28
    assert facts_of(granted.ben, leave.cancellation)["Resturlaub danach"] == "30 Tage"


def test_trip_shows_destination_dates_costs_and_whether_a_second_level_follows(cast) -> None:
    from timekeeping.travel.trips import TripInput, trip_apply

    day = date(2026, 11, 24)
    near = trip_apply(by=cast.ada, data=TripInput(destination="Kassel", purpose="Fachtagung", start=at(day, 7),
                                                  end=at(day, 18), tickets=Decimal("49.90")))
    facts = facts_of(cast.ben, near.approval)
    assert facts["Ziel"] == "Kassel"
    assert facts["Reisezeit"] == "24.11.2026 07:00 – 24.11.2026 18:00"
    assert re.fullmatch(r"\d+,\d\d €", facts["Geschätzte Kosten"])
    assert facts["Weitere Genehmigung"] == "Nein: Ihre Entscheidung ist die letzte."
    far = trip_apply(by=cast.ada, data=TripInput(destination="Berlin", purpose="Messe", start=at(day, 6),
                                                 end=at(day, 22), tickets=Decimal("600"), lodging=Decimal("450")))
    facts = facts_of(cast.ben, far.approval)
    assert facts["Weitere Genehmigung"] == "Ja: Nach Ihnen entscheidet die nächsthöhere Ebene."
    assert facts["Geschätzte Kosten"] == "1.064,00 €"  # tickets, lodging and the per diem, German format
    step_decide(by=cast.ben, step_id=far.approval.steps.get().pk, approve=True)
    assert facts_of(cast.frank, far.approval)["Weitere Genehmigung"] == "Nein: Ihre Entscheidung ist die letzte."


def _signed_off_november(cast):
    from timekeeping.worktime.services import month_submit, time_entry_create

    time_entry_create(by=cast.ada, start=at(date(2026, 11, 2), 8), end=at(date(2026, 11, 2), 12),
                      now=datetime(2026, 11, 30, 20, tzinfo=BERLIN))
    closing = month_submit(by=cast.ada, month=date(2026, 11, 1), today=date(2026, 11, 30))
    return closing


def test_month_sign_off_shows_the_balance_and_the_warnings(cast) -> None:
    from timekeeping.worktime.services import time_entry_create

    # A Sunday worked: a warning the one signing off should see.
    time_entry_create(by=cast.ada, start=at(date(2026, 11, 1), 9), end=at(date(2026, 11, 1), 11),
                      now=datetime(2026, 11, 30, 20, tzinfo=BERLIN))
    closing = _signed_off_november(cast)
    facts = facts_of(cast.ben, closing.approval)
    assert facts["Monat"] == "November 2026"
    assert facts["Gleitzeitsaldo"] == closing_hours(closing.balance_minutes)
    assert closing.balance_minutes < 0  # a month of target with six hours recorded
    assert facts["Hinweise"] == ["1 × Sonn- oder Feiertag"]


def closing_hours(minutes: int) -> str:
    from timekeeping.worktime.templatetags.worktime import minutes_as_hours

    return minutes_as_hours(minutes)


def test_time_correction_shows_the_day_before_and_after(cast) -> None:
    from timekeeping.worktime.services import time_correction_request

    closing = _signed_off_november(cast)
    step_decide(by=cast.ben, step_id=closing.approval.steps.get().pk, approve=True)
    added = time_correction_request(by=cast.ada, reason="Außentermin vergessen", start=at(date(2026, 11, 2), 13),
                                    end=at(date(2026, 11, 2), 15), now=datetime(2026, 11, 30, 20, tzinfo=BERLIN))
    facts = facts_of(cast.ben, added.approval)
    assert facts["Vorher"] == ["08:00–12:00"]
    assert facts["Nachher"] == ["08:00–12:00", "13:00–15:00"]
    assert facts["Begründung"] == "Außentermin vergessen"


def test_booking_shows_resource_and_time(cast) -> None:
    from reservations.services import Request, booking_create

    room = make_resource(needs_approval=True, name="Ratssaal")
    booking = booking_create(by=cast.ada, wanted=Request(resource=room, start=at(date(2026, 11, 23), 10),
                                                         end=at(date(2026, 11, 23), 12), title="Bürgerversammlung"))
    facts = facts_of(cast.fay, booking.approval)
    assert facts["Ressource"] == str(room)
    assert facts["Zeit"] == "23.11.2026 10:00 – 12:00"
    assert facts["Titel"] == "Bürgerversammlung"


def course(person, n: int = 0, *, day: date = date(2026, 12, 1), days: int = 1, fee: str = "249", travel: str = "0",
           **kw):
    from timekeeping.travel.trainings import TrainingInput, training_request

    return training_request(by=person, today=NOW.date(), data=TrainingInput(
        course=f"Verwaltungsrecht {n}", provider="HVS", start=day, end=day + timedelta(days=days - 1), place="Kassel",
        reason="Neue Aufgaben", fee=Decimal(fee), travel_costs=Decimal(travel), **kw))


def task_facts(user, request: ApprovalRequest) -> dict[str, Fact]:
    steps = [s for s in inbox_for(user) if s.request_id == request.pk]
    assert steps, "not in the inbox"
    return {f.label: f for f in inbox_details(steps, viewer=user)[steps[0].pk]}


def warnings_of(user, request: ApprovalRequest) -> set[str]:
    return {label for label, fact in task_facts(user, request).items() if fact.warning}


def test_training_shows_course_dates_costs_and_the_budget_left_afterwards(cast) -> None:
    from timekeeping.travel.models import TrainingBudget

    TrainingBudget.objects.create(unit=cast.sg_a, year=2026, planned=Decimal("1000"))
    earlier = course(cast.bea, day=date(2026, 11, 23), fee="300")
    approve(earlier, cast.ben)
    approve(earlier, cast.hanna)  # approved: counted in the budget as committed
    training = course(cast.ada, day=date(2026, 12, 1), days=2, fee="249", travel="80.50", mandatory=True)
    facts = facts_of(cast.ben, training.approval)
    assert facts["Kurs"] == "Verwaltungsrecht 0 (Pflicht)"
    assert facts["Anbieter"] == "HVS" and facts["Ort"] == "Kassel"
    assert facts["Wann"] == "01.12.2026 – 02.12.2026"
    assert facts["Kursgebühr"] == "249,00 €"
    assert facts["Reisekosten (geschätzt)"] == "80,50 €"
    assert facts["Fortbildungsbudget danach übrig"] == "370,50 € (SG-A, 2026)"  # 1,000 - 300 - 329.50
    assert not warnings_of(cast.ben, training.approval)
    approve(training, cast.ben)
    assert facts_of(cast.hanna, training.approval)["Fortbildungsbudget danach übrig"] == "370,50 € (SG-A, 2026)"
    # A course the budget cannot carry: the approver is told to look.
    dear = course(cast.ada, 1, day=date(2026, 12, 14), fee="750")
    assert facts_of(cast.ben, dear.approval)["Fortbildungsbudget danach übrig"] == "-50,00 € (SG-A, 2026)"
    assert warnings_of(cast.ben, dear.approval) == {"Fortbildungsbudget danach übrig"}


def test_the_training_budget_is_hidden_from_an_approver_who_may_not_see_it(cast, client) -> None:
    from directory.models import User
    from intranet.core.permissions import may
    from tests.factories import set_leadership
    from timekeeping.travel.models import TrainingBudget

    TrainingBudget.objects.create(unit=cast.sg_a, year=2026, planned=Decimal("1000"))
    training = course(cast.ada)
    # Ben hands SG-A over while the task is his: he still decides it, but the unit's budget is no longer his.
    set_leadership(cast.sg_a, head=cast.bea)
    ben = User.objects.get(pk=cast.ben.pk)
    assert not may(ben, "timekeeping.view_training_budget", cast.sg_a)
    facts = facts_of(ben, training.approval)
    assert facts["Kursgebühr"] == "249,00 €"
    assert "Fortbildungsbudget danach übrig" not in facts
    client.force_login(ben)
    page = page_of(client)
    assert "Verwaltungsrecht 0" in page and "Fortbildungsbudget" not in page and "751,00" not in page
    # HR may see every unit's budget.
    approve(training, ben)
    assert facts_of(cast.hanna, training.approval)["Fortbildungsbudget danach übrig"] == "751,00 € (SG-A, 2026)"


def claimed(cast, *, advance: str = "0", **amounts):
    """A claim of Ada's for a day trip by private car five days ago (100 km), estimated at 49 € (14 € per diem
    and 35 € kilometre allowance)."""
    from timekeeping.travel.models import Transport
    from timekeeping.travel.trips import ClaimInput, TripInput, claim_submit, trip_apply

    day = NOW.date() - timedelta(days=5)
    trip = trip_apply(by=cast.ada, now=at(day, 7) - timedelta(days=3), data=TripInput(
        destination="Kassel", purpose="Tagung", start=at(day, 7), end=at(day, 18), transport=Transport.PRIVATE_CAR,
        distance_km=100, transport_reason="Messgeräte", advance=Decimal(advance)))
    approve(trip, cast.ben)
    assert trip.estimated_costs == Decimal("49.00")
    return claim_submit(by=cast.ada, trip_id=trip.pk, today=NOW.date(), data=ClaimInput(
        actual_start=at(day, 7), actual_end=at(day, 19), business_hours=Decimal("6"), private_km=100,
        **{k: Decimal(v) for k, v in amounts.items()}))


def test_claim_shows_the_trip_the_costs_and_their_parts_the_advance_and_the_estimate(cast) -> None:
    claim = claimed(cast, advance="20", fees="30", tickets="5.50")
    facts = facts_of(cast.hanna, claim.approval)  # within the margin: the travel-cost office alone
    assert facts["Ziel"] == "Kassel"
    assert facts["Reisezeit"] == "11.11.2026 07:00 – 11.11.2026 19:00"  # as travelled, not as applied for
    costs = task_facts(cast.hanna, claim.approval)["Abgerechnete Kosten"]
    assert costs.value == "84,50 €"
    assert costs.items == ("Tagegeld und Wegstreckenentschädigung: 49,00 €", "Fahrkarten: 5,50 €", "Gebühren: 30,00 €")
    assert facts["Abschlag"] == "20,00 €"
    assert facts["Auszuzahlen"] == "64,50 €"
    assert facts["Genehmigte Schätzung"] == "49,00 €"
    assert facts["Differenz"] == "+35,50 €"
    assert "Über der Schätzung" not in facts and not warnings_of(cast.hanna, claim.approval)


def test_the_over_estimate_warning_starts_past_the_margin(cast) -> None:
    # The margin is 20 percent of the estimate but at least 50 € (settings.TRAVEL_CLAIM_MARGIN_*): for 49 € it
    # is 50 €. Exactly at it the claim is fine.
    at_margin = claimed(cast, fees="50")
    facts = facts_of(cast.hanna, at_margin.approval)
    assert facts["Differenz"] == "+50,00 €" and "Über der Schätzung" not in facts
    assert not warnings_of(cast.hanna, at_margin.approval)
    # A cent beyond it: warned, with the whole difference, and the head of department decides first.
    beyond = claimed(cast, fees="50.01")
    facts = facts_of(cast.frank, beyond.approval)
    assert facts["Differenz"] == "+50,01 €"
    assert facts["Über der Schätzung"] == ("50,01 € über der genehmigten Schätzung, mehr als der Spielraum zulässt: "
                                           "bitte die Gründe prüfen.")
    assert warnings_of(cast.frank, beyond.approval) == {"Über der Schätzung"}


# --- Denials ---------------------------------------------------------------------------------------------

def test_a_colleague_sees_no_facts_of_anothers_request(granted, client) -> None:
    cast = granted
    leave = holiday(cast.ada, date(2026, 12, 7), date(2026, 12, 11))
    step = leave.approval.steps.get()
    client.force_login(cast.ben)
    assert "Resturlaub danach" in page_of(client)
    for colleague in (cast.bea, cast.carl, cast.dan):
        client.force_login(colleague)
        page = page_of(client)
        assert "Urlaubstage" not in page and "Ada Arendt" not in page
        # Nor through a decision's answer, which would render the row again.
        answer = client.post(f"/aufgaben/{step.pk}/ablehnen/", {"comment": ""}, headers=HTMX)
        assert answer.status_code in (403, 404)
        assert "Resturlaub" not in answer.content.decode()
    assert ApprovalRequest.objects.get(pk=leave.approval_id).state == RequestState.SUBMITTED


def test_a_stand_in_who_confirms_sees_the_days_not_the_balance(granted) -> None:
    assert LeaveType.objects.get(code="erholungsurlaub").substitute_confirms
    # Carl works in another unit: no superior of Ada's (Bea, the unit's deputy, would be one).
    leave = holiday(granted.ada, date(2026, 12, 7), date(2026, 12, 11), substitute=granted.carl)
    facts = facts_of(granted.carl, leave.approval)
    assert facts["Urlaubstage"] == "5 Tage"
    assert "Resturlaub danach" not in facts  # the balance is the person's, their supervisors' and HR's


# --- Decisions: bulk, badge, messages -------------------------------------------------------------------

def submit(user, subject: str) -> ApprovalRequest:
    return general_request_create(by=user, subject=subject, text="Bitte um Zustimmung.").approval


def test_approve_selected_with_nothing_selected_says_so_and_changes_nothing(cast, client) -> None:
    submit(cast.ada, "Antrag A")
    submit(cast.bea, "Antrag B")
    client.force_login(cast.ben)
    answer = client.post("/aufgaben/genehmigen/", {}, headers=HTMX).content.decode()
    assert "Bitte wählen Sie mindestens einen Antrag aus." in answer
    assert 'id="messages"' in answer and 'hx-swap-oob="innerHTML"' in answer
    assert 'id="inbox-count" hx-swap-oob="true" class="badge">2<' in answer
    assert set(ApprovalRequest.objects.values_list("state", flat=True)) == {RequestState.SUBMITTED}
    # Without htmx the same, after the redirect.
    page = client.post("/aufgaben/genehmigen/", {}, follow=True).content.decode()
    assert "Bitte wählen Sie mindestens einen Antrag aus." in page


def test_the_badge_follows_a_bulk_approval(cast, client) -> None:
    first = submit(cast.ada, "Antrag A")
    submit(cast.bea, "Antrag B")
    client.force_login(cast.ben)
    assert 'id="inbox-count" class="badge">2<' in page_of(client)
    step = first.steps.get()
    answer = client.post("/aufgaben/genehmigen/", {"steps": [step.pk]}, headers=HTMX).content.decode()
    assert 'id="inbox-count" hx-swap-oob="true" class="badge">1<' in answer
    assert "1 Antrag genehmigt." in answer
    assert "Antrag B" in answer and "Antrag A" not in answer


def test_single_decisions_update_badge_and_messages(cast, client) -> None:
    first, second = submit(cast.ada, "Antrag A"), submit(cast.bea, "Antrag B")
    client.force_login(cast.ben)
    answer = client.post(f"/aufgaben/{first.steps.get().pk}/genehmigen/", headers=HTMX).content.decode()
    assert 'id="inbox-count" hx-swap-oob="true" class="badge">1<' in answer
    assert "Genehmigt: Antrag A" in answer and 'id="messages"' in answer
    answer = client.post(f"/aufgaben/{second.steps.get().pk}/ablehnen/", {"comment": "Nein"},
                         headers=HTMX).content.decode()
    assert 'id="inbox-count" hx-swap-oob="true" class="badge" hidden>0<' in answer
    assert "Abgelehnt: Antrag B" in answer and "task--rejected" in answer


def test_reject_looks_different_from_approve(cast, client) -> None:
    submit(cast.ada, "Antrag A")
    client.force_login(cast.ben)
    page = page_of(client)
    assert "button--approve" in page and "reject__toggle" in page and "button--reject" in page
    assert "css/inbox.css" in page


# --- Queries -------------------------------------------------------------------------------------------

def test_queries_per_page_do_not_grow_with_the_tasks(granted, client) -> None:
    """Every kind on the page, once with one task each and once with several: the same number of queries."""
    from reservations.services import Request, booking_create
    from timekeeping.travel.models import TrainingBudget
    from timekeeping.travel.trips import TripInput, trip_apply
    from timekeeping.worktime.services import month_submit, time_correction_request, time_entry_create

    cast = granted
    cast.ben.groups.add(*cast.fay.groups.all())  # Ben also manages the rooms: bookings in his inbox too
    cast.ben.groups.add(*cast.hanna.groups.all())  # and works for the travel-cost office (HR): claims too
    TrainingBudget.objects.create(unit=cast.sg_a, year=2026, planned=Decimal("5000"))  # which he may see
    room = make_resource(needs_approval=True)
    people = [cast.ada, *(make_user(org_unit=cast.sg_a) for _ in range(2))]  # eight kinds of three: one page
    for person in people[1:]:
        entitlement_grant(person=person, year=2026)
    approve(holiday(cast.bea, date(2026, 12, 21), date(2026, 12, 23)), cast.ben)  # away while the others are

    def add_tasks(person, n: int) -> None:
        day = date(2026, 12, 1) + timedelta(days=7 * n)
        holiday(person, day, day + timedelta(days=1))
        trip_apply(by=person, data=TripInput(destination=f"Ort {n}", purpose="Tagung", start=at(day, 7),
                                             end=at(day, 18)))
        booking_create(by=person, wanted=Request(resource=room, start=at(day, 10 + n), end=at(day, 11 + n),
                                                 title=f"Termin {n}"))
        submit(person, f"Antrag {n}")
        course(person, n, day=day)
        claim_of(person, n, by=cast.ben)
        # October signed off and a correction of it asked for; November waiting for its sign-off.
        month_end = datetime(2026, 11, 30, 20, tzinfo=BERLIN)
        time_entry_create(by=person, start=at(date(2026, 10, 5), 8), end=at(date(2026, 10, 5), 12), now=month_end)
        october = month_submit(by=person, month=date(2026, 10, 1), today=date(2026, 10, 31))
        step_decide(by=cast.ben, step_id=october.approval.steps.get().pk, approve=True)
        time_correction_request(by=person, reason="vergessen", start=at(date(2026, 10, 6), 8),
                                end=at(date(2026, 10, 6), 12), now=NOW)
        time_entry_create(by=person, start=at(date(2026, 11, 2), 8), end=at(date(2026, 11, 2), 12), now=month_end)
        month_submit(by=person, month=date(2026, 11, 1), today=date(2026, 11, 30))

    client.force_login(cast.ben)
    few, many, page = inbox_queries(client, people, add_tasks)
    assert page.count('<dl class="facts task__facts">') == 8 * len(people)  # eight kinds each
    assert page.count("Fortbildungsbudget danach übrig") == page.count("Abgerechnete Kosten") == len(people)
    assert many == few


def inbox_queries(client, people, add_tasks) -> tuple[int, int, str]:
    """The inbox's queries with the first person's tasks, then with everyone's, and that page."""
    add_tasks(people[0], 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INBOX).status_code == 200
    for n, person in enumerate(people[1:], start=1):
        add_tasks(person, n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(INBOX).content.decode()
    return len(few.captured_queries), len(many.captured_queries), page


def claim_of(person, n: int, *, by):
    """A claim for a trip made last week (approved by `by`), with the travel-cost office."""
    from timekeeping.travel.trips import ClaimInput, TripInput, claim_submit, trip_apply

    past = NOW.date() - timedelta(days=5 + n)
    trip = trip_apply(by=person, now=at(past, 7) - timedelta(days=3), data=TripInput(
        destination=f"Ziel {n}", purpose="Termin", start=at(past, 7), end=at(past, 18), tickets=Decimal("20")))
    approve(trip, by)
    return claim_submit(by=person, trip_id=trip.pk, today=NOW.date(), data=ClaimInput(
        actual_start=trip.start, actual_end=trip.end, business_hours=Decimal("6"), tickets=Decimal("25")))


def test_queries_for_courses_and_claims_do_not_grow_with_the_tasks(cast, client) -> None:
    """The travel-cost office and HR decide on courses of several units and on claims: one of each, then five."""
    from timekeeping.travel.models import TrainingBudget

    for unit in (cast.sg_a, cast.sg_b):
        TrainingBudget.objects.create(unit=unit, year=2026, planned=Decimal("5000"))
    people = [cast.ada, *(make_user(org_unit=cast.sg_a) for _ in range(2)),
              *(make_user(org_unit=cast.sg_b) for _ in range(2))]
    supervisor = {cast.sg_a.pk: cast.ben, cast.sg_b.pk: cast.frank}

    def add_tasks(person, n: int) -> None:
        training = course(person, n, day=date(2026, 12, 1) + timedelta(days=n))
        approve(training, supervisor[person.org_unit_id])  # then HR decides
        claim_of(person, n, by=supervisor[person.org_unit_id])

    client.force_login(cast.hanna)
    few, many, page = inbox_queries(client, people, add_tasks)
    assert page.count('<dl class="facts task__facts">') == 2 * len(people)
    assert page.count("Fortbildungsbudget danach übrig") == page.count("Abgerechnete Kosten") == len(people)
    assert "(SG-B, 2026)" in page and "(SG-A, 2026)" in page
    assert many == few
