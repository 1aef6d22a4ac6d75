"""No form answers 500 to a mistake: every form on every page each role may open, sent with malformed values.

The pages come from the URL resolver through the authorization matrix's table (each GET a role is allowed,
as the accessibility crawl takes them), the forms from the pages themselves: every <form>, its action, its
method and the names of its fields, hidden ones included (a tampered id is a mistake too). Each form is
sent once with every field set to one malformed value, and once per field with only that field malformed
(the rest as the page filled them in). Never a 5xx. A malformed value in a field that has a type (date,
time, number, e-mail, a choice; empty where the field is required) must be refused: a 4xx, or the page again
with a form error or an error message. A refused submission saves nothing: the rows of every table are
counted before and after each request, inside a transaction that is then rolled back so every request meets
the same world. Free text and hidden fields may take any value (a comment may contain "<b>"); forms sent by
GET (searches, filters) must only never fail.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

import pytest
from django.apps import apps
from django.contrib import messages
from django.db import connection, transaction
from django.test import Client

from tests.e2e.test_accessibility_crawl import NOT_PAGES
from tests.intranet.test_access_matrix import COLUMNS, EXPECTED_TABLE, Undo, address, parse, routes

MALFORMED = {
    "impossible date": "2026-02-30",
    "10^30": "1" + "0" * 30,
    "superscript two": "²",
    "10,000 characters": "x" * 10_000,
    "empty": "",
    "NUL": "a\x00b",
    "HTML": '<script>alert("x")</script><b>',
}
# Per field, the values most likely to slip past a form into arithmetic or a query.
PER_FIELD = ("10^30", "superscript two", "impossible date")

TYPED = {"date", "time", "datetime-local", "number", "email", "select"}
SIGN_OUT = "/accounts/logout/"  # would end the walk's session


class Forms(HTMLParser):
    """The forms of a page: action, method, fields (name -> the value the page filled in) and which of
    them are typed (name -> required)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                               "fields": {}, "typed": {}})
        elif self.forms and tag in ("input", "select", "textarea") and a.get("name"):
            fields = self.forms[-1]["fields"]
            kind = a.get("type", "text")
            if kind in ("submit", "button", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                fields.setdefault(a["name"], None)
                return
            fields[a["name"]] = a.get("value", "")
            if ("select" if tag == "select" else kind) in TYPED:
                self.forms[-1]["typed"][a["name"]] = "required" in a
            self._select = a["name"] if tag == "select" else None
        elif tag == "option" and self._select and ("selected" in a or self.forms[-1]["fields"][self._select] == ""):
            self.forms[-1]["fields"][self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def row_counts() -> dict[str, int]:
    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    tables = [t for t in tables if t not in ("django_session", "axes_accessattempt", "axes_accesslog")]
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {connection.ops.quote_name(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def must_refuse(form: dict, values: dict) -> bool:
    """Whether the values put something malformed into a typed field (a date, a number, a choice)."""
    return any(values.get(name) not in (None, "") or (required and values.get(name) == "")
               for name, required in form["typed"].items() if values.get(name) != form["fields"][name])


def tells_what_was_wrong(response) -> bool:
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    if any(m.level in (messages.ERROR, messages.WARNING) for m in queued):
        return True
    contexts = response.context if isinstance(response.context, list) else [response.context]
    values = [v for c in contexts if c is not None for d in c.dicts for v in d.values()]
    return any(getattr(v, "errors", None) for v in values if getattr(v, "is_bound", False)) or any(
        v for c in contexts if c is not None for d in c.dicts for k, v in d.items() if k in ("problems", "error"))


def send(client: Client, form: dict, page_url: str, values: dict):
    url = urljoin(page_url, form["action"]) or page_url
    data = {k: v for k, v in values.items() if v is not None}
    if form["method"] == "post":
        return client.post(url, data)
    return client.get(url.split("?")[0] + "?" + urlencode(data))


def forms_of(client: Client, world, role: str) -> list[tuple[str, dict]]:
    allowed = parse(EXPECTED_TABLE)
    found = []
    for name, pattern in routes():
        if (allowed[("GET", name)][COLUMNS.index(role)] != "O" or name.startswith("api:") or name in NOT_PAGES
                or name == "api_docs"):
            continue
        url = address(name, pattern, world.ids)
        response = client.get(url, follow=True)
        if response.status_code != 200 or response.streaming:
            continue
        parser = Forms()
        parser.feed(response.content.decode())
        page_url = response.redirect_chain[-1][0] if response.redirect_chain else url
        found += [(page_url, form) for form in parser.forms
                  if not urljoin(page_url, form["action"]).endswith(SIGN_OUT)]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["emp", "sup", "hr", "adm", "flt", "fac"])
def test_no_form_answers_a_mistake_with_a_server_error_or_saves_it(world, role: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.people()[role])
    forms = forms_of(client, world, role)
    assert len(forms) >= 3, f"{role}: only {len(forms)} forms found"
    problems: list[str] = []
    for page_url, form in forms:
        fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
        tries = [(label, dict.fromkeys(fields, value)) for label, value in MALFORMED.items()]
        tries += [(f"{field}={label}", {**fields, field: MALFORMED[label]})
                  for field in fields for label in PER_FIELD]
        for label, values in tries:
            before = row_counts()
            try:
                with transaction.atomic():
                    response = send(client, form, page_url, values)
                    after = row_counts()
                    raise Undo
            except Undo:
                pass
            where = f"{role} {form['method'].upper()} {form['action'] or page_url} ({label})"
            refused = response.status_code >= 400 or tells_what_was_wrong(response)
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
            elif form["method"] != "post":
                continue
            elif refused and changed:
                problems.append(f"{where}: refused, yet saved {changed}")
            elif not refused and must_refuse(form, values):
                problems.append(f"{where}: taken ({response.status_code}), saved {changed or 'nothing'}")
        client.force_login(world.people()[role])  # a form may have signed the person out or switched language
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])
