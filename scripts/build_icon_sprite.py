"""Builds one SVG sprite (a <symbol> per icon) from Tabler's outline icons and the names in icons.txt.

Usage: python3 build_icon_sprite.py ICON_DIR NAMES_FILE OUT_FILE. Each line of NAMES_FILE is `our-name tabler-name`
(or one name for both), so templates name what an icon means and the drawing can change in one place."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
PAINT = {"viewBox", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin"}


def main(icon_dir: str, names_file: str, out_file: str) -> None:
    sprite = ET.Element(f"{{{SVG}}}svg", {"aria-hidden": "true"})
    for line in Path(names_file).read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        ours, _, theirs = line.partition(" ")
        source = ET.parse(Path(icon_dir) / f"{(theirs.strip() or ours)}.svg").getroot()
        # The drawing's own paint (stroke="currentColor", no fill) goes with it, so the icon takes the text colour.
        paint = {key: value for key, value in source.attrib.items() if key in PAINT}
        symbol = ET.SubElement(sprite, f"{{{SVG}}}symbol", {"id": ours, **paint})
        for shape in source:
            if shape.get("stroke") == "none":  # Tabler's invisible 24 px frame
                continue
            shape.tail = None
            symbol.append(shape)
    ET.ElementTree(sprite).write(out_file, encoding="unicode")


if __name__ == "__main__":
    main(*sys.argv[1:4])
