"""Folding text for the address-book search, so that German spellings find each other."""

from __future__ import annotations

import unicodedata

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Both spellings of each word: Müller -> "mueller muller", Straße -> "strasse", Mueller -> "mueller".

    A query folded with fold_query() then matches either way: Müller finds Mueller and Muller.
    """
    lowered = text.lower()
    expanded = _strip_accents(lowered.translate(_UMLAUTS))
    plain = _strip_accents(lowered.replace("ß", "ss"))
    return expanded if expanded == plain else f"{expanded} {plain}"


def person_search_text(person, unit) -> str:
    """The folded text the address book searches for a person: names, user name, title, room, phone,
    mobile, tasks, and the name and code of their unit (None: no unit). Takes anything with the User's
    fields, so the data migrations that refill the column pass their historical rows."""
    parts = [person.first_name, person.last_name, person.username, person.title, person.local_room or person.room,
             person.phone, person.local_mobile or person.mobile, person.about]
    if unit is not None:
        parts += [unit.name, unit.code]
    return fold(" ".join(parts))


def fold_query(text: str) -> list[str]:
    """The query's words, folded the umlaut-expanding way (what fold() always contains)."""
    return [_strip_accents(word.translate(_UMLAUTS)) for word in text.lower().split()]
