"""Pages of the approval workflow: my inbox ("Meine Aufgaben"), my requests, a request's page,
the general request form, and the HR search. Thin: fetch with permission, parse, one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intranet.core.downloads import file_download
from intranet.core.http import AuthenticatedHttpRequest, act, ask_first, next_url, show_errors, whole_number
from intranet.core.parts import address, part
from intranet.core.permissions import may, require

from .filters import RequestFilter
from .forms import DecisionForm, GeneralRequestForm, PreferencesForm
from .general_requests import attachment_filename, general_request_create
from .models import ApprovalStep, GeneralRequest
from .progress import request_progress, with_stages
from .selectors import get_request_for_view, get_step_for_decision, inbox_details, inbox_for, requests_visible_to
from .workflow import kind_of, request_cancel, request_withdraw, step_decide

PAGE_SIZE = 25


def _page(request: AuthenticatedHttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@require_GET
@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_inbox(request)


def _render_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = _page(request, inbox_for(request.user))
    _with_facts(request, list(page))
    context = {"page": page, "inbox_count": page.paginator.count,  # the layout's badge: counted once
               "rows": task_rows(request, list(page))}
    template = "intranet/inbox.html#inbox-list" if request.htmx else "intranet/inbox.html"
    return render(request, template, context)


def task_rows(request: AuthenticatedHttpRequest, steps: list[ApprovalStep], **decision) -> str:
    """The inbox's tasks in Jinja2, which draws them four times as fast as Django's templates; with
    `form`, `done` and `approve` the one row that answers a decision."""
    urls = {key: address(name) for key, name in (
        ("detail", "request_detail"), ("approve", "step_approve"), ("reject", "step_reject"))}
    return part("intranet/_inbox_rows.html", {"steps": steps, "urls": urls, "csrf": csrf_input(request), **decision})


def _with_facts(request: AuthenticatedHttpRequest, steps: list[ApprovalStep]) -> None:
    """Each task with its kind and what its decision needs (inbox_details: a fixed number of queries per kind)."""
    facts = inbox_details(steps, viewer=request.user)
    for step in steps:
        step.kind = kind_of(step.request)
        step.facts = facts.get(step.pk, [])


def _decide(request: AuthenticatedHttpRequest, step: ApprovalStep, approve: bool) -> tuple[bool, DecisionForm]:
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            step_decide(by=request.user, step_id=step.pk, approve=approve, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return True, form
    return False, form


@require_POST
@login_required
def step_approve(request: AuthenticatedHttpRequest, step_id: int) -> HttpResponse:
    return _decision_response(request, step_id, approve=True)


@require_POST
@login_required
def step_reject(request: AuthenticatedHttpRequest, step_id: int) -> HttpResponse:
    return _decision_response(request, step_id, approve=False)


def _decision_response(request: AuthenticatedHttpRequest, step_id: int, approve: bool) -> HttpResponse:
    step = get_step_for_decision(request.user, step_id)
    done, form = _decide(request, step, approve)
    step.refresh_from_db()
    if request.htmx:
        if done:
            step.kind = kind_of(step.request)
            messages.success(request, (_("Approved: %(summary)s") if approve else _("Rejected: %(summary)s"))
                             % {"summary": step.request.summary})
        else:  # the row again, with the error and what the decision needs
            _with_facts(request, [step])
        # The badge and the messages follow the decision out of band (base.html's #inbox-count, #messages).
        context = {"rows": task_rows(request, [step], form=form, done=done, approve=approve), "oob": True,
                   "inbox_count": inbox_for(request.user).count()}
        return render(request, "intranet/inbox.html#inbox-row", context)
    if done:
        messages.success(request, _("Approved.") if approve else _("Rejected."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect(next_url(request, reverse("inbox")))


@require_POST
@login_required
def inbox_bulk_approve(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Approve the selected tasks. Nothing selected: says so and changes nothing. The htmx answer is the
    list again with the badge and the messages swapped out of band."""
    ids = {n for n in map(whole_number, request.POST.getlist("steps")) if n is not None}
    approved = failed = 0
    for step in inbox_for(request.user).filter(pk__in=ids):
        try:
            step_decide(by=request.user, step_id=step.pk, approve=True)
            approved += 1
        except (ValidationError, PermissionDenied):
            failed += 1
    failed = len(ids) - approved  # those no longer in the inbox were decided meanwhile
    if not ids:
        messages.error(request, _("Please select at least one request."))
    if approved:
        messages.success(request, ngettext("%(count)d request approved.", "%(count)d requests approved.",
                                           approved) % {"count": approved})
    if failed:
        messages.error(request, ngettext("%(count)d request could not be approved (already decided).",
                                         "%(count)d requests could not be approved (already decided).",
                                         failed) % {"count": failed})
    if request.htmx:
        return _render_inbox(request)
    return redirect("inbox")


@require_GET
@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = _page(request, requests_visible_to(request.user).filter(requester=request.user))
    return render(request, "intranet/request_list.html", {"page": _with_kinds(page)})


def _with_kinds(page):
    """Each request of the page with its kind's label and where it stands (its steps read in one query)."""
    page.object_list = with_stages(page.object_list)
    for approval in page.object_list:
        approval.kind_label = kind_of(approval).label
    return page


@require_GET
@login_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    approval = get_request_for_view(request.user, pk)
    steps = list(approval.steps.select_related("approver", "substitute_for"))
    open_step = next((s for s in steps if s.state == "open"), None)
    events = list(approval.events.select_related("actor", "step__approver"))
    kind = kind_of(approval)
    context: dict[str, Any] = {
        "approval": approval,
        "kind": kind,
        "subject": approval.subject,
        "steps": steps,
        "events": events,
        "progress": request_progress(approval, steps, kind.levels(approval), events),
        "open_step": open_step,
        "can_decide": open_step is not None and may(request.user, "intranet.decide_step", open_step),
        "can_withdraw": may(request.user, "intranet.withdraw_request", approval),
        "can_cancel": may(request.user, "intranet.cancel_request", approval),
        "form": DecisionForm(),
    }
    if context["kind"].detail_context and context["subject"] is not None:
        context.update(context["kind"].detail_context(request.user, context["subject"]))
    return render(request, "intranet/request_detail.html", context)


@require_POST
@login_required
def request_withdraw_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    approval = get_request_for_view(request.user, pk)
    act(request, lambda: request_withdraw(by=request.user, request_id=approval.pk), _("Your request was withdrawn."))
    return redirect("request_detail", pk=approval.pk)


@require_POST
@login_required
def request_cancel_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    approval = get_request_for_view(request.user, pk)
    if may(request.user, "intranet.cancel_request", approval) and (asking := ask_first(  # the button's rule
        request, title=_("Cancel this approved request?"),
        text=_("%(summary)s: the request is cancelled, and those who approved it are told.") % {
            "summary": approval.summary},
        button=_("Cancel the request"), back=reverse("request_detail", args=[approval.pk]),
    )):
        return asking
    comment = request.POST.get("comment", "")
    act(request, lambda: request_cancel(by=request.user, request_id=approval.pk, comment=comment),
        _("Your request was cancelled."))
    return redirect("request_detail", pk=approval.pk)


@require_http_methods(["GET", "POST"])
@login_required
def general_request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GeneralRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            general = general_request_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your request was submitted to %(name)s.") % {
                "name": _approver_name(general.approval.steps.first())})
            return redirect("request_detail", pk=general.approval_id)
    return render(request, "intranet/general_request_form.html", {"form": form})


def _approver_name(step: ApprovalStep | None) -> str:
    if step is None:
        return ""
    return step.approver.display_name if step.approver else _("human resources")


@require_GET
@login_required
def general_request_attachment(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    approval = get_request_for_view(request.user, pk)
    general = GeneralRequest.objects.filter(approval=approval).exclude(attachment="").first()
    if general is None:
        raise Http404
    return file_download(general.attachment.open("rb"), attachment_filename(general))


@require_GET
@login_required
def request_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "intranet.search_requests")
    filterset = RequestFilter(request.GET or None, queryset=requests_visible_to(request.user))
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else requests_visible_to(request.user)
    return render(request, "intranet/request_search.html",
                  {"filter": filterset, "page": _with_kinds(_page(request, queryset))})


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings were saved."))
        return redirect("preferences")
    from directory.feeds import feed_url, feeds_for

    feeds = [(feed, feed_url(request.user, feed.name)) for feed in feeds_for(request.user)]
    return render(request, "intranet/preferences.html", {"form": form, "feeds": feeds})
