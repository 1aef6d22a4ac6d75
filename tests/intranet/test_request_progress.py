"""Where a request stands, like a parcel tracking: the same stages on its page, in "Meine Anträge" and
on the dashboard; with whom now and since when, who decided and what they said."""

from __future__ import annotations

import re

from django.urls import reverse

from intranet.approvals.models import StepState
from intranet.approvals.progress import request_progress, where_it_stands
from intranet.approvals.workflow import kind_of, step_decide
from tests.intranet.test_workflow import open_step, submit


def stages(request) -> list[tuple[str, str, str, str]]:
    steps = list(request.steps.all())
    return [(str(s.label), s.state, s.who, s.comment)
            for s in request_progress(request, steps, kind_of(request).levels(request), request.events.all())]


def test_a_two_level_request_from_submission_to_the_decision(cast) -> None:
    request = submit(cast.ada, kind="test_two_levels")
    assert stages(request) == [("Eingereicht", "done", "Ada Arendt", ""), ("Vorgesetzte/r", "current", "Ben Bauer", ""),
                               ("Zweite Ebene", "ahead", "", ""), ("Entschieden", "ahead", "", "")]
    step_decide(by=cast.ben, step_id=open_step(request).pk, approve=True, comment="Passt.")
    request.refresh_from_db()
    assert stages(request)[1:3] == [("Vorgesetzte/r", "done", "Ben Bauer", "Passt."),
                                    ("Zweite Ebene", "current", "Frank Fischer", "")]
    step_decide(by=cast.frank, step_id=open_step(request).pk, approve=False, comment="Kein Budget.")
    request.refresh_from_db()
    assert stages(request)[2:] == [("Zweite Ebene", "rejected", "Frank Fischer", "Kein Budget."),
                                   ("Abgelehnt", "rejected", "", "")]
    assert str(where_it_stands(request, request.steps.all()).label) == "Abgelehnt"


def test_a_rejected_first_level_never_reaches_the_second(cast) -> None:
    request = submit(cast.ada, kind="test_two_levels")
    step_decide(by=cast.ben, step_id=open_step(request).pk, approve=False, comment="Nein.")
    request.refresh_from_db()
    assert [s[1] for s in stages(request)] == ["done", "rejected", "skipped", "rejected"]


def test_the_request_page_shows_its_stages(client, cast) -> None:
    request = submit(cast.ada)
    client.force_login(cast.ada)
    html = client.get(reverse("request_detail", args=[request.pk])).content.decode()
    tracking = html.split('<ol class="progress"', 1)[1].split("</ol>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", tracking).split())
    assert "Eingereicht : erledigt · Ada Arendt" in text
    assert "Vorgesetzte/r : jetzt hier · Ben Bauer seit" in text
    assert 'aria-current="step"' in tracking
    assert "Entschieden : noch nicht" in text


def test_my_requests_and_the_dashboard_say_with_whom_each_waits_in_constant_queries(
        client, cast, django_assert_max_num_queries) -> None:
    client.force_login(cast.ada)
    submit(cast.ada, summary="Erster Antrag")
    for url in (reverse("request_list"), reverse("dashboard")):
        html = client.get(url).content.decode()
        assert "bei Ben Bauer (Vorgesetzte/r), seit" in html, url
    with django_assert_max_num_queries(1000) as few:
        client.get(reverse("request_list"))
    for n in range(6):
        submit(cast.ada, summary=f"Antrag {n}")
    decided = submit(cast.ada, summary="Schon entschieden")
    step_decide(by=cast.ben, step_id=decided.steps.get(state=StepState.OPEN).pk, approve=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("request_list")).content.decode()
    assert html.count("bei Ben Bauer (Vorgesetzte/r), seit") == 7
    with django_assert_max_num_queries(1000) as dashboard:
        client.get(reverse("dashboard"))
    submit(cast.ada, summary="Noch einer")
    with django_assert_max_num_queries(len(dashboard.captured_queries)):
        client.get(reverse("dashboard"))


def test_every_level_has_a_name_and_a_role_held_step_names_the_role(cast) -> None:
    from intranet.approvals.models import ApprovalStep
    from intranet.approvals.workflow import level_label, registered_levels

    for level in registered_levels():
        assert str(level_label(level)) != level, f"level {level} has no name for requesters"
    request = submit(cast.ada)
    ApprovalStep.objects.filter(request=request).update(approver=None, approver_role="fleet", level="resource_manager")
    stage = where_it_stands(request, request.steps.all())
    assert (str(stage.label), stage.who) == ("Raum- und Fahrzeugverwaltung", "Fuhrparkverwaltung")


def test_the_outcome_reads_the_same_in_the_progress_and_in_the_lists(cast) -> None:
    """One function builds the outcome stage for both (_outcome_stage)."""
    from intranet.approvals.progress import _outcome_stage

    request = submit(cast.ada)
    step_decide(by=cast.ben, step_id=open_step(request).pk, approve=False, comment="Nein.")
    request.refresh_from_db()
    outcome = _outcome_stage(request)
    assert str(outcome.label) == "Abgelehnt" and outcome.state == "rejected" and outcome.at == request.closed_at
    steps = list(request.steps.all())
    assert where_it_stands(request, steps) == outcome
    assert request_progress(request, steps, kind_of(request).levels(request), request.events.all())[-1] == outcome
