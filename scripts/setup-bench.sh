#!/bin/sh
# Optional: what `npm run bench` needs beyond scripts/setup.sh (the test setup does not need it).
# ansible-core is the contender krun is measured against; `time` (GNU) measures each run's CPU and peak RSS.
set -eu
PKGS="ansible-core time"
missing=""
for p in $PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"; done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
ansible-playbook --version | head -1
