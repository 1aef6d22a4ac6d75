"""The demo city administration that seed_demo builds: plain data, the same every time, and its seed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from directory.models import Employment, OrgUnit, User
from intranet.core.roles import GROUP_ROLES, Role

DEMO_PASSWORD = "demo"

# (code, name, kind, parent code)
UNITS: list[tuple[str, str, str, str | None]] = [
    ("D1", "Dezernat I – Oberbürgermeister", "dezernat", None),
    ("D1-ST", "Stabsstelle Recht und Datenschutz", "stabsstelle", "D1"),
    ("FB1", "Fachbereich Zentrale Dienste", "fachbereich", "D1"),
    ("SG1.1", "Sachgebiet Personal", "sachgebiet", "FB1"),
    ("SG1.2", "Sachgebiet Organisation und IT", "sachgebiet", "FB1"),
    ("SG1.3", "Sachgebiet Zentraler Service und Fuhrpark", "sachgebiet", "FB1"),
    ("D2", "Dezernat II – Bürgermeisterin", "dezernat", None),
    ("FB2", "Fachbereich Finanzen", "fachbereich", "D2"),
    ("SG2.1", "Sachgebiet Kämmerei", "sachgebiet", "FB2"),
    ("SG2.2", "Sachgebiet Steuern und Abgaben", "sachgebiet", "FB2"),
    ("FB3", "Fachbereich Bürgerservice und Ordnung", "fachbereich", "D2"),
    ("SG3.1", "Sachgebiet Bürgerbüro", "sachgebiet", "FB3"),
    ("SG3.2", "Sachgebiet Standesamt", "sachgebiet", "FB3"),
    ("D3", "Dezernat III – Bauen und Soziales", "dezernat", None),
    ("FB4", "Fachbereich Planen und Bauen", "fachbereich", "D3"),
    ("SG4.1", "Sachgebiet Stadtplanung", "sachgebiet", "FB4"),
    ("SG4.2", "Sachgebiet Gebäudemanagement", "sachgebiet", "FB4"),
    ("FB5", "Fachbereich Soziales, Jugend und Senioren", "fachbereich", "D3"),
    ("SG5.1", "Sachgebiet Kindertagesstätten", "sachgebiet", "FB5"),
]

# (username, first, last, unit code, status group, weekly hours, weekdays, roles)
PEOPLE: list[tuple[str, str, str, str, str, str, str, tuple[str, ...]]] = [
    ("klaus.neumann", "Klaus", "Neumann", "D1", "beamte", "41", "12345", ()),
    ("julia.brandt", "Julia", "Brandt", "D1-ST", "tarif", "39", "12345", ()),
    ("stefan.krause", "Stefan", "Krause", "D1-ST", "beamte", "41", "12345", ()),
    ("michael.schulz", "Michael", "Schulz", "FB1", "beamte", "41", "12345", ()),
    ("petra.hoffmann", "Petra", "Hoffmann", "SG1.1", "tarif", "39", "12345", ("hr",)),
    ("claudia.richter", "Claudia", "Richter", "SG1.1", "tarif", "30", "1234", ("hr",)),
    ("nina.lange", "Nina", "Lange", "SG1.1", "tarif", "39", "12345", ("hr",)),
    ("markus.klein", "Markus", "Klein", "SG1.2", "tarif", "39", "12345", ("admin",)),
    ("tobias.wolf", "Tobias", "Wolf", "SG1.2", "tarif", "39", "12345", ()),
    ("lena.schaefer", "Lena", "Schäfer", "SG1.2", "azubi", "39", "12345", ()),
    ("jens.wagner", "Jens", "Wagner", "SG1.3", "tarif", "39", "12345", ("fleet",)),
    ("monika.zimmermann", "Monika", "Zimmermann", "SG1.3", "tarif", "19.5", "135", ()),
    ("andrea.vogel", "Andrea", "Vogel", "D2", "beamte", "41", "12345", ()),
    ("frank.becker", "Frank", "Becker", "FB2", "beamte", "41", "12345", ()),
    ("sandra.meyer", "Sandra", "Meyer", "SG2.1", "tarif", "39", "12345", ()),
    ("uwe.hartmann", "Uwe", "Hartmann", "SG2.1", "tarif", "39", "12345", ()),
    ("birgit.kaiser", "Birgit", "Kaiser", "SG2.1", "tarif", "25", "1234", ()),
    ("oliver.fuchs", "Oliver", "Fuchs", "SG2.2", "beamte", "41", "12345", ()),
    ("katrin.peters", "Katrin", "Peters", "SG2.2", "tarif", "39", "12345", ()),
    ("ralf.scholz", "Ralf", "Scholz", "SG2.2", "tarif", "39", "12345", ()),
    ("gabriele.koenig", "Gabriele", "König", "FB3", "beamte", "41", "12345", ()),
    ("thomas.weber", "Thomas", "Weber", "SG3.1", "tarif", "39", "12345", ()),
    ("anna.schmidt", "Anna", "Schmidt", "SG3.1", "tarif", "39", "12345", ()),
    ("mehmet.yilmaz", "Mehmet", "Yılmaz", "SG3.1", "tarif", "39", "12345", ()),
    ("sophie.lehmann", "Sophie", "Lehmann", "SG3.1", "tarif", "30", "1234", ()),
    ("daniel.braun", "Daniel", "Braun", "SG3.1", "azubi", "39", "12345", ()),
    ("ursula.krueger", "Ursula", "Krüger", "SG3.2", "beamte", "41", "12345", ()),
    ("martin.schroeder", "Martin", "Schröder", "SG3.2", "tarif", "39", "12345", ()),
    ("ingrid.walter", "Ingrid", "Walter", "D3", "beamte", "41", "12345", ()),
    ("peter.schmitt", "Peter", "Schmitt", "FB4", "beamte", "41", "12345", ()),
    ("christina.berger", "Christina", "Berger", "SG4.1", "tarif", "39", "12345", ()),
    ("lukas.frank", "Lukas", "Frank", "SG4.1", "tarif", "39", "12345", ()),
    ("sabine.koch", "Sabine", "Koch", "SG4.2", "tarif", "39", "12345", ("facility",)),
    ("wolfgang.roth", "Wolfgang", "Roth", "SG4.2", "tarif", "39", "12345", ()),
    ("aylin.demir", "Aylin", "Demir", "SG4.2", "tarif", "39", "12345", ()),
    ("heike.baumann", "Heike", "Baumann", "FB5", "beamte", "41", "12345", ()),
    ("jan.schwarz", "Jan", "Schwarz", "FB5", "tarif", "39", "12345", ()),
    ("maria.graf", "Maria", "Graf", "SG5.1", "tarif", "39", "12345", ()),
    ("elena.weiss", "Elena", "Weiß", "SG5.1", "tarif", "32", "12345", ()),
    ("hans.jung", "Hans", "Jung", "SG5.1", "tarif", "39", "12345", ()),
    ("laura.huber", "Laura", "Huber", "SG5.1", "tarif", "20", "345", ()),
    ("paul.ziegler", "Paul", "Ziegler", "SG5.1", "azubi", "39", "12345", ()),
]

# unit code -> (head, deputy). SG2.2 has no head on purpose: its staff report to the head of FB2.
LEADERSHIP: dict[str, tuple[str | None, str | None]] = {
    "D1": ("klaus.neumann", None),
    "D1-ST": ("julia.brandt", "stefan.krause"),
    "FB1": ("michael.schulz", "petra.hoffmann"),
    "SG1.1": ("petra.hoffmann", "claudia.richter"),
    "SG1.2": ("markus.klein", "tobias.wolf"),
    "SG1.3": ("jens.wagner", None),
    "D2": ("andrea.vogel", None),
    "FB2": ("frank.becker", "sandra.meyer"),
    "SG2.1": ("sandra.meyer", "uwe.hartmann"),
    "SG2.2": (None, None),
    "FB3": ("gabriele.koenig", "thomas.weber"),
    "SG3.1": ("thomas.weber", "mehmet.yilmaz"),
    "SG3.2": ("ursula.krueger", "martin.schroeder"),
    "D3": ("ingrid.walter", None),
    "FB4": ("peter.schmitt", "christina.berger"),
    "SG4.1": ("christina.berger", None),
    "SG4.2": ("sabine.koch", "wolfgang.roth"),
    "FB5": ("heike.baumann", "jan.schwarz"),
    "SG5.1": ("maria.graf", "elena.weiss"),
}

EMPLOYMENT_START = date(2024, 1, 1)

# The accounts the README and `make run` print: (role described, username)
DEMO_ACCOUNTS: list[tuple[Role, str]] = [
    (Role.EMPLOYEE, "anna.schmidt"),
    (Role.SUPERVISOR, "thomas.weber"),
    (Role.HR, "petra.hoffmann"),
    (Role.ADMIN, "markus.klein"),
]

# Pending and decided general requests: (requester, subject, text, decided by, approve?)
GENERAL_REQUESTS: list[tuple[str, str, str, str | None, bool]] = [
    ("anna.schmidt", "Mobile Arbeit dienstags", "Ich bitte darum, dienstags mobil arbeiten zu dürfen.", None, False),
    ("mehmet.yilmaz", "Reduzierung auf 35 Wochenstunden", "Ab dem 1. Januar möchte ich auf 35 Stunden reduzieren.",
     None, False),
    ("katrin.peters", "Teilnahme am Gesundheitstag", "Ich möchte am Gesundheitstag im März teilnehmen.", None, False),
    ("sophie.lehmann", "Tausch des Arbeitstags", "Im Dezember Donnerstag statt Mittwoch.", "thomas.weber", True),
]


@transaction.atomic
def demo_organisation_seed() -> dict[str, int]:
    """Create or update the demo organisation so that it matches the data above exactly.

    Idempotent: keyed on unit codes and user names, a second run changes nothing. Passwords are
    set only when an account is created, so a changed demo password survives a re-run.
    """
    units: dict[str, OrgUnit] = {}
    for code, name, kind, parent_code in UNITS:
        units[code], _ = OrgUnit.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "parent": units.get(parent_code) if parent_code else None},
        )

    role_groups = {g.name: g for g in Group.objects.filter(name__in=GROUP_ROLES)}
    people: dict[str, User] = {}
    created_count = 0
    for index, (username, first, last, unit, status, hours, weekdays, roles) in enumerate(PEOPLE, start=1):
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@stadt.example",
                "phone": f"06142 83-{1000 + index * 7}",
                "room": f"{1 + index % 3}.{100 + index:03d}",
                "org_unit": units[unit],
                "personnel_number": f"{10000 + index}",
                "status_group": status,
                "is_active": True,
                "is_staff": "admin" in roles,
                "is_superuser": "admin" in roles,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created_count += 1
        user.groups.set([role_groups[name] for name in roles])
        Employment.objects.update_or_create(
            user=user, valid_from=EMPLOYMENT_START,
            defaults={"weekly_hours": Decimal(hours), "working_weekdays": weekdays},
        )
        people[username] = user

    for code, (head, deputy) in LEADERSHIP.items():
        led = units[code]
        led.head = people[head] if head else None
        led.deputy = people[deputy] if deputy else None
        led.save(update_fields=["head", "deputy"])

    return {"units": len(units), "people": len(people), "created": created_count}
