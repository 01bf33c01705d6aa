#!/bin/sh
# e2e: `klab up` the 4-host lab (LB + 3 masters, small resources) on a real private
# libvirtd, killed with -9 at three points — during storage, during create, during the
# SSH wait — each re-run getting past where the last was killed, and the last re-run
# converging; then `klab status`, and through
# libvirt and SSH: 4 running domains; each disk a qcow2 overlay of the base image
# holding < 100 MB after boot; planned hostname, FQDN and address; every host resolves
# every other by name (dnsmasq). Then what a killed scenario leaves: a paused host and a
# link set down come back with `up`, which also sets the clocks with nothing to start;
# `up` with the lab directory lost exits 2 at once; `down` at a wrong URI keeps the lab
# directory. Finally `klab down` leaves no klab-owned object and no lab directory.
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

log "after a kill: a paused host and a link left down come back, clocks set with nothing to start"
virsh_in_lab suspend "klab-$LAB-kube-master2" >/dev/null
nic=$(virsh_in_lab domiflist "klab-$LAB-kube-master3" | awk 'NR == 1 {print $1}')
virsh_in_lab domif-setlink "klab-$LAB-kube-master3" "$nic" down >/dev/null
klab_in_lab --output json up -f "$topo" > "$KLAB_STATE_DIR/up-again.json" || fail "klab up after the faults failed"
python3 - "$KLAB_STATE_DIR/up-again.json" <<'PY' || fail "klab up report: $(cat "$KLAB_STATE_DIR/up-again.json")"
import json, sys
r = json.load(open(sys.argv[1]))
hosts = {h["host"]: h for h in r["hosts"]}
assert not any(h["started"] for h in hosts.values()), hosts
assert hosts["kube-master2"]["resumed"], hosts
assert r["clock_sync"]["ok"] and r["clock_sync"]["max_abs_skew_ms"] is not None, r
PY
[ "$(virsh_in_lab domstate "klab-$LAB-kube-master2")" = running ] || fail "kube-master2 is still paused"
virsh_in_lab domif-getlink "klab-$LAB-kube-master3" "$nic" | grep -q " up" || fail "kube-master3's link is still down"
lab_ssh "$LAB" "$NET.153" true || fail "kube-master3 unreachable after up set its link up"

log "klab up with the lab directory lost: exits 2 at once and says how to recreate the lab"
mv "$KLAB_STATE_DIR/$LAB" "$KLAB_STATE_DIR/$LAB.saved"
start=$(date +%s)
set +e; klab_in_lab up -f "$topo" > "$KLAB_STATE_DIR/up-lost.log" 2>&1; rc=$?; set -e
took=$(( $(date +%s) - start ))
rm -rf "${KLAB_STATE_DIR:?}/$LAB"
mv "$KLAB_STATE_DIR/$LAB.saved" "$KLAB_STATE_DIR/$LAB"
[ "$rc" -eq 2 ] || fail "up with new keys exited $rc: $(cat "$KLAB_STATE_DIR/up-lost.log")"
grep -q "running with a lab SSH key this lab directory does not have" "$KLAB_STATE_DIR/up-lost.log" \
  && grep -q "Recreate the lab: .klab -f $topo down., then .klab -f $topo up." "$KLAB_STATE_DIR/up-lost.log" \
  || fail "up with new keys: $(cat "$KLAB_STATE_DIR/up-lost.log")"
[ "$took" -lt 60 ] || fail "up with new keys took $took s to say so"

log "klab down at a wrong URI finds nothing and keeps the lab directory"
sed 's|qemu:///system|test:///default|' "$topo" > "$KLAB_STATE_DIR/wrong-uri.yaml"
"$KLAB" down -f "$KLAB_STATE_DIR/wrong-uri.yaml" > "$KLAB_STATE_DIR/down-wrong.log" || fail "down at a wrong URI failed"
grep -q "nothing to remove at URI test:///default for lab $LAB; the lab directory $KLAB_STATE_DIR/$LAB is kept" \
  "$KLAB_STATE_DIR/down-wrong.log" || fail "down at a wrong URI: $(cat "$KLAB_STATE_DIR/down-wrong.log")"
[ -f "$KLAB_STATE_DIR/$LAB/ssh/id_ed25519" ] || fail "down at a wrong URI removed the lab key"
lab_ssh "$LAB" "$NET.150" true || fail "kube-master unreachable after a down at a wrong URI"

log "klab down"
klab_in_lab down -f "$topo"
left=$( { virsh_in_lab list --all --name; virsh_in_lab net-list --all --name; virsh_in_lab pool-list --all --name; } \
        | grep -c "klab-$LAB" || true)
[ "$left" -eq 0 ] || fail "$left klab-$LAB objects left after down"
[ ! -e "$pool_dir" ] || fail "$pool_dir left after down"
[ ! -e "$KLAB_STATE_DIR/$LAB" ] || fail "lab directory left after down: $(ls -A "$KLAB_STATE_DIR/$LAB")"
log "PASS"
