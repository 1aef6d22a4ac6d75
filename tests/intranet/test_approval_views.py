"""The inbox, request pages and general request form over HTTP: the contract, not the rules."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intranet.approvals.general_requests import general_request_create
from intranet.approvals.models import ApprovalRequest, GeneralRequest, RequestState
from intranet.approvals.workflow import step_decide
from tests.factories import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit(user, subject: str = "Mobile Arbeit am Freitag") -> ApprovalRequest:
    return general_request_create(by=user, subject=subject, text="Bitte um Zustimmung.").approval


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_inbox_requires_sign_in(client, db) -> None:
    assert client.get("/aufgaben/").status_code == 302


def test_inbox_lists_waiting_requests_and_counts_them(as_user, cast) -> None:
    submit(cast.ada)
    page = as_user(cast.ben).get("/aufgaben/").content.decode()
    assert "Mobile Arbeit am Freitag" in page
    assert "Ada Arendt" in page
    assert 'id="inbox-count" class="badge">1<' in page
    assert "Mobile Arbeit" not in as_user(cast.bea).get("/aufgaben/").content.decode()


def test_without_tasks_the_badge_is_hidden_but_there_for_the_next_swap(as_user, cast) -> None:
    page = as_user(cast.bea).get("/aufgaben/").content.decode()
    assert '<span id="inbox-count" class="badge" hidden>0</span>' in page


def test_inbox_queries_do_not_grow_with_the_items(as_user, cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(cast.ben)
    submit(cast.ada, "Antrag 0")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/aufgaben/").status_code == 200
    others = [make_user(org_unit=cast.sg_a) for _ in range(10)]
    for n in range(99):
        submit(others[n % 10], f"Antrag {n + 1}")
    with CaptureQueriesContext(connection) as hundred:
        page = client.get("/aufgaben/").content.decode()
    assert 'class="badge">100<' in page
    assert len(hundred.captured_queries) == len(one.captured_queries)


def test_approve_in_place_returns_the_row_only(as_user, cast) -> None:
    step = submit(cast.ada).steps.get()
    response = as_user(cast.ben).post(f"/aufgaben/{step.pk}/genehmigen/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert f'id="task-{step.pk}"' in fragment
    assert "Genehmigt" in fragment
    assert 'id="inbox-count" hx-swap-oob="true" class="badge" hidden>0<' in fragment
    assert ApprovalRequest.objects.get().state == RequestState.APPROVED


def test_reject_without_reason_shows_the_error_in_the_row(as_user, cast) -> None:
    step = submit(cast.ada).steps.get()
    response = as_user(cast.ben).post(f"/aufgaben/{step.pk}/ablehnen/", {"comment": ""},
                                      headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    assert ApprovalRequest.objects.get().state == RequestState.SUBMITTED


def test_deciding_twice_says_so(as_user, cast) -> None:
    step = submit(cast.ada).steps.get()
    client = as_user(cast.ben)
    client.post(f"/aufgaben/{step.pk}/genehmigen/")
    response = client.post(f"/aufgaben/{step.pk}/ablehnen/", {"comment": "doch nicht"}, follow=True)
    assert "bereits entschieden" in response.content.decode()
    assert ApprovalRequest.objects.get().state == RequestState.APPROVED


def test_a_refusal_naming_no_field_shows_in_the_row(as_user, cast) -> None:
    """show_errors puts a message-only ValidationError (AlreadyDecided) above the form, not nowhere."""
    step = submit(cast.ada).steps.get()
    client = as_user(cast.ben)
    client.post(f"/aufgaben/{step.pk}/genehmigen/")
    response = client.post(f"/aufgaben/{step.pk}/ablehnen/", {"comment": "doch nicht"}, headers={"HX-Request": "true"})
    row = response.content.decode()
    assert '<div class="form-errors" role="alert"><p>Über diesen Antrag wurde bereits entschieden' in row


def test_decision_endpoints_are_post_only_and_hidden_from_outsiders(as_user, cast) -> None:
    step = submit(cast.ada).steps.get()
    assert as_user(cast.ben).get(f"/aufgaben/{step.pk}/genehmigen/").status_code == 405
    assert as_user(cast.dan).post(f"/aufgaben/{step.pk}/genehmigen/").status_code == 404
    # Ada sees her request but may not decide it: 403 (design.md), and the page says why.
    for action in ("genehmigen", "ablehnen"):
        response = as_user(cast.ada).post(f"/aufgaben/{step.pk}/{action}/", {"comment": "x"})
        assert response.status_code == 403
        assert "Sie können nicht über Ihren eigenen Antrag entscheiden." in response.content.decode()
    assert ApprovalRequest.objects.get().state == RequestState.SUBMITTED


def test_bulk_approve(as_user, cast) -> None:
    steps = [submit(cast.ada, f"Antrag {n}").steps.get() for n in range(3)]
    foreign = submit(cast.dan).steps.get()
    response = as_user(cast.ben).post(
        "/aufgaben/genehmigen/", {"steps": [s.pk for s in steps[:2]] + [foreign.pk]}, follow=True,
    )
    assert "2 Anträge genehmigt." in response.content.decode()
    states = dict(ApprovalRequest.objects.values_list("summary", "state"))
    assert states == {"Antrag 0": "approved", "Antrag 1": "approved", "Antrag 2": "submitted",
                      "Mobile Arbeit am Freitag": "submitted"}


@pytest.mark.parametrize(("viewer", "status"), [
    ("ada", 200), ("ben", 200), ("hanna", 200), ("ali", 404), ("bea", 404), ("dan", 404), ("frank", 404),
])
def test_request_page_visibility(as_user, cast, viewer: str, status: int) -> None:
    request = submit(cast.ada)
    assert as_user(getattr(cast, viewer)).get(f"/antraege/{request.pk}/").status_code == status


def test_request_page_shows_the_timeline(as_user, cast) -> None:
    request = submit(cast.ada)
    page = as_user(cast.ada).get(f"/antraege/{request.pk}/").content.decode()
    assert "wartet auf Entscheidung von Ben Bauer" in page
    assert "Antrag zurückziehen" in page


def test_submit_general_request_with_attachment(as_user, cast, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = as_user(cast.ada)
    response = client.post("/antraege/neu/", {
        "subject": "Telearbeit", "text": "Dienstags und donnerstags.", "date_from": "2026-12-01",
        "attachment": SimpleUploadedFile("antrag.pdf", PDF, content_type="application/pdf"),
    })
    general = GeneralRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/antraege/{general.approval_id}/"
    assert not general.attachment.name.endswith("antrag.pdf")  # stored under a random name
    download = client.get(f"/antraege/{general.approval_id}/anhang/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert as_user(cast.dan).get(f"/antraege/{general.approval_id}/anhang/").status_code == 404


def test_bad_input_keeps_what_was_typed(as_user, cast, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = as_user(cast.ada).post("/antraege/neu/", {
        "subject": "Telearbeit", "text": "Mein ausführlicher Text", "date_from": "2026-12-05", "date_to": "2026-12-01",
        "attachment": SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Das Enddatum liegt vor dem Anfangsdatum." in page
    assert "Es können nur PDF-, PNG- und JPEG-Dateien angehängt werden." in page
    assert "Mein ausführlicher Text" in page and 'value="Telearbeit"' in page
    assert not ApprovalRequest.objects.exists()


def test_withdraw(as_user, cast) -> None:
    request = submit(cast.ada)
    assert as_user(cast.ben).post(f"/antraege/{request.pk}/zurueckziehen/").status_code == 403
    as_user(cast.ada).post(f"/antraege/{request.pk}/zurueckziehen/")
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN


def test_search_all_requests_is_for_hr_and_admins(as_user, cast) -> None:
    submit(cast.ada, "Telearbeit")
    submit(cast.dan, "Stundenreduzierung")
    assert as_user(cast.ben).get("/antraege/alle/").status_code == 403
    page = as_user(cast.hanna).get("/antraege/alle/?q=dorn").content.decode()
    assert "Stundenreduzierung" in page and "Telearbeit" not in page
    assert as_user(cast.hanna).get("/antraege/alle/?state=nonsense").status_code == 200


def test_preferences(as_user, cast) -> None:
    client = as_user(cast.ben)
    client.post("/einstellungen/", {"language": "en", "approval_mail": "digest"})
    cast.ben.refresh_from_db()
    assert (cast.ben.language, cast.ben.approval_mail) == ("en", "digest")
    response = client.post("/einstellungen/", {"language": "xx", "approval_mail": "never"})
    assert response.status_code == 200
    cast.ben.refresh_from_db()
    assert cast.ben.approval_mail == "digest"


def test_cancelling_an_approved_request_asks_first_and_changes_nothing_until_confirmed(as_user, cast) -> None:
    request = submit(cast.ada)
    step_decide(by=cast.ben, step_id=request.steps.get().pk, approve=True)
    client = as_user(cast.ada)
    asked = client.post(f"/antraege/{request.pk}/stornieren/")
    assert asked.status_code == 200 and "Diesen genehmigten Antrag stornieren?" in asked.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    assert client.post(f"/antraege/{request.pk}/stornieren/", {"confirm": "yes"}).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
