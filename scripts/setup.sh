#!/bin/sh
# Sets up a fresh Debian machine to build, test and run krun's lab: Debian packages, then
# the npm packages from the lockfile. Idempotent; safe to rerun.
set -eu
cd "$(dirname "$0")/.."
# sudo: light lab hosts share this machine's /usr, and the become tests run sudo there.
PKGS="debootstrap systemd-container iproute2 openssh-client openssh-server sudo openssl golang-cfssl etcd-client"
missing=""
for p in $PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"; done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
npm ci --no-audit --no-fund
