"""Who may open and do what: every address of the intranet and every operation of its API, walked as
each role, compared with the table below.

The addresses come from the URL resolver and the operations from the OpenAPI schema, so a new page or
endpoint fails this test until it has a row. Every page and API operation is asked with GET and with
an empty POST (plus the schema's PATCH/PUT/DELETE); each role's request runs in a savepoint that is
rolled back, so everyone meets the same data (tests/fixtures/world.py).

Columns: anon = not signed in, emp = Ada (owns the records), col = Cleo (her colleague), oth = Xaver
(supervisor of another unit), sup = Ben (Ada's supervisor), hr = Hanna, adm = Ali (administrator),
flt = Fred (fleet manager), fac = Fay (facility manager).
Outcomes: O = answered (2xx, or a redirect other than to the sign-in), R = refused with an error
message on the page (a button's service said no), L = sent to sign in, D = denied (403 or 404),
B = bad request (400, the permission check passed), M = method not allowed.
"""

from __future__ import annotations

import os
import re
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.contrib import messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

COLUMNS = ["anon", "emp", "col", "oth", "sup", "hr", "adm", "flt", "fac"]

# Which of the world's objects an address's <pk> names.
PK_OF = {
    "request_detail": "request", "general_request_attachment": "request", "request_withdraw": "request",
    "request_cancel": "request",
    "directory:person_detail": "person", "directory:person_photo": "person", "directory:person_vcard": "person",
    "directory:unit_detail": "unit", "directory:unit_vcard": "unit",
    "timekeeping:leave_cancel": "leave", "timekeeping:leave_end_early": "leave",
    "time:time_entry_remove": "time_entry",
    "reservations:booking_detail": "booking", "reservations:booking_edit": "booking",
    "reservations:booking_cancel": "booking", "reservations:booking_check_in": "booking",
    "reservations:booking_download": "booking", "reservations:logbook_add": "car_booking",
    "reservations:series_detail": "series", "reservations:series_add_back": "series",
    "reservations:resource_edit": "room", "reservations:resource_token_renew": "room",
    "reservations:block_add": "room", "reservations:block_remove": "block",
    "trips:trip_detail": "trip", "trips:claim_new": "trip", "trips:trip_cancel": "trip_ahead",
    "trips:receipt": "receipt", "trips:training_detail": "training", "trips:training_certificate": "training",
    "trips:training_certificate_download": "training",
    "api:directory:person_detail": "person",
    "api:intranet:approval_approve": "step", "api:intranet:approval_reject": "step",
    "api:intranet:request_detail": "request", "api:intranet:request_withdraw": "request",
    "api:leave:leave_request_cancel": "leave", "api:travel:trip_cancel": "trip_ahead",
    "api:travel:trip_claim": "trip", "api:reservations:booking_detail": "booking",
    "api:reservations:car_logbook": "car",
}

EXPECTED_TABLE = """
#      address                                          anon emp  col  oth  sup  hr   adm  flt  fac
GET    dashboard                                        L    O    O    O    O    O    O    O    O
POST   dashboard                                        M    M    M    M    M    M    M    M    M
GET    help:index                                       O    O    O    O    O    O    O    O    O
POST   help:index                                       M    M    M    M    M    M    M    M    M
GET    help:easy_read                                   O    O    O    O    O    O    O    O    O
POST   help:easy_read                                   M    M    M    M    M    M    M    M    M
GET    help:sign_language                               O    O    O    O    O    O    O    O    O
POST   help:sign_language                               M    M    M    M    M    M    M    M    M
GET    help:topic                                       O    O    O    O    O    O    O    O    O
POST   help:topic                                       M    M    M    M    M    M    M    M    M
GET    session_status                                   L    O    O    O    O    O    O    O    O
POST   session_status                                   L    O    O    O    O    O    O    O    O
GET    inbox                                            L    O    O    O    O    O    O    O    O
POST   inbox                                            M    M    M    M    M    M    M    M    M
GET    inbox_bulk_approve                               M    M    M    M    M    M    M    M    M
POST   inbox_bulk_approve                               L    R    R    R    R    R    R    R    R
GET    step_approve                                     M    M    M    M    M    M    M    M    M
POST   step_approve                                     L    D    D    D    O    D    D    D    D
GET    step_reject                                      M    M    M    M    M    M    M    M    M
POST   step_reject                                      L    D    D    D    R    D    D    D    D
GET    request_list                                     L    O    O    O    O    O    O    O    O
POST   request_list                                     M    M    M    M    M    M    M    M    M
GET    request_search                                   L    D    D    D    D    O    D    D    D
POST   request_search                                   M    M    M    M    M    M    M    M    M
GET    general_request_new                              L    O    O    O    O    O    O    O    O
POST   general_request_new                              L    O    O    O    O    O    O    O    O
GET    request_detail                                   L    O    D    D    O    O    D    D    D
POST   request_detail                                   M    M    M    M    M    M    M    M    M
GET    general_request_attachment                       L    O    D    D    O    O    D    D    D
POST   general_request_attachment                       M    M    M    M    M    M    M    M    M
GET    request_withdraw                                 M    M    M    M    M    M    M    M    M
POST   request_withdraw                                 L    O    D    D    D    D    D    D    D
GET    request_cancel                                   M    M    M    M    M    M    M    M    M
POST   request_cancel                                   L    R    D    D    D    D    D    D    D
GET    preferences                                      L    O    O    O    O    O    O    O    O
POST   preferences                                      L    O    O    O    O    O    O    O    O
GET    directory:person_search                          L    O    O    O    O    O    O    O    O
POST   directory:person_search                          M    M    M    M    M    M    M    M    M
GET    directory:person_detail                          L    O    O    O    O    O    O    O    O
POST   directory:person_detail                          M    M    M    M    M    M    M    M    M
GET    directory:person_photo                           L    O    O    O    O    O    O    O    O
POST   directory:person_photo                           M    M    M    M    M    M    M    M    M
GET    directory:person_vcard                           L    O    O    O    O    O    O    O    O
POST   directory:person_vcard                           M    M    M    M    M    M    M    M    M
GET    directory:unit_list                              L    O    O    O    O    O    O    O    O
POST   directory:unit_list                              M    M    M    M    M    M    M    M    M
GET    directory:unit_detail                            L    O    O    O    O    O    O    O    O
POST   directory:unit_detail                            M    M    M    M    M    M    M    M    M
GET    directory:unit_vcard                             L    O    O    O    O    O    O    O    O
POST   directory:unit_vcard                             M    M    M    M    M    M    M    M    M
GET    directory:own_entry                              L    O    O    O    O    O    O    O    O
POST   directory:own_entry                              L    O    O    O    O    O    O    O    O
GET    timekeeping:leave_overview                       L    O    O    O    O    O    O    O    O
POST   timekeeping:leave_overview                       M    M    M    M    M    M    M    M    M
GET    timekeeping:leave_new                            L    O    O    O    O    O    O    O    O
POST   timekeeping:leave_new                            L    O    O    O    O    O    O    O    O
GET    timekeeping:leave_quote                          L    O    O    O    O    O    O    O    O
POST   timekeeping:leave_quote                          M    M    M    M    M    M    M    M    M
GET    timekeeping:leave_cancel                         M    M    M    M    M    M    M    M    M
POST   timekeeping:leave_cancel                         L    O    D    D    D    D    D    D    D
GET    timekeeping:leave_end_early                      M    M    M    M    M    M    M    M    M
POST   timekeeping:leave_end_early                      L    R    D    D    D    D    D    D    D
GET    timekeeping:team_calendar                        L    O    O    O    O    O    O    O    O
POST   timekeeping:team_calendar                        M    M    M    M    M    M    M    M    M
GET    timekeeping:leave_admin                          L    D    D    D    D    O    D    D    D
POST   timekeeping:leave_admin                          L    D    D    D    D    O    D    D    D
GET    timekeeping:absence_enter                        M    M    M    M    M    M    M    M    M
POST   timekeeping:absence_enter                        L    D    D    D    D    O    D    D    D
GET    timekeeping:absence_export                       L    D    D    D    D    R    D    D    D
POST   timekeeping:absence_export                       M    M    M    M    M    M    M    M    M
GET    time:sheet_current                               L    O    O    O    O    O    O    O    O
POST   time:sheet_current                               M    M    M    M    M    M    M    M    M
GET    time:month_sheet                                 L    O    O    O    O    O    O    O    O
POST   time:month_sheet                                 M    M    M    M    M    M    M    M    M
GET    time:month_submit                                M    M    M    M    M    M    M    M    M
POST   time:month_submit                                L    R    R    R    R    R    R    R    R
GET    time:time_correction_add                         M    M    M    M    M    M    M    M    M
POST   time:time_correction_add                         L    O    O    O    O    O    O    O    O
GET    time:time_entry_add                              M    M    M    M    M    M    M    M    M
POST   time:time_entry_add                              L    O    O    O    O    O    O    O    O
GET    time:time_entry_remove                           M    M    M    M    M    M    M    M    M
POST   time:time_entry_remove                           L    O    D    D    D    D    D    D    D
GET    time:clock                                       M    M    M    M    M    M    M    M    M
POST   time:clock                                       L    R    R    R    R    R    R    R    R
GET    time:team_month                                  L    D    D    O    O    O    D    D    D
POST   time:team_month                                  M    M    M    M    M    M    M    M    M
GET    time:time_export                                 L    D    D    D    D    O    D    D    D
POST   time:time_export                                 M    M    M    M    M    M    M    M    M
GET    time:council_report                              L    D    D    D    D    O    D    D    D
POST   time:council_report                              M    M    M    M    M    M    M    M    M
GET    reservations:overview                            L    O    O    O    O    O    O    O    O
POST   reservations:overview                            M    M    M    M    M    M    M    M    M
GET    reservations:grid                                L    O    O    O    O    O    O    O    O
POST   reservations:grid                                M    M    M    M    M    M    M    M    M
GET    reservations:booking_new                         L    O    O    O    O    O    O    O    O
POST   reservations:booking_new                         L    O    O    O    O    O    O    O    O
GET    reservations:my_bookings                         L    O    O    O    O    O    O    O    O
POST   reservations:my_bookings                         M    M    M    M    M    M    M    M    M
GET    reservations:booking_detail                      L    O    D    D    D    D    O    D    O
POST   reservations:booking_detail                      M    M    M    M    M    M    M    M    M
GET    reservations:booking_edit                        L    O    D    D    D    D    O    D    O
POST   reservations:booking_edit                        L    O    D    D    D    D    O    D    O
GET    reservations:booking_cancel                      M    M    M    M    M    M    M    M    M
POST   reservations:booking_cancel                      L    O    D    D    D    D    O    D    O
GET    reservations:booking_check_in                    M    M    M    M    M    M    M    M    M
POST   reservations:booking_check_in                    L    R    D    D    D    D    D    D    D
GET    reservations:booking_download                    L    O    D    D    D    D    O    D    O
POST   reservations:booking_download                    M    M    M    M    M    M    M    M    M
GET    reservations:logbook_add                         M    M    M    M    M    M    M    M    M
POST   reservations:logbook_add                         L    O    D    D    D    D    O    O    D
GET    reservations:series_detail                       L    O    D    D    D    D    O    D    O
POST   reservations:series_detail                       M    M    M    M    M    M    M    M    M
GET    reservations:series_add_back                     M    M    M    M    M    M    M    M    M
POST   reservations:series_add_back                     L    R    D    D    D    D    R    D    R
GET    reservations:manage_resources                    L    D    D    D    D    D    O    O    O
POST   reservations:manage_resources                    M    M    M    M    M    M    M    M    M
GET    reservations:resource_new                        L    D    D    D    D    D    O    D    O
POST   reservations:resource_new                        L    D    D    D    D    D    O    D    O
GET    reservations:resource_edit                       L    D    D    D    D    D    O    D    O
POST   reservations:resource_edit                       L    D    D    D    D    D    O    D    O
GET    reservations:resource_token_renew                M    M    M    M    M    M    M    M    M
POST   reservations:resource_token_renew                L    D    D    D    D    D    O    D    O
GET    reservations:block_add                           M    M    M    M    M    M    M    M    M
POST   reservations:block_add                           L    D    D    D    D    D    O    D    O
GET    reservations:block_remove                        M    M    M    M    M    M    M    M    M
POST   reservations:block_remove                        L    D    D    D    D    D    O    D    O
GET    reservations:licence_checks                      L    D    D    D    D    D    O    O    D
POST   reservations:licence_checks                      L    D    D    D    D    D    O    O    D
GET    reservations:fleet_report                        L    D    D    D    D    D    O    O    D
POST   reservations:fleet_report                        M    M    M    M    M    M    M    M    M
GET    reservations:door_display                        O    O    O    O    O    O    O    O    O
POST   reservations:door_display                        M    M    M    M    M    M    M    M    M
GET    reservations:resource_feed                       O    O    O    O    O    O    O    O    O
POST   reservations:resource_feed                       M    M    M    M    M    M    M    M    M
GET    trips:trip_list                                  L    O    O    O    O    O    O    O    O
POST   trips:trip_list                                  M    M    M    M    M    M    M    M    M
GET    trips:trip_new                                   L    O    O    O    O    O    O    O    O
POST   trips:trip_new                                   L    O    O    O    O    O    O    O    O
GET    trips:trip_detail                                L    O    D    D    O    O    D    D    D
POST   trips:trip_detail                                M    M    M    M    M    M    M    M    M
GET    trips:trip_cancel                                M    M    M    M    M    M    M    M    M
POST   trips:trip_cancel                                L    O    D    D    D    D    D    D    D
GET    trips:claim_new                                  L    O    D    D    D    D    D    D    D
POST   trips:claim_new                                  L    O    D    D    D    D    D    D    D
GET    trips:receipt                                    L    O    D    D    O    O    D    D    D
POST   trips:receipt                                    M    M    M    M    M    M    M    M    M
GET    trips:trainings                                  L    O    O    O    O    O    O    O    O
POST   trips:trainings                                  L    O    O    O    O    O    O    O    O
GET    trips:training_detail                            L    O    D    D    O    O    D    D    D
POST   trips:training_detail                            M    M    M    M    M    M    M    M    M
GET    trips:training_certificate                       M    M    M    M    M    M    M    M    M
POST   trips:training_certificate                       L    R    D    D    R    R    D    D    D
GET    trips:training_certificate_download              L    O    D    D    O    O    D    D    D
POST   trips:training_certificate_download              M    M    M    M    M    M    M    M    M
GET    trips:training_report                            L    D    D    D    D    O    D    D    D
POST   trips:training_report                            M    M    M    M    M    M    M    M    M
GET    trips:training_budgets                           L    D    D    O    O    O    D    D    D
POST   trips:training_budgets                           M    M    M    M    M    M    M    M    M
GET    directory_test                                   L    D    D    D    D    D    O    D    D
POST   directory_test                                   L    D    D    D    D    D    O    D    D
GET    login                                            O    O    O    O    O    O    O    O    O
POST   login                                            O    O    O    O    O    O    O    O    O
GET    logout                                           M    M    M    M    M    M    M    M    M
POST   logout                                           L    L    L    L    L    L    L    L    L
GET    set_language                                     M    M    M    M    M    M    M    M    M
POST   set_language                                     O    O    O    O    O    O    O    O    O
GET    accessibility                                    O    O    O    O    O    O    O    O    O
POST   accessibility                                    M    M    M    M    M    M    M    M    M
GET    privacy                                          O    O    O    O    O    O    O    O    O
POST   privacy                                          M    M    M    M    M    M    M    M    M
GET    health                                           O    O    O    O    O    O    O    O    O
POST   health                                           M    M    M    M    M    M    M    M    M
GET    feed                                             O    O    O    O    O    O    O    O    O
POST   feed                                             M    M    M    M    M    M    M    M    M
GET    feed_token_change                                M    M    M    M    M    M    M    M    M
POST   feed_token_change                                L    O    O    O    O    O    O    O    O
GET    api:directory:me                                 L    O    O    O    O    O    O    O    O
POST   api:directory:me                                 L    M    M    M    M    M    M    M    M
GET    api:directory:person_list                        L    O    O    O    O    O    O    O    O
POST   api:directory:person_list                        L    M    M    M    M    M    M    M    M
GET    api:directory:person_detail                      L    O    O    O    O    O    O    O    O
POST   api:directory:person_detail                      L    M    M    M    M    M    M    M    M
GET    api:directory:unit_list                          L    O    O    O    O    O    O    O    O
POST   api:directory:unit_list                          L    M    M    M    M    M    M    M    M
GET    api:intranet:approval_list                       L    O    O    O    O    O    O    O    O
POST   api:intranet:approval_list                       L    M    M    M    M    M    M    M    M
GET    api:intranet:approval_approve                    L    M    M    M    M    M    M    M    M
POST   api:intranet:approval_approve                    L    D    D    D    O    D    D    D    D
GET    api:intranet:approval_reject                     L    M    M    M    M    M    M    M    M
POST   api:intranet:approval_reject                     L    D    D    D    B    D    D    D    D
GET    api:intranet:request_list                        L    O    O    O    O    O    O    O    O
POST   api:intranet:request_list                        L    B    B    B    B    B    B    B    B
GET    api:intranet:request_detail                      L    O    D    D    O    O    D    D    D
POST   api:intranet:request_detail                      L    M    M    M    M    M    M    M    M
GET    api:intranet:request_withdraw                    L    M    M    M    M    M    M    M    M
POST   api:intranet:request_withdraw                    L    O    D    D    D    D    D    D    D
GET    api:leave:leave_type_list                  L    O    O    O    O    O    O    O    O
POST   api:leave:leave_type_list                  L    M    M    M    M    M    M    M    M
GET    api:leave:leave_request_list               L    O    O    O    O    O    O    O    O
POST   api:leave:leave_request_list               L    B    B    B    B    B    B    B    B
GET    api:leave:leave_request_cancel             L    M    M    M    M    M    M    M    M
POST   api:leave:leave_request_cancel             L    O    D    D    D    D    D    D    D
GET    api:leave:leave_balance                    L    O    O    O    O    O    O    O    O
POST   api:leave:leave_balance                    L    M    M    M    M    M    M    M    M
GET    api:leave:absence_list                           L    B    B    B    B    B    B    B    B
POST   api:leave:absence_list                           L    M    M    M    M    M    M    M    M
GET    api:worktime:time_entry_list                     L    O    O    O    O    O    O    O    O
POST   api:worktime:time_entry_list                     L    B    B    B    B    B    B    B    B
GET    api:worktime:clock                               L    M    M    M    M    M    M    M    M
POST   api:worktime:clock                               L    B    B    B    B    B    B    B    B
GET    api:worktime:time_export                         L    D    D    D    D    B    D    D    D
POST   api:worktime:time_export                         L    M    M    M    M    M    M    M    M
GET    api:worktime:month_sheet                         L    O    O    O    O    O    O    O    O
POST   api:worktime:month_sheet                         L    M    M    M    M    M    M    M    M
GET    api:worktime:month_submit                        L    M    M    M    M    M    M    M    M
POST   api:worktime:month_submit                        L    B    B    B    B    B    B    B    B
GET    api:travel:trip_list                        L    O    O    O    O    O    O    O    O
POST   api:travel:trip_list                        L    B    B    B    B    B    B    B    B
GET    api:travel:trip_cancel                      L    M    M    M    M    M    M    M    M
POST   api:travel:trip_cancel                      L    O    D    D    D    D    D    D    D
GET    api:travel:trip_claim                       L    O    D    D    D    D    D    D    D
POST   api:travel:trip_claim                       L    B    D    D    D    D    D    D    D
GET    api:travel:training_list                         L    O    O    O    O    O    O    O    O
POST   api:travel:training_list                         L    B    B    B    B    B    B    B    B
GET    api:reservations:resource_list                   L    O    O    O    O    O    O    O    O
POST   api:reservations:resource_list                   L    M    M    M    M    M    M    M    M
GET    api:reservations:booking_list                    L    O    O    O    O    O    O    O    O
POST   api:reservations:booking_list                    L    B    B    B    B    B    B    B    B
GET    api:reservations:booking_detail                  L    O    D    D    D    D    O    D    O
POST   api:reservations:booking_detail                  L    M    M    M    M    M    M    M    M
DELETE api:reservations:booking_detail                  L    O    D    D    D    D    O    D    O
PUT    api:reservations:booking_detail                  L    B    D    D    D    D    B    D    B
GET    api:reservations:series_list                     L    O    O    O    O    O    O    O    O
POST   api:reservations:series_list                     L    B    B    B    B    B    B    B    B
GET    api:reservations:car_logbook                     L    O    O    O    O    O    O    O    O
POST   api:reservations:car_logbook                     L    B    B    B    B    B    B    B    B
GET    schema                                           L    O    O    O    O    O    O    O    O
POST   schema                                           L    M    M    M    M    M    M    M    M
GET    api_docs                                         L    O    O    O    O    O    O    O    O
POST   api_docs                                         L    M    M    M    M    M    M    M    M
"""


def routes() -> list[tuple[str, str]]:
    """(route name, pattern) of every address but Django's own admin and static files."""
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if inner == "admin:":
                    continue  # Django's admin: its own staff check, tested by Django
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and not str(pattern.pattern).startswith("^static"):
                assert pattern.name, f"{prefix}{pattern.pattern}: every address needs a name to have a row here"
                found.append((namespace + pattern.name, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def schema_operations() -> dict[str, set[str]]:
    """Route name -> the methods the OpenAPI schema documents for it."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations: dict[str, set[str]] = {}
    for path, item in schema["paths"].items():
        sample = re.sub(r"\{month\}", "2026-01", re.sub(r"\{(?!month)\w+\}", "1", path))
        name = resolve(sample).view_name
        operations.setdefault(name, set()).update(m.upper() for m in item if m in {"get", "post", "put", "patch",
                                                                                  "delete"})
    return operations


def address(name: str, pattern: str, ids: dict) -> str:
    """The pattern with the world's values for its parameters."""
    assert "<int:pk>" not in pattern or name in PK_OF, f"{name}: say in PK_OF which object its <pk> names"
    values = {"pk": ids[PK_OF[name]] if name in PK_OF else None, "step_id": ids["step"], "year": ids["year"],
              "action": "renew", "name": "persoenlich", "slug": "start",
              "token": ids["feed_token"] if name == "feed" else ids["resource_token"]}
    values["month"] = ids["month"] if name.startswith("api:") else ids["month_no"]

    def fill(match: re.Match) -> str:
        return str(values[match.group(1)])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, pattern)


def outcome(response) -> str:
    status = response.status_code
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    if status in (200, 302) and any(m.level == messages.ERROR for m in queued):
        return "R"
    if status in (301, 302, 303) and response["Location"].split("?")[0].endswith("/accounts/login/"):
        return "L"
    return {401: "L", 403: "D", 404: "D", 405: "M", 400: "B"}.get(status, "O" if status < 400 else str(status))


def parse(table: str) -> dict[tuple[str, str], list[str]]:
    rows = {}
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        method, name, *codes = line.split()
        rows[(method, name)] = codes
    return rows


def ask(client: Client, method: str, url: str, api: bool):
    if method == "GET":
        return client.get(url)
    if api:
        return client.generic(method, url, "{}", content_type="application/json")
    return client.generic(method, url, "", content_type="application/x-www-form-urlencoded")


class Undo(Exception):
    pass


def ask_and_undo(client: Client, method: str, url: str, api: bool):
    """The answer, with whatever the request changed rolled back."""
    try:
        with transaction.atomic():
            response = ask(client, method, url, api)
            raise Undo
    except Undo:
        return response


def header_problems(response) -> list[str]:
    problems = []
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        directives = (d.strip().partition(" ") for d in response.get("Content-Security-Policy", "").split(";"))
        csp = {name: value for name, _, value in directives}
        if csp.get("script-src") != "'self'":  # no inline or evaluated script anywhere (the API docs style inline)
            problems.append(f"CSP script-src {csp.get('script-src')!r}")
        if response.get("X-Frame-Options") != "DENY":
            problems.append("no X-Frame-Options: DENY")
    return problems


@pytest.mark.django_db
def test_every_address_and_operation_answers_each_role_as_the_table_says(world) -> None:
    expected = parse(EXPECTED_TABLE)
    extra_methods = schema_operations()
    clients = []
    for person in world.people().values():
        client = Client(raise_request_exception=False)
        if person is not None:
            client.force_login(person)
        clients.append((client, client.cookies.output(header="")))
    observed: dict[tuple[str, str], list[str]] = {}
    headers: list[str] = []
    for name, pattern in routes():
        url = address(name, pattern, world.ids)
        for method in ["GET", "POST", *sorted(extra_methods.get(name, set()) - {"GET", "POST"})]:
            row = []
            for client, cookies in clients:
                client.cookies = SimpleCookie(cookies)  # signed in again, should the last request have signed out
                response = ask_and_undo(client, method, url, api=name.startswith("api:"))
                row.append(outcome(response))
                headers += [f"{method} {url}: {p}" for p in header_problems(response)]
            observed[(method, name)] = row

    # The walk itself changed nothing: the approval it tried to decide many times is still open.
    from intranet.approvals.models import ApprovalStep

    assert ApprovalStep.objects.get(pk=world.ids["step"]).state == "open"

    def line(key, codes) -> str:
        return f"{key[0]:<6} {key[1]:<48} " + "  ".join(f"{c:<3}" for c in codes)

    if os.environ.get("ACCESS_MATRIX_OUT"):  # to draft rows for new addresses; review each before pasting
        Path(os.environ["ACCESS_MATRIX_OUT"]).write_text("\n".join(line(k, c) for k, c in observed.items()) + "\n")
    differences = [f"expected {line(key, expected.get(key, ['?'] * len(COLUMNS)))}\n   found {line(key, codes)}"
                   for key, codes in observed.items() if expected.get(key) != codes]
    stale = [f"{m} {n}" for (m, n) in expected if (m, n) not in observed]
    header = f"{'':<6} {'':<48} " + "  ".join(f"{c:<3}" for c in COLUMNS)
    assert not differences, f"{len(differences)} rows differ:\n{header}\n" + "\n".join(differences)
    assert not stale, f"rows for addresses that no longer exist: {stale}"
    assert not headers, "\n".join(headers)


@pytest.mark.django_db
def test_no_address_takes_a_post_from_a_session_without_the_csrf_token(world) -> None:
    """The matrix's client skips CSRF checks; this one does not. Signed in by session (as a browser
    is), a POST without the token is refused everywhere, pages and API alike (DRF checks it for
    sessions; API tokens need none, since no browser sends them by itself)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.cast.ada)
    accepted = []
    for name, pattern in routes():
        url = address(name, pattern, world.ids)
        response = ask_and_undo(client, "POST", url, api=name.startswith("api:"))
        # Refused for the token, not for another reason: DRF says so, pages show the CSRF page.
        # (The API docs are a DRF view: its CSRF refusal is a PermissionDenied, shown as the 403 page.)
        refused = response.status_code == 403 and (
            name == "api_docs" or any(t.name == "errors/csrf.html" for t in response.templates)
            if response["Content-Type"].startswith("text/html") else b"CSRF Failed" in response.content)
        if not refused:
            accepted.append(f"{name} ({url}): {response.status_code}")
    assert not accepted, "POSTs taken without a CSRF token:\n" + "\n".join(accepted)
