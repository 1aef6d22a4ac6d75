"""Generate a realistic test directory as LDIF: nested OUs (Dezernat > Fachbereich > Sachgebiet),
people with managers, role groups with nested membership, a disabled account. Deterministic."""

from __future__ import annotations

import base64
import itertools

SUFFIX = "dc=stadt,dc=example"
PEOPLE_BASE = f"ou=people,{SUFFIX}"
GROUP_BASE = f"ou=groups,{SUFFIX}"
PASSWORD = "Passwort-123"
# The intranet's read-only service account: unlike the rootdn, it is subject to the size limit.
SERVICE_DN = f"cn=intranet,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "Dienstkonto-456"
# A tiny valid JPEG (1x1 pixel), as a directory photo.
PHOTO = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwS"
    "ExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k="
)

FIRST = ["Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Katrin", "Lukas",
         "Mia", "Noah", "Olga", "Paul", "Rita", "Sven", "Tina", "Uwe"]
LAST = ["Schmidt", "Müller", "Meyer", "Schulz", "Becker", "Hoffmann", "Koch", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Weiß"]


def _entry(dn: str, **attrs: object) -> str:
    lines = [f"dn: {dn}"]
    for name, value in attrs.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bytes):
                lines.append(f"{name}:: {base64.b64encode(item).decode()}")
            elif any(ord(c) > 127 for c in str(item)):
                lines.append(f"{name}:: {base64.b64encode(str(item).encode()).decode()}")
            else:
                lines.append(f"{name}: {item}")
    return "\n".join(lines) + "\n"


def generate(dezernate: int = 3, fachbereiche: int = 3, sachgebiete: int = 3, staff: int = 10) -> str:
    """The LDIF text; with the defaults about 300 people in 39 OUs."""
    names = itertools.cycle(itertools.product(LAST, FIRST))
    counter = itertools.count(1)
    out = [
        _entry(SUFFIX, objectClass=["dcObject", "organization"], dc="stadt", o="Stadt Musterstadt"),
        _entry(PEOPLE_BASE, objectClass="organizationalUnit", ou="people"),
        _entry(GROUP_BASE, objectClass="organizationalUnit", ou="groups"),
        _entry(f"ou=services,{SUFFIX}", objectClass="organizationalUnit", ou="services"),
        _entry(SERVICE_DN, objectClass=["organizationalRole", "simpleSecurityObject"], cn="intranet",
               userPassword=SERVICE_PASSWORD),
    ]
    people: list[str] = []

    def person(uid: str, ou_dn: str, manager: str | None, first: str, last: str, title: str, **extra: object) -> str:
        n = next(counter)
        dn = f"uid={uid},{ou_dn}"
        attrs: dict[str, object] = {
            "objectClass": "inetOrgPerson", "uid": uid, "cn": f"{first} {last}", "givenName": first, "sn": last,
            "mail": f"{uid}@stadt.example", "telephoneNumber": f"06142 83-{1000 + n}", "roomNumber": f"{n % 4}.{n:03d}",
            "title": title, "employeeNumber": str(10000 + n), "userPassword": PASSWORD, **extra,
        }
        if manager:
            attrs["manager"] = manager
        out.append(_entry(dn, **attrs))
        people.append(dn)
        return dn

    def generic(ou_dn: str, manager: str | None, title: str) -> str:
        last, first = next(names)
        uid = f"p{len(people) + 1:04d}"
        return person(uid, ou_dn, manager, first, last, title)

    for d in range(1, dezernate + 1):
        d_dn = f"ou=D{d},{PEOPLE_BASE}"
        out.append(_entry(d_dn, objectClass="organizationalUnit", ou=f"D{d}", description=f"Dezernat {d}"))
        d_head = generic(d_dn, None, "Dezernent/in")
        for f in range(1, fachbereiche + 1):
            f_code = f"FB{d}{f}"
            f_dn = f"ou={f_code},{d_dn}"
            f_head_dn = f"uid=p{len(people) + 1:04d},{f_dn}"
            f_deputy_dn = f"uid=p{len(people) + 2:04d},{f_dn}"
            out.append(_entry(f_dn, objectClass="organizationalUnit", ou=f_code, description=f"Fachbereich {d}.{f}",
                              seeAlso=f_deputy_dn))
            generic(f_dn, d_head, "Fachbereichsleitung")
            generic(f_dn, f_head_dn, "Stellv. Fachbereichsleitung")
            for s in range(1, sachgebiete + 1):
                s_code = f"SG{d}{f}{s}"
                s_dn = f"ou={s_code},{f_dn}"
                out.append(_entry(s_dn, objectClass="organizationalUnit", ou=s_code,
                                  description=f"Sachgebiet {d}.{f}.{s}"))
                if (d, f, s) == (1, 1, 1):
                    head = person("thomas.weber", s_dn, f_head_dn, "Thomas", "Weber", "Sachgebietsleitung",
                                  jpegPhoto=PHOTO, mobile="0170 1234567")
                    person("anna.schmidt", s_dn, head, "Anna", "Schmidt", "Sachbearbeiterin")
                    person("juergen.mueller", s_dn, head, "Jürgen", "Müller", "Sachbearbeiter")
                    person("dieter.gesperrt", s_dn, head, "Dieter", "Gesperrt", "Sachbearbeiter",
                           employeeType="disabled")
                    person("petra.hoffmann", s_dn, head, "Petra", "Hoffmann", "Personalsachbearbeiterin")
                    person("markus.klein", s_dn, head, "Markus", "Klein", "IT-Administration")
                else:
                    head = generic(s_dn, f_head_dn, "Sachgebietsleitung")
                for _ in range(staff - 1):
                    generic(s_dn, head, "Sachbearbeitung")

    def group(cn: str, members: list[str]) -> None:
        out.append(_entry(f"cn={cn},{GROUP_BASE}", objectClass="groupOfNames", cn=cn, member=members))

    hr_team = f"cn=personal-team,{GROUP_BASE}"
    group("personal-team", [f"uid=petra.hoffmann,ou=SG111,ou=FB11,ou=D1,{PEOPLE_BASE}"])
    group("personal", [hr_team])  # nested: Petra is HR through personal-team
    group("it-admins", [f"uid=markus.klein,ou=SG111,ou=FB11,ou=D1,{PEOPLE_BASE}"])
    group("fuhrpark", [people[1]])
    group("intranet-users", people)
    return "\n".join(out)


ROLE_GROUPS = {
    "hr": f"cn=personal,{GROUP_BASE}",
    "admin": f"cn=it-admins,{GROUP_BASE}",
    "fleet": f"cn=fuhrpark,{GROUP_BASE}",
}
