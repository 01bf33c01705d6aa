#!/bin/sh
# Boots N copies of a cached klab image with plain QEMU (TCG, direct kernel boot, a
# NoCloud seed ISO made with xorriso) and prints, per VM, the seconds from QEMU start
# to SSH answering with the pre-generated (pinned) host key and accepting root's key,
# and the CPU seconds QEMU used until then (comparable on a busy host, unlike wall time).
# Then prints systemd-analyze, blame, critical-chain and `cloud-init analyze show`
# from the first VM. A benchmark: it prints figures and never fails on a time.
#
#   images/tools/measure-boot.sh [-n VMS] [-m MIB] [-i IMAGE_DIR] [-k] [-a EXTRA_CMDLINE] [-c]
#   -c: attach the seed as an IDE CD-ROM instead of a read-only virtio disk
#
# Networking: QEMU user-mode networking with restrict=on (the guest reaches nothing,
# not even the host) and one hostfwd from 127.0.0.1 to the guest's port 22.
set -eu

vms=1 mem=1024 keep=0 extra=""
dir="${KLAB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/klab}/images/debian-12"
seed_if=virtio
while getopts n:m:i:ka:c opt; do
  case $opt in
    n) vms=$OPTARG ;; m) mem=$OPTARG ;; i) dir=$OPTARG ;; k) keep=1 ;; a) extra=$OPTARG ;; c) seed_if=ide ;;
    *) echo "usage: $0 [-n VMS] [-m MIB] [-i IMAGE_DIR] [-k] [-a EXTRA_CMDLINE]" >&2; exit 64 ;;
  esac
done
for tool in qemu-system-x86_64 qemu-img xorriso ssh ssh-keygen python3 awk; do
  command -v $tool >/dev/null || { echo "measure-boot: $tool is missing (scripts/install-deps)" >&2; exit 2; }
done
[ -f "$dir/manifest.json" ] || { echo "measure-boot: no image in $dir: run klab image build" >&2; exit 2; }

work=$(mktemp -d /var/tmp/klab-boot.XXXXXX)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$dir/manifest.json" "$1"; }
cmdline="$(field kernel_cmdline) $extra"
ssh-keygen -q -t ed25519 -N '' -C klab-measure -f "$work/id_ed25519"

i=1
while [ "$i" -le "$vms" ]; do
  vm="$work/vm$i"; mkdir -p "$vm/seed"
  port=$((22220 + i)); mac=$(printf '52:54:00:6b:6c:%02x' "$i")
  ssh-keygen -q -t ed25519 -N '' -C "vm$i" -f "$vm/host_ed25519"
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$vm/host_ed25519.pub")" >> "$work/known_hosts"
  cat > "$vm/seed/meta-data" <<META
instance-id: measure-vm$i-$(date +%s)
local-hostname: kube-master$i
META
  cat > "$vm/seed/user-data" <<USER
#cloud-config
hostname: kube-master$i
fqdn: kube-master$i.example.com
manage_etc_hosts: true
disable_root: false
ssh_pwauth: false
ssh_authorized_keys:
  - $(cat "$work/id_ed25519.pub")
ssh_deletekeys: true
ssh_keys:
  ed25519_private: |
$(sed 's/^/    /' "$vm/host_ed25519")
  ed25519_public: $(cat "$vm/host_ed25519.pub")
write_files:
  - path: /etc/klab-measure
    content: "written by cloud-init write_files\n"
USER
  cat > "$vm/seed/network-config" <<NET
version: 2
ethernets:
  lab0:
    match:
      macaddress: "$mac"
    set-name: lab0
    addresses: [10.0.2.15/24]
    gateway4: 10.0.2.2
    nameservers:
      addresses: [10.0.2.3]
      search: [example.com]
NET
  xorriso -as mkisofs -quiet -o "$vm/seed.iso" -V cidata -J -r "$vm/seed"
  qemu-img create -q -f qcow2 -F qcow2 -b "$dir/$(field disk)" "$vm/disk.qcow2"
  i=$((i + 1))
done

start=$(date +%s.%N)
i=1
while [ "$i" -le "$vms" ]; do
  vm="$work/vm$i"; port=$((22220 + i)); mac=$(printf '52:54:00:6b:6c:%02x' "$i")
  qemu-system-x86_64 -accel tcg -machine pc -smp 1 -m "$mem" -display none -monitor none \
    -serial "file:$vm/console.log" -no-reboot \
    -kernel "$dir/$(field kernel)" -initrd "$dir/$(field initrd)" -append "$cmdline" \
    -drive "file=$vm/disk.qcow2,if=virtio,format=qcow2" \
    -drive "file=$vm/seed.iso,if=$seed_if,format=raw,readonly=on$([ $seed_if = ide ] && echo ,media=cdrom)" \
    -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-:22" \
    -device "virtio-net-pci,netdev=n0,mac=$mac" &
  pids="$pids $!"
  echo $! > "$vm/pid"
  i=$((i + 1))
done

ssh_opts="-o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$work/known_hosts
  -o ConnectTimeout=5 -o LogLevel=ERROR -i $work/id_ed25519"
ready=""
deadline=$(( $(date +%s) + 600 ))
while [ "$(echo $ready | wc -w)" -lt "$vms" ] && [ "$(date +%s)" -lt "$deadline" ]; do
  i=1
  while [ "$i" -le "$vms" ]; do
    case " $ready " in *" $i "*) ;; *)
      # shellcheck disable=SC2086
      if ssh $ssh_opts -p $((22220 + i)) root@127.0.0.1 true 2>/dev/null; then
        t=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {print a - b}')
        # CPU seconds QEMU burnt to get there: the work, whatever else loads the host.
        cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$(cat "$work/vm$i/pid")/stat")
        printf 'vm%d ssh-ready %.1f s (QEMU CPU %.1f s)\n' "$i" "$t" "$cpu"
        ready="$ready $i"
      fi ;;
    esac
    i=$((i + 1))
  done
  sleep 0.5
done
printf 'all %d VMs ssh-ready after %.1f s\n' "$(echo $ready | wc -w)" \
  "$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {print a - b}')"

# shellcheck disable=SC2086
ssh $ssh_opts -p 22221 root@127.0.0.1 '
  hostname -f; cat /etc/klab-measure
  cloud-init status --long | head -5
  systemctl is-system-running --wait || true
  echo "--- systemd-analyze"; systemd-analyze
  echo "--- blame"; systemd-analyze blame | head -25
  echo "--- critical-chain"; systemd-analyze critical-chain --no-pager | head -30
  echo "--- cloud-init analyze show"; cloud-init analyze show 2>/dev/null | grep -E "Starting stage|Finished|Total Time|config-" | head -40
  echo "--- failed units"; systemctl --failed --no-legend
  echo "--- memory"; free -m | head -2
  echo "--- disk"; df -h / | tail -1
' || echo "measure-boot: could not collect the analysis from vm1" >&2
