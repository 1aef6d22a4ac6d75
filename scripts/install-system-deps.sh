#!/usr/bin/env bash
# Install the system parts the tests need (slapd, ldap-utils, Samba AD DC, chromium, node with ical.js,
# LibreOffice Calc) where we can.
# Where we cannot, the tests that need them are skipped with a loud line (or fail with CI=true).
set -u
missing=()
[ -x /usr/sbin/slapd ] || missing+=(slapd)
command -v ldapadd >/dev/null 2>&1 || missing+=(ldap-utils)
# Samba as an AD domain controller: samba-tool needs the DSDB modules, the VFS modules (sysvol ACLs)
# and the AD schema files (samba-ad-provision); openssl makes the test CA.
[ -x /usr/sbin/samba ] || missing+=(samba)
dpkg -s samba-dsdb-modules >/dev/null 2>&1 || missing+=(samba-dsdb-modules)
dpkg -s samba-vfs-modules >/dev/null 2>&1 || missing+=(samba-vfs-modules)
[ -d /usr/share/samba/setup/ad-schema ] || missing+=(samba-ad-provision)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)  # exports read back by LibreOffice
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)  # the German catalogue is checked against its source

# Mozilla's ical.js (Thunderbird's parser) for the calendar tests, at the version in tests/js/package-lock.json.
install_icaljs() {
  local js
  js="$(dirname "$0")/../tests/js"
  [ -f "$js/node_modules/ical.js/package.json" ] && return 0
  command -v npm >/dev/null 2>&1 || return 0
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error) \
    || echo "!!! npm ci in tests/js failed; the calendar-client tests will try again (or be skipped)."
}
trap install_icaljs EXIT
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for the tests: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "!!! apt-get could not install ${missing[*]}; the tests that need them will be skipped."
else
  echo "!!! Not root (or no apt-get): cannot install ${missing[*]}."
  echo "!!! Run: sudo apt-get install ${missing[*]}   — until then the tests that need them are skipped."
fi
exit 0
