# Shared helpers for the e2e tests (sourced). Every e2e test runs real QEMU guests
# under a private libvirtd in the `klab` network namespace (scripts/lab-env); all lab
# traffic stays in there. A test that cannot run exits 77 after printing SKIPPED.
set -eu

E2E_SRC=${KLAB_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
KLAB=${KLAB:-$E2E_SRC/build/klab}
LAB_ENV="$E2E_SRC/scripts/lab-env"

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
log() { printf '%s e2e: %s\n' "$(date +%H:%M:%S)" "$*"; }

require_root() { [ "$(id -u)" -eq 0 ] || skip "needs root (private libvirtd, network namespace)"; }

# Builds the base image when the cache lacks it (needs Debian's archive; minutes).
require_image() {
  if ! "$KLAB" image list --output json | grep -q '"name": "debian-12"'; then
    log "building the debian-12 image (first run only)"
    "$KLAB" image build debian-12 || fail "klab image build failed"
  fi
}

# Runs a command inside the lab namespace (starting lab-env if needed).
in_lab() { "$LAB_ENV" run -- "$@"; }
klab_in_lab() { in_lab "$KLAB" "$@"; }

# An isolated state directory per test: keys, seeds, console logs.
use_private_state() {
  KLAB_STATE_DIR=$(mktemp -d /tmp/klab-e2e-state.XXXXXX)
  export KLAB_STATE_DIR
}

# The 4-host lab of seeds/000 with small resources, under its own name and subnet so it
# never collides with a developer's running default lab.
write_small_ha_topology() { # FILE NAME SUBNET-PREFIX(e.g. 192.168.59)
  cat > "$1" <<YAML
name: $2
libvirt: {uri: qemu:///system, accel: auto}
image: debian-12
network: {subnet: $3.0/24, gateway: $3.1, domain: example.com, vip: $3.160, mode: nat}
defaults: {vcpus: 1, memory: 1024, disk: 20}
hosts:
  - {name: kube-master,  role: lb,     ip: $3.150}
  - {name: kube-master1, role: master, ip: $3.151}
  - {name: kube-master2, role: master, ip: $3.152}
  - {name: kube-master3, role: master, ip: $3.153}
YAML
}

# ssh through OpenSSH with the lab key and the pinned known_hosts (independent of klab's
# own libssh transport, so it also proves the pinning works for plain OpenSSH).
lab_ssh() { # LAB IP CMD...
  lab=$1 ip=$2; shift 2
  dir="$KLAB_STATE_DIR/$lab/ssh"
  in_lab ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$dir/known_hosts" \
    -o ConnectTimeout=10 -i "$dir/id_ed25519" "root@$ip" "$@"
}

virsh_in_lab() { in_lab virsh -q -c qemu:///system "$@"; }

# Polls CONDITION (a shell snippet) until it holds or SECONDS pass.
wait_until() { # SECONDS DESCRIPTION CONDITION
  end=$(( $(date +%s) + $1 ))
  while ! eval "$3"; do
    [ "$(date +%s)" -lt "$end" ] || fail "timed out after $1 s waiting for: $2"
    sleep 1
  done
}

# Starts CMD in the background with its output in LOG, waits until LOG shows PATTERN (a
# grep regex; KILL_AT_MATCH=N: its Nth matching line), then SIGKILLs every process matching PROCESS (a pkill -f pattern: the
# klab under lab-env's `ip netns exec`). Fails when the command ended before PATTERN
# showed or nothing was killed: a kill test that killed nothing proves nothing.
kill_klab_at() { # SECONDS PATTERN LOG PROCESS CMD...
  secs=$1 pattern=$2 out=$3 process=$4; shift 4
  "$@" > "$out" 2>&1 &
  bg=$!
  end=$(( $(date +%s) + secs ))
  while [ "$(grep -c -- "$pattern" "$out" || true)" -lt "${KILL_AT_MATCH:-1}" ]; do
    if ! kill -0 "$bg" 2>/dev/null; then
      cat "$out" >&2
      fail "the command ended before '$pattern' showed: nothing was killed"
    fi
    if [ "$(date +%s)" -ge "$end" ]; then
      pkill -9 -f -- "$process" || true
      fail "timed out after $secs s waiting for '$pattern'"
    fi
    sleep 0.1
  done
  pkill -9 -f -- "$process" || fail "no process matched '$process' at '$pattern': nothing was killed"
  rc=0
  wait "$bg" || rc=$?
  [ "$rc" -eq 137 ] || fail "the command exited $rc, not by SIGKILL, at '$pattern'"
  log "killed '$process' at '$pattern'"
}
