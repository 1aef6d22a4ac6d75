#!/usr/bin/env bash
# Refreshes the vendored front-end parts in static/vendor/ from the npm registry:
#   KERN (@kern-ux/native, EUPL-1.2): the CSS and the Fira Sans weights the intranet uses;
#   Tabler Icons (@tabler/icons, MIT): the icons listed in static/icons/icons.txt, as one SVG sprite.
# They are committed, so `make run` needs neither npm nor the network. To update, change a version
# below (or an icon name in icons.txt), run `bash scripts/vendor-frontend.sh`, look at the pages and commit.
set -euo pipefail
KERN_VERSION=2.7.2
TABLER_VERSION=3.52.0
FONT_WEIGHTS=(Regular Italic SemiBold Bold)

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@kern-ux/native@$KERN_VERSION" "@tabler/icons@$TABLER_VERSION" >/dev/null
mkdir kern tabler
tar xzf kern-ux-native-$KERN_VERSION.tgz -C kern --strip-components=1
tar xzf tabler-icons-$TABLER_VERSION.tgz -C tabler --strip-components=1

kern="$root/static/vendor/kern"
rm -rf "$kern" && mkdir -p "$kern/fonts"
cp kern/dist/kern.min.css kern/LICENSE.md "$kern/"
for weight in "${FONT_WEIGHTS[@]}"; do cp "kern/dist/fonts/fira-sans/FiraSans-$weight.woff2" "$kern/fonts/"; done
# Only the weights copied above; the browser synthesises nothing else because nothing else is used.
python3 - "$kern/fonts/fira-sans.css" "${FONT_WEIGHTS[@]}" <<'PY'
import sys
faces = {"Regular": (400, "normal"), "Italic": (400, "italic"), "SemiBold": (600, "normal"), "Bold": (700, "normal")}
with open(sys.argv[1], "w") as out:
    for name in sys.argv[2:]:
        weight, style = faces[name]
        out.write(f'@font-face {{ font-family: "Fira Sans"; src: url("FiraSans-{name}.woff2") format("woff2");'
                  f' font-weight: {weight}; font-style: {style}; font-display: swap; }}\n')
PY
echo "@kern-ux/native $KERN_VERSION (EUPL-1.2), https://www.npmjs.com/package/@kern-ux/native" > "$kern/VERSION"

icons="$root/static/vendor/tabler"
rm -rf "$icons" && mkdir -p "$icons"
cp tabler/LICENSE "$icons/"
python3 "$root/scripts/build_icon_sprite.py" tabler/icons/outline "$root/static/icons/icons.txt" "$icons/sprite.svg"
echo "@tabler/icons $TABLER_VERSION (MIT), https://tabler.io/icons" > "$icons/VERSION"
echo "KERN $KERN_VERSION and Tabler Icons $TABLER_VERSION vendored into static/vendor/."
