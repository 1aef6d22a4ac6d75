#!/usr/bin/env bash
# Install the system parts the tests need (slapd, ldap-utils, chromium, LibreOffice Calc) where we can.
# Where we cannot, the tests that need them are skipped with a loud line (or fail with CI=true).
set -u
missing=()
[ -x /usr/sbin/slapd ] || missing+=(slapd)
command -v ldapadd >/dev/null 2>&1 || missing+=(ldap-utils)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)  # exports read back by LibreOffice
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
