#!/bin/sh
# e2e: `klab up` the 4-host lab (LB + 3 masters, small resources) on a real private
# libvirtd, killed with -9 mid-way and re-run (it must converge), then check through
# libvirt and SSH: 4 running domains; each disk a qcow2 overlay of the base image
# holding < 100 MB after boot; planned hostname, FQDN and address; every host resolves
# every other by name (dnsmasq); finally `klab down` leaves no klab-owned object.
. "$(dirname "$0")/lib.sh"
require_root
require_image
use_private_state
LAB=e2eup
NET=192.168.59
topo=$KLAB_STATE_DIR/klab.yaml
write_small_ha_topology "$topo" "$LAB" "$NET"
cleanup() { klab_in_lab down -f "$topo" >/dev/null 2>&1 || true; rm -rf "$KLAB_STATE_DIR"; }
trap cleanup EXIT

log "klab up, killed with -9 once the first domain is defined"
klab_in_lab up -f "$topo" > "$KLAB_STATE_DIR/up-killed.log" 2>&1 &
up_pid=$!
wait_until 300 "a domain of lab $LAB defined" \
  "virsh_in_lab list --all --name | grep -q '^klab-$LAB-'"
# lab-env run execs into `ip netns exec`, which execs klab: the pid is klab's.
pkill -9 -f "klab up -f $topo" || true
wait "$up_pid" 2>/dev/null || true

log "klab up again: must converge"
start=$(date +%s)
klab_in_lab up -f "$topo" || fail "klab up did not converge after being killed"
log "up converged in $(( $(date +%s) - start )) s"

running=$(virsh_in_lab list --name --state-running | grep -c "^klab-$LAB-" || true)
[ "$running" -eq 4 ] || fail "expected 4 running domains, found $running"

pool_dir=/var/lib/libvirt/images/klab-$LAB
base=$(virsh_in_lab vol-list "klab-$LAB" | awk '{print $2}' | grep -- "-base-debian-12.qcow2$")
[ -n "$base" ] || fail "no base volume in pool klab-$LAB"
i=0
for host in kube-master kube-master1 kube-master2 kube-master3; do
  ip="$NET.$((150 + i))"; i=$((i + 1))
  disk="$pool_dir/klab-$LAB-$host.qcow2"
  info=$(qemu-img info -U --output=json "$disk")
  echo "$info" | grep -q '"format": "qcow2"' || fail "$disk is not qcow2"
  echo "$info" | grep -q "\"backing-filename\": \"$base\"" || fail "$disk does not back onto $base: $info"
  used_kb=$(du -k "$disk" | cut -f1)
  [ "$used_kb" -lt 102400 ] || fail "$disk holds ${used_kb} KiB after boot (limit 100 MB)"
  log "$host: overlay on the base, ${used_kb} KiB"

  [ "$(lab_ssh "$LAB" "$ip" hostname)" = "$host" ] || fail "$host: wrong hostname"
  [ "$(lab_ssh "$LAB" "$ip" hostname -f)" = "$host.example.com" ] || fail "$host: wrong FQDN"
  lab_ssh "$LAB" "$ip" ip -4 -o addr show | grep -q "inet $ip/24" || fail "$host: address $ip missing"
  for other in kube-master kube-master1 kube-master2 kube-master3; do
    got=$(lab_ssh "$LAB" "$ip" dig +short "$other.example.com" "@$NET.1")
    [ -n "$got" ] || fail "$host: dnsmasq does not resolve $other.example.com"
    lab_ssh "$LAB" "$ip" getent hosts "$other" >/dev/null || fail "$host: cannot resolve $other"
  done
  log "$host: hostname, FQDN, address and name resolution as planned"
done

log "klab down"
klab_in_lab down -f "$topo"
left=$( { virsh_in_lab list --all --name; virsh_in_lab net-list --all --name; virsh_in_lab pool-list --all --name; } \
        | grep -c "klab-$LAB" || true)
[ "$left" -eq 0 ] || fail "$left klab-$LAB objects left after down"
[ ! -e "$pool_dir" ] || fail "$pool_dir left after down"
log "PASS"
