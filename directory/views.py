"""The address book (Telefonbuch), own entry, vCards, the directory test page, the lockout page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from intranet.core.downloads import as_attachment
from intranet.core.http import AuthenticatedHttpRequest
from intranet.core.modules import module_required
from intranet.core.parts import address, part
from intranet.core.permissions import require
from intranet.core.site import uid_host

from . import ldap
from .forms import DirectoryTestForm, OwnEntryForm, PeopleSearchForm
from .models import OrgUnit, PersonPhoto, User
from .presence import LABELS, presence_for
from .selectors import deputy_id_for, people_search, supervisor_id_of, unit_members
from .services import own_entry_update
from .vcard import Card, vcards

PAGE_SIZE = 25


def _people_rows(people: list[User], level: int = 2) -> str:
    """The people as the address book lists them, in Jinja2 (four times as fast as Django's templates)."""
    return part("directory/_people.html", {"people": people, "level": level,
                                           "detail": address("directory:person_detail")})


def _with_presence(people: list[User]) -> list[User]:
    statuses = presence_for([p.pk for p in people], timezone.localdate())
    for person in people:
        person.presence = LABELS.get(statuses.get(person.pk, ""), "")
    return people


@require_GET
@login_required
@module_required("addressbook")
def person_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(people_search(query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": query, "rows": _people_rows(_with_presence(list(page)))}
    template = "directory/search.html#results" if request.htmx else "directory/search.html"
    return render(request, template, context)


def _active_person(pk: int) -> User:
    # Inactive people are not in the address book at all.
    return get_object_or_404(User.objects.select_related("org_unit"), pk=pk, is_active=True)


@require_GET
@login_required
@module_required("addressbook")
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _active_person(pk)
    require(request.user, "directory.view_person", person)
    ids = [i for i in (supervisor_id_of(person), deputy_id_for(person)) if i]
    related = User.objects.filter(pk__in=ids, is_active=True).in_bulk()
    context = {
        "person": _with_presence([person])[0],
        "supervisor": related.get(supervisor_id_of(person)) if ids else None,
        "deputy": related.get(deputy_id_for(person)) if ids else None,
        "has_photo": PersonPhoto.objects.filter(user=person).exists(),
        "is_me": person.pk == request.user.pk,
    }
    return render(request, "directory/person.html", context)


@require_GET
@login_required
@module_required("addressbook")
def person_photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(PersonPhoto, user__pk=pk, user__is_active=True)
    response = HttpResponse(bytes(photo.data), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _card(person: User, photo: bytes | None = None) -> Card:
    return Card(
        uid=f"person-{person.pk}@{uid_host()}",
        first_name=person.first_name, last_name=person.last_name, organisation=settings.ORGANISATION_NAME,
        unit=person.org_unit.name if person.org_unit else "", title=person.title, email=person.email,
        phone=person.phone, mobile=person.shown_mobile, room=person.shown_room, photo_jpeg=photo,
    )


def _vcard_response(cards: list[Card], filename: str) -> HttpResponse:
    response = HttpResponse(vcards(cards), content_type="text/vcard; charset=utf-8")
    return as_attachment(response, f"{filename}.vcf")


@require_GET
@login_required
@module_required("addressbook")
def person_vcard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _active_person(pk)
    photo = PersonPhoto.objects.filter(user=person).values_list("data", flat=True).first()
    return _vcard_response([_card(person, bytes(photo) if photo else None)], person.username)


@require_GET
@login_required
@module_required("addressbook")
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = list(OrgUnit.objects.select_related("head").order_by("code"))
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    for unit in units:
        unit.sub_units = children.get(unit.pk, [])
    return render(request, "directory/units.html", {"roots": children.get(None, [])})


@require_GET
@login_required
@module_required("addressbook")
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.select_related("parent", "head", "deputy"), pk=pk)
    people = _with_presence(list(unit_members(unit)))
    context = {"unit": unit, "sub_units": unit.children.select_related("head").order_by("code"),
               "people": people, "people_rows": _people_rows(people, level=3)}
    return render(request, "directory/unit.html", context)


@require_GET
@login_required
@module_required("addressbook")
def unit_vcard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, pk=pk)
    people = unit_members(unit)
    photos = dict(PersonPhoto.objects.filter(user__in=people).values_list("user_id", "data"))
    cards = [_card(p, bytes(photos[p.pk]) if p.pk in photos else None) for p in people]
    return _vcard_response(cards, unit.code)


@require_http_methods(["GET", "POST"])
@login_required
@module_required("addressbook")
def own_entry(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    form = OwnEntryForm(request.POST or None, instance=User.objects.get(pk=person.pk))
    if request.method == "POST" and form.is_valid():
        try:
            own_entry_update(by=request.user, person=person, values=form.cleaned_data)
        except ldap.DirectoryUnavailable:
            form.add_error(None, _("The staff directory cannot be reached, so nothing was saved. "
                                   "Please try again later."))
        else:
            messages.success(request, _("Your entry was saved."))
            return redirect("directory:person_detail", pk=person.pk)
    return render(request, "directory/own_entry.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@login_required
def directory_test(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For administrators: what the directory says about one user name, and the roles it maps to."""
    require(request.user, "intranet.administer")
    config = ldap.LdapConfig.from_settings()
    form = DirectoryTestForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "config": config}
    if request.method == "POST" and form.is_valid() and config is not None:
        try:
            conn = ldap.connect(config)
            try:
                person = ldap.find_person(conn, config, form.cleaned_data["username"])
            finally:
                conn.unbind()
        except (ldap.DirectoryUnavailable, ldap.InvalidCredentials) as exc:
            context["error"] = _("The directory could not be queried: %(error)s") % {
                "error": str(exc) or _("wrong service account password")}
        else:
            context["searched"] = True
            context["person"] = person
            if person is not None:
                context["unit_path"] = [ou for ou, _dn in person.unit_path(config.user_base)]
                context["roles"] = sorted(r for r, dn in config.role_groups.items() if dn.lower() in person.group_dns)
    return render(request, "directory/directory_test.html", context)


def signin_locked(request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer once a user name has failed too often from one address."""
    hours = settings.AXES_COOLOFF_TIME
    minutes = round(float(hours) * 60)
    return render(request, "registration/locked.html", {"minutes": minutes}, status=429)


