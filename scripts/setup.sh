#!/bin/sh
# Sets up a fresh Debian machine to build, test and run krun's lab: Debian packages, then
# the npm packages from the lockfile. Idempotent; safe to rerun.
set -eu
cd "$(dirname "$0")/.."
# sudo: light lab hosts share this machine's /usr, and the become tests run sudo there.
# rpm (rpmbuild) and createrepo-c: the dnf lab test builds its RPM repository here.
# ansible-core and time (GNU): the bench's contender and its CPU/RSS meter (npm run bench,
# and the test that runs the bench small).
PKGS="debootstrap systemd-container iproute2 openssh-client openssh-server sudo openssl golang-cfssl etcd-client rpm createrepo-c ansible-core time"
# shellcheck disable=SC2086 # one word per package
scripts/apt-install.sh $PKGS
# npm install, not npm ci: this npm (11.x) writes locks without the optional per-platform
# entries (rollup, esbuild) and then its own `npm ci` refuses them; install still pins the
# locked versions and leaves package-lock.json unchanged.
npm install --no-audit --no-fund
