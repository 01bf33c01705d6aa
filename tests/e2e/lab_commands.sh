#!/bin/sh
# e2e: the lab commands around `klab up` on a real 1-host lab inside scripts/lab-env:
# ssh (exit status, streams, FQDN, unknown host), ssh-config with real OpenSSH (and the
# pinning really pins), console and console --follow (ended by a signal), logs export,
# snapshot save/restore (timed; the guest clock resynced after aging the snapshot),
# list and rm, gc listing; finally `klab down` leaves no klab-lcmd object. Beside it a
# second lab (twin: its own name and subnet) comes up at the same time; gc under another
# state root offers neither; `down` of twin leaves lcmd running and reachable; a crashed
# twin (domain off, lab directory lost) is removed by `gc --yes`, which leaves lcmd alone.
# Exit 77 (SKIPPED) when not root, no image in the cache, or no lab-env.
set -eu

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
say() { echo "--- $*"; }

src=${KLAB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
KLAB=${KLAB:-$src/build/klab}
labenv=$src/scripts/lab-env
[ "$(id -u)" = 0 ] || skip "needs root (private libvirtd via scripts/lab-env)"
[ -x "$KLAB" ] || skip "no klab binary at $KLAB (build it, or set KLAB)"
[ -x "$labenv" ] || skip "no $labenv"
for c in ssh snapshot gc console logs ssh-config; do
  "$KLAB" $c --help >/dev/null 2>&1 || skip "this klab has no '$c' command yet"
done
for tool in python3 virsh ssh; do command -v $tool >/dev/null || skip "$tool is missing (scripts/install-deps)"; done
cache=${KLAB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/klab}
[ -f "$cache/images/debian-12/manifest.json" ] || skip "no debian-12 image in $cache (klab image build)"

work=$(mktemp -d /tmp/klab-e2e-labcmd.XXXXXX)
export KLAB_STATE_DIR="$work/state"   # a private state root: nothing of other labs
topo=$work/lcmd.yaml
cat >"$topo" <<'YAML'
name: lcmd
libvirt: {uri: qemu:///system, accel: auto}
image: debian-12
network: {subnet: 192.168.61.0/24, gateway: 192.168.61.1, domain: lcmd.test, mode: nat}
defaults: {vcpus: 1, memory: 1024, disk: 8}
hosts:
  - {name: lcmd-m1, role: master, ip: 192.168.61.11}
YAML
k() { "$labenv" run -- "$KLAB" -f "$topo" "$@"; }
topo2=$work/twin.yaml
cat >"$topo2" <<'YAML'
name: twin
libvirt: {uri: qemu:///system, accel: auto}
image: debian-12
network: {subnet: 192.168.62.0/24, gateway: 192.168.62.1, domain: twin.test, mode: nat}
defaults: {vcpus: 1, memory: 1024, disk: 8}
hosts:
  - {name: twin-m1, role: master, ip: 192.168.62.11}
YAML
k2() { "$labenv" run -- "$KLAB" -f "$topo2" "$@"; }
leftovers() { virsh -c qemu:///system list --all --name; virsh -c qemu:///system net-list --all --name;
              virsh -c qemu:///system pool-list --all --name; }
follow_pid=
cleanup() {
  rc=$?
  [ -z "$follow_pid" ] || kill "$follow_pid" 2>/dev/null || true
  k down >/dev/null 2>&1 || echo "warning: klab down failed; run: KLAB_STATE_DIR=$KLAB_STATE_DIR $KLAB -f $topo down" >&2
  k2 down >/dev/null 2>&1 || true
  [ $rc != 0 ] || rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "klab up of two labs at once (lcmd and twin, 1 host each)"
k up >"$work/up-lcmd.log" 2>&1 &
up1=$!
k2 up >"$work/up-twin.log" 2>&1 &
up2=$!
wait $up1 || { cat "$work/up-lcmd.log"; fail "klab up of lcmd failed"; }
wait $up2 || { cat "$work/up-twin.log"; fail "klab up of twin failed"; }
k2 ssh twin-m1 -- true || fail "twin unreachable after both labs came up"

say "ssh: exit status and streams pass through"
set +e
k ssh lcmd-m1 -- 'echo to-out; echo to-err >&2; exit 7' >"$work/out" 2>"$work/err"; rc=$?
set -e
[ $rc = 7 ] || fail "ssh -- 'exit 7' exited $rc"
[ "$(cat "$work/out")" = to-out ] || fail "stdout: $(cat "$work/out")"
grep -qx to-err "$work/err" || fail "stderr: $(cat "$work/err")"
[ "$(k ssh lcmd-m1.lcmd.test -- hostname)" = lcmd-m1 ] || fail "ssh by FQDN"
[ "$(echo piped | k ssh -i lcmd-m1 -- cat)" = piped ] || fail "ssh --stdin"
set +e; k ssh nosuch -- true 2>"$work/err"; rc=$?; set -e
[ $rc = 64 ] && grep -q "its hosts are: lcmd-m1" "$work/err" || fail "unknown host: rc $rc, $(cat "$work/err")"

say "ssh-config with OpenSSH"
"$KLAB" -f "$topo" ssh-config >"$work/ssh.cfg"
[ "$("$labenv" run -- ssh -F "$work/ssh.cfg" -o BatchMode=yes lcmd-m1 hostname)" = lcmd-m1 ] \
  || fail "ssh -F <(klab ssh-config) lcmd-m1 did not log in"
# Pinning: the same config with another key for the host must be refused.
known=$(sed -n 's/^  UserKnownHostsFile //p' "$work/ssh.cfg" | head -1)
ssh-keygen -q -t ed25519 -N '' -f "$work/other" >/dev/null
echo "lcmd-m1 $(cut -d' ' -f1,2 "$work/other.pub")" >"$work/wrong_known_hosts"
sed "s|$known|$work/wrong_known_hosts|" "$work/ssh.cfg" >"$work/wrong.cfg"
if "$labenv" run -- ssh -F "$work/wrong.cfg" -o BatchMode=yes lcmd-m1 true 2>"$work/err"; then
  fail "OpenSSH logged in although the pinned host key was wrong"
fi
grep -qi "host key" "$work/err" || fail "wrong key refused for another reason: $(cat "$work/err")"

say "console and console --follow"
k console lcmd-m1 | grep -q "lcmd-m1 login:" || fail "console log has no login prompt"
# Started directly (lab-env and `ip netns exec` exec), so $! is klab itself. A
# background job of a non-interactive shell ignores SIGINT, so SIGTERM stands in for
# Ctrl-C here (both end --follow the same way).
"$labenv" run -- "$KLAB" -f "$topo" console lcmd-m1 --follow >"$work/follow" 2>&1 &
follow_pid=$!
marker="klab-e2e-marker-$$"
k ssh lcmd-m1 -- "echo $marker >/dev/ttyS0"
deadline=$(( $(date +%s) + 30 ))
until grep -q "$marker" "$work/follow"; do
  [ "$(date +%s)" -lt $deadline ] || fail "console --follow did not show the marker within 30s"
  sleep 0.2
done
kill -TERM $follow_pid
set +e; wait $follow_pid; rc=$?; set -e
follow_pid=
[ $rc = 0 ] || fail "console --follow exited $rc on SIGTERM: $(tail -3 "$work/follow")"

say "logs export"
k logs export "$work/logs" >"$work/logs.out" || fail "logs export failed: $(cat "$work/logs.out")"
for f in plan.json summary.txt network/network.xml network/status.json network/dhcp-leases.json \
         lcmd-m1/domain.xml lcmd-m1/console.log lcmd-m1/cloud-init.log lcmd-m1/cloud-init-output.log \
         lcmd-m1/journal.txt lcmd-m1/systemd-analyze-blame.txt; do
  [ -s "$work/logs/$f" ] || fail "logs export: $f missing or empty"
done
grep -q "<name>klab-lcmd-lcmd-m1</name>" "$work/logs/lcmd-m1/domain.xml" || fail "domain.xml"
grep -q "Linux version" "$work/logs/lcmd-m1/journal.txt" || fail "journal has no boot messages"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/logs/network/dhcp-leases.json" || fail "leases json"

say "snapshot save / restore / list / rm"
k snapshot save e2e
age=15
sleep $age   # the subject of the test: the snapshot ages, the guest clock falls behind
set +e; k snapshot restore nosuch 2>"$work/err"; rc=$?; set -e
[ $rc = 64 ] || fail "restore of a missing snapshot exited $rc: $(cat "$work/err")"
k --output json snapshot restore e2e >"$work/restore.json" || fail "snapshot restore failed"
python3 - "$work/restore.json" "$age" <<'PY' || fail "restore report"
import json, sys
r = json.load(open(sys.argv[1])); age = float(sys.argv[2])
h = r["clocks"]["hosts"][0]
assert h["ok"], h
assert h["behind_s"] >= age - 1, "guest clock was not behind by the snapshot age: %s" % h
assert abs(h["skew_ms"]) < 100, "skew after resync too large: %s" % h
print("restore took %.2fs (revert %.2fs); guest was %.1fs behind; skew after resync %+.1f ms (samples within %.1f)"
      % (r["total_s"], r["revert_s"], h["behind_s"], h["skew_ms"], h["jitter_ms"]))
PY
guest=$(k ssh lcmd-m1 -- date +%s); now=$(date +%s)
[ $((now - guest)) -le 2 ] && [ $((guest - now)) -le 2 ] || fail "guest clock $guest vs host $now after restore"
k snapshot list | grep -E "^e2e +.* 1/1 +complete" >/dev/null || fail "snapshot list: $(k snapshot list)"
k snapshot rm e2e | grep -q "removed snapshot e2e" || fail "snapshot rm"
k snapshot list | grep -q "no snapshots" || fail "snapshot still listed after rm"

say "gc (listing only)"
k gc --uri qemu:///system >"$work/gc" || fail "gc failed"
grep -q "^skipped lab lcmd at qemu:///system: in use" "$work/gc" && grep -q "domain  klab-lcmd-lcmd-m1" "$work/gc" \
  || fail "gc listing: $(cat "$work/gc")"
grep -q "nothing removed" "$work/gc" || fail "gc without --yes must not remove"
k ssh lcmd-m1 -- true || fail "host gone after gc listing"
# The incident: gc --yes under another state root (no lab directory there) took the
# running lab for a leftover and destroyed it.
other_state=$(mktemp -d /tmp/klab-e2e-otherstate.XXXXXX)
KLAB_STATE_DIR=$other_state "$labenv" run -- "$KLAB" gc --uri qemu:///system --yes >"$work/gc-other" \
  || fail "gc --yes under another state root failed: $(cat "$work/gc-other")"
rm -rf "$other_state"
grep -q "^skipped lab lcmd at qemu:///system: owned by uid $(id -u) on host $(hostname), state dir $KLAB_STATE_DIR/lcmd, pass --all" \
  "$work/gc-other" || fail "gc under another state root: $(cat "$work/gc-other")"
grep -q "pass --include-running" "$work/gc-other" || fail "gc must name --include-running: $(cat "$work/gc-other")"
grep -q "^skipped lab twin at qemu:///system: owned by uid $(id -u)" "$work/gc-other" \
  || fail "gc under another state root must skip twin too: $(cat "$work/gc-other")"
k ssh lcmd-m1 -- true || fail "host gone after gc --yes under another state root"
k2 ssh twin-m1 -- true || fail "twin gone after gc --yes under another state root"

say "two labs: down of twin leaves lcmd running and reachable"
k2 down >/dev/null || fail "klab down of twin failed"
leftovers | grep -q "klab-twin" && fail "twin left behind: $(leftovers | grep klab-twin)"
[ "$(virsh -c qemu:///system domstate klab-lcmd-lcmd-m1)" = running ] || fail "lcmd not running after twin's down"
k ssh lcmd-m1 -- true || fail "lcmd unreachable after twin's down"

say "two labs: gc --yes removes a crashed twin and leaves lcmd"
k2 up >"$work/up-twin2.log" 2>&1 || { cat "$work/up-twin2.log"; fail "klab up of twin (again) failed"; }
virsh -c qemu:///system destroy klab-twin-twin-m1 >/dev/null   # the crash: powered off ...
rm -rf "$KLAB_STATE_DIR/twin"                                   # ... and its lab directory lost
k gc --uri qemu:///system --yes >"$work/gc-crashed" || fail "gc --yes failed: $(cat "$work/gc-crashed")"
leftovers | grep -q "klab-twin" && fail "gc --yes left the crashed twin: $(cat "$work/gc-crashed")"
grep -q "^skipped lab lcmd at qemu:///system: in use" "$work/gc-crashed" || fail "gc --yes: $(cat "$work/gc-crashed")"
k ssh lcmd-m1 -- true || fail "lcmd unreachable after gc removed twin"

say "klab down leaves nothing"
k down >/dev/null
leftovers | grep -q "klab-lcmd" && fail "left behind: $(leftovers | grep klab-lcmd)"
k gc --uri qemu:///system | grep -q "lab lcmd" && fail "gc still lists lab lcmd"
echo "PASS: ssh, ssh-config, console, logs export, snapshot, gc on a real lab"
