"""vCard 3.0 (RFC 2426) for people: plain Python, no ORM.

Values are escaped (backslash, comma, semicolon, newline), lines end in CRLF and are folded at
75 octets without splitting a UTF-8 character; the photo is embedded as base64.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    uid: str
    first_name: str
    last_name: str
    organisation: str
    unit: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    room: str = ""
    photo_jpeg: bytes | None = None


def escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line into CRLF + space continuations of at most `limit` octets."""
    encoded = line.encode("utf-8")
    if len(encoded) <= limit:
        return line
    parts: list[str]
    current: list[str]
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their length.
        if size + width > (limit if not parts else limit - 1):
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def card_lines(card: Card) -> list[str]:
    full_name = f"{card.first_name} {card.last_name}".strip()
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:{escape(card.uid)}",
        f"N:{escape(card.last_name)};{escape(card.first_name)};;;",
        f"FN:{escape(full_name)}",
        f"ORG:{escape(card.organisation)}" + (f";{escape(card.unit)}" if card.unit else ""),
    ]
    if card.title:
        lines.append(f"TITLE:{escape(card.title)}")
    if card.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(card.email)}")
    if card.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(card.phone)}")
    if card.mobile:
        lines.append(f"TEL;TYPE=CELL:{escape(card.mobile)}")
    if card.room:
        # Some directories keep "Raum 1.01", others "1.01": never "Raum Raum 1.01".
        room = card.room if card.room.lower().startswith("raum ") else f"Raum {card.room}"
        lines.append(f"NOTE:{escape(room)}")
    if card.photo_jpeg:
        lines.append(f"PHOTO;ENCODING=b;TYPE=JPEG:{base64.b64encode(card.photo_jpeg).decode('ascii')}")
    lines.append("END:VCARD")
    return lines


def vcards(cards: Iterable[Card]) -> str:
    """One or more cards as a vCard file (text/vcard; charset=utf-8)."""
    return "".join(fold(line) + "\r\n" for card in cards for line in card_lines(card))
