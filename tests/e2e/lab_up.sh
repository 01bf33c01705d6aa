#!/bin/sh
# e2e: `klab up` the 4-host lab (LB + 3 masters, small resources) on a real private
# libvirtd, killed with -9 at three points — during storage, during create, during the
# SSH wait — each re-run getting past where the last was killed, and the last re-run
# converging; then `klab status`, and through
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

# Each re-run must get past the point where the previous run was killed.
n=0
for point in '• storage' '\[kube-master1\] domain' '• wait for ssh'; do
  n=$((n + 1))
  log "klab up #$n, killed with -9 at '$point'"
  kill_klab_at 600 "$point" "$KLAB_STATE_DIR/up-killed-$n.log" "klab up -f $topo" klab_in_lab up -f "$topo"
done

log "klab up again: must converge"
start=$(date +%s)
klab_in_lab up -f "$topo" > "$KLAB_STATE_DIR/up-final.log" 2>&1 || { cat "$KLAB_STATE_DIR/up-final.log"; fail "klab up did not converge after being killed"; }
grep -q "clock" "$KLAB_STATE_DIR/up-final.log" || { cat "$KLAB_STATE_DIR/up-final.log"; fail "the converging up did not sync the guest clocks"; }
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
