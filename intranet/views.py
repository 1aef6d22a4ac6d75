"""Pages that belong to no single app: dashboard, language switch, legal pages, error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from directory.selectors import people_led_by, supervisor_of, unit_tree_for
from intranet.approvals.models import RequestState
from intranet.approvals.progress import with_stages
from intranet.approvals.selectors import inbox_for
from intranet.core.http import AuthenticatedHttpRequest, next_url
from intranet.core.modules import module_enabled
from intranet.core.roles import Role, roles_of
from intranet.core.session import session_renew, session_seconds_left
from intranet.help.models import SignLanguageVideo


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own ("Please enter a correct ... and password") reads like a request to fill the fields in.
        "invalid_login": _(
            "The user name or the password is wrong. Please check both; upper and lower case count in both."
        ),
        "directory_unavailable": _(
            "The staff directory cannot be reached at the moment, so you cannot sign in. "
            "Please try again in a few minutes; if it persists, call the IT service desk."
        ),
        "must_change_password": _(
            "Your password must be changed before you can sign in here. Please change your password at a "
            "Windows sign-in first (Ctrl+Alt+Del, then Change a password), then sign in again."
        ),
        "locked": _(
            "Your account is locked after too many wrong passwords. Wait a while or call the IT service desk."
        ),
        # AD compares user names ignoring case: Django's "both fields may be case-sensitive" is wrong there.
        "invalid_login_directory": _(
            "The user name or the password is wrong. Upper and lower case count in the password, not in the user name."
        ),
    }

    def clean(self) -> dict[str, object]:
        try:
            return super().clean()
        except ValidationError as error:
            problem = getattr(self.request, "directory_account_problem", "")
            if problem in ("must_change_password", "locked"):
                raise ValidationError(self.error_messages[problem], code=problem) from None
            if getattr(self.request, "directory_unavailable", False):
                message = self.error_messages["directory_unavailable"]
                raise ValidationError(message, code="directory_unavailable") from None
            if error.code == "invalid_login" and settings.LDAP_SERVER_URI and settings.LDAP_FLAVOUR == "ad":
                raise ValidationError(self.error_messages["invalid_login_directory"], code="invalid_login") from None
            raise


class SignInView(LoginView):
    redirect_authenticated_user = True
    form_class = SignInForm

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        if settings.DEBUG:
            # The demo (make run) lists its accounts where a new user looks for them.
            from intranet.demo.organisation import DEMO_ACCOUNTS, DEMO_PASSWORD

            context.update(demo_accounts=DEMO_ACCOUNTS, demo_password=DEMO_PASSWORD)
        return context


FIRST_TASKS = 3  # the dashboard lists so many waiting tasks; the inbox has all


@require_http_methods(["GET", "POST"])
@login_required
def session_status(request: AuthenticatedHttpRequest) -> JsonResponse:
    """How long the sign-in lasts (GET) or more time (POST), for the pages' expiry warning; with a fresh
    CSRF token, so a page whose sign-in was renewed in another tab can still send what was typed."""
    if request.method == "POST":
        session_renew(request.session)
    response = JsonResponse({"seconds_left": session_seconds_left(request.session), "csrf_token": get_token(request)})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    roles = roles_of(user)
    tree = unit_tree_for(user)  # read once for this request's lookups
    first_tasks = list(inbox_for(user).order_by("opened_at", "pk")[:FIRST_TASKS])  # the longest waiting first
    context = {
        "roles": sorted(roles, key=list(Role).index),
        "supervisor": supervisor_of(user, tree),
        "led_count": people_led_by(user, tree).count() if Role.SUPERVISOR in roles else None,
        "employment": user.employments.first(),
        "first_tasks": first_tasks,
        # also the layout's badge, which then asks no more; counted only when there are more than shown
        "inbox_count": len(first_tasks) if len(first_tasks) < FIRST_TASKS else inbox_for(user).count(),
        "open_requests": with_stages(user.requests.filter(state=RequestState.SUBMITTED).order_by("-submitted_at")[:5]),
    }
    if module_enabled("time"):
        from timekeeping.worktime.timesheet import flexitime_balance, today_at_work

        try:  # the same sheet and figure as the month sheet and the team overview
            sheet = flexitime_balance(user)
        except ObjectDoesNotExist:  # no rule set for the person's status group: no balance to show
            sheet = None
        context["flexitime_balance"] = sheet.balance if sheet else None
        context["at_work"] = today_at_work(user, sheet=sheet)
    if module_enabled("leave"):
        from timekeeping.leave.selectors import leave_balance

        context["leave_balance"] = leave_balance(user, timezone.localdate().year)
    if module_enabled("rooms") or module_enabled("cars"):
        from reservations.selectors import upcoming_bookings

        context["bookings"] = list(upcoming_bookings(user)[:5])
    return render(request, "intranet/dashboard.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the account and in a cookie (for the sign-in page)."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(next_url(request, "/"))
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
            samesite="Lax", secure=request.is_secure(), httponly=True,
        )
    return response


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "intranet/accessibility.html", {
        "contact": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "has_sign_language_video": SignLanguageVideo.objects.exists(),
    })


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "intranet/privacy.html", {"contact": settings.PRIVACY_CONTACT_EMAIL})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: this app server answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected error, or, when the database is out of reach (restarted, failed over), a 503 that
    says so and asks to retry; the next request opens a new connection."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.template import loader

    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError) or _database_reachable():
        return HttpResponseServerError(loader.get_template("500.html").render())  # e.g. a deadlock: a bug
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": _("The database cannot be reached at the moment; please retry.")},
                                status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    return response


def _database_reachable() -> bool:
    try:
        connection.close()
        connection.ensure_connection()
        return connection.is_usable()
    except Exception:  # any failure to connect is the answer
        return False


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """An address that matches nothing: JSON under /api/, as the API's own 404s are; the page elsewhere."""
    from django.views.defaults import page_not_found

    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # A stale form (e.g. after a long pause or signing in elsewhere): explain, offer the way back.
    return render(request, "errors/csrf.html", status=403)


@require_safe  # GET and HEAD
def feed(request: HttpRequest, token: str, name: str) -> HttpResponse:
    """A calendar feed, for calendar clients: the token in the URL stands in for a session."""
    from directory.feeds import feed_response, get_feed, user_for_token

    owner = user_for_token(token)
    definition = get_feed(name)
    if owner is None or definition is None or not definition.available(owner):
        raise Http404
    # In the owner's language (a calendar client sends no cookie): "abwesend" or "absent".
    language = owner.language or settings.LANGUAGE_CODE

    def build() -> bytes:
        with translation.override(language):
            return definition.build(owner)

    # The owner and their name belong to the key: the feed's title names them, and no two people share an ETag.
    key = f"{name}:{language}:{owner.pk}:{owner.display_name}"
    return feed_response(request, key=key, version=definition.version(owner), build=build)


@require_POST
@login_required
def feed_token_change(request: AuthenticatedHttpRequest, action: str) -> HttpResponse:
    from django.contrib import messages

    from directory.feeds import feed_token_renew, feed_token_revoke

    if action == "renew":
        feed_token_renew(user=request.user)
        messages.success(request, _("Your calendar addresses were renewed; the old ones no longer work."))
    elif action == "revoke":
        feed_token_revoke(user=request.user)
        messages.success(request, _("Your calendar addresses were switched off."))
    else:
        raise Http404
    return HttpResponseRedirect(reverse("preferences"))
