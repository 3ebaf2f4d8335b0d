#!/bin/bash
# `npm run demo`: brings up the 7-host `ha` lab layout (3 masters = etcd, 2 lb, 2 workers) on
# this machine and applies playbooks/ha-cluster.yml to it. Linux and root only; the first run
# builds the lab's Debian base tree (about a minute). Everything it writes is under lab/NAME/
# (gitignored): the inventory, the certificates (pki/), and k8s-bin/ for Kubernetes binaries
# if you have them (they cannot be downloaded by this script).
set -eu
cd "$(dirname "$0")/.."
NAME=${KRUN_DEMO_LAB:-demo}
DIR=lab/$NAME
KRUN="node bin/krun.js"
[ "$(id -u)" = 0 ] || { echo "demo: the lab needs root (systemd-nspawn, network namespaces)" >&2; exit 1; }
[ -f dist/cli/main.js ] || npm run build

up=$($KRUN lab up "$NAME" --layout ha)
echo "$up"
lab_inventory=$(echo "$up" | awk '$1 == "inventory:" { print $2 }')
master1=$(awk '$1 == "master1" { sub("ansible_host=", "", $2); print $2 }' "$lab_inventory")
ssh_master1=$(echo "$up" | sed -n 's/^ *ssh: //p')

# The example's group_vars (linked: edit inventory/group_vars/all.yml and rerun) + the lab's values.
mkdir -p "$DIR/inventory/group_vars/all" "$DIR/k8s-bin"
cp "$lab_inventory" "$DIR/inventory/hosts.ini"
ln -sfn ../../../../../inventory/group_vars/all.yml "$DIR/inventory/group_vars/all/00-cluster.yml"
cat > "$DIR/inventory/group_vars/all/10-lab.yml" <<VARS
# The lab: a VIP in its subnet that no host uses; etcd from the distribution packages; no
# vm.*/fs.* or bridge sysctls and no modprobe (the hosts share this machine's kernel).
master_vip: ${master1%.*}.250
etcd_install_from: package
k8s_sysctl_kernel_keys: false
k8s_sysctl_bridge_keys: false
k8s_kernel_modules: false
pki_dir: $PWD/$DIR/pki
k8s_bin_dir: $PWD/$DIR/k8s-bin
VARS

$KRUN playbooks/ha-cluster.yml -i "$DIR/inventory"

cat <<NEXT

Applied. etcd (3 members, mutual TLS), haproxy and keepalived (VIP ${master1%.*}.250) run; the
Kubernetes units are installed and enabled but not started: their binaries are not in
$DIR/k8s-bin (unpack the release tarballs there and rerun to start them).

  npx krun playbooks/ha-cluster.yml -i $DIR/inventory                      # again: changed=0
  npx krun playbooks/ha-cluster.yml -i $DIR/inventory --check --diff -e service_cidr=10.96.0.0/16
  npx krun playbooks/ha-cluster.yml -i $DIR/inventory --tags etcd          # etcd only
  npx krun playbooks/ha-cluster.yml -i $DIR/inventory --list-tasks --tags lb
  $ssh_master1   # look around
  npx krun lab down $NAME                                                   # take the lab down
NEXT
