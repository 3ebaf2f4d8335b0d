#!/bin/sh
# apt-install.sh PKG...: installs the Debian packages that are not installed yet (apt-get update
# first, only when something is missing). Used by setup.sh.
set -eu
missing=""
for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"; done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # word splitting of the package list is wanted
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
