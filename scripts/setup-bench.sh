#!/bin/sh
# Optional: what `npm run bench` needs beyond scripts/setup.sh (the test setup does not need it).
# ansible-core is the contender krun is measured against; `time` (GNU) measures each run's CPU and peak RSS.
set -eu
cd "$(dirname "$0")/.."
scripts/apt-install.sh ansible-core time
ansible-playbook --version | head -1
