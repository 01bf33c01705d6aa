#!/bin/sh
# e2e: `klab image build` builds (or reuses) the default debian-12 image from Debian's
# archive, and the cache entry is complete and self-consistent: manifest fields, every
# file's sha256, a qcow2 qemu-img accepts, and the guest configuration inside the
# filesystem (read with debugfs: no mounts). A second build must reuse the image.
# Exit 77 (SKIPPED) when not root or Debian's archive is unreachable.
set -eu

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

KLAB=${KLAB:-$(dirname "$0")/../../build/klab}
[ "$(id -u)" = 0 ] || skip "building an image needs root (mmdebstrap --mode=root)"
[ -x "$KLAB" ] || skip "no klab binary at $KLAB (build it, or set KLAB)"
"$KLAB" image build --help >/dev/null 2>&1 || skip "this klab has no 'image build' command yet"
for tool in python3 qemu-img debugfs sha256sum; do
  command -v $tool >/dev/null || skip "$tool is missing (scripts/install-deps)"
done
mirror=http://deb.debian.org/debian
python3 - "$mirror" <<'PY' || skip "Debian's archive ($mirror) is not reachable"
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/dists/bookworm/Release", timeout=20).read(64)
PY

"$KLAB" image build debian-12 || fail "klab image build debian-12 failed"

cache=${KLAB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/klab}
dir="$cache/images/debian-12"
[ -f "$dir/manifest.json" ] || fail "no manifest in $dir"
ls -a "$cache/images" | grep -Eq '^\.staging-debian-12-[0-9]+-[0-9]+$' && fail "a staging directory was left in $cache/images"

# Manifest fields and file digests.
python3 - "$dir" <<'PY' || fail "manifest check failed"
import hashlib, json, os, re, subprocess, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
def check(cond, what):
    if not cond:
        sys.exit("manifest: " + what)
check(m["name"] == "debian-12", "name")
check(m["format"] == "qcow2" and m["disk"] == "disk.qcow2", "format/disk")
check(m["boot"] == "direct", "boot mode")
check(m["kernel"] == "vmlinuz" and m["initrd"] == "initrd.img", "kernel/initrd names")
for word in ("root=/dev/vda", "console=ttyS0", "ds=nocloud"):
    check(word in m["kernel_cmdline"], "kernel_cmdline lacks " + word)
check(re.fullmatch(r"[0-9a-f]{64}", m["recipe_hash"]), "recipe_hash")
check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["created_at"]), "created_at")
for pkg in ("linux-image-cloud-amd64", "systemd", "cloud-init", "openssh-server", "chrony", "etcd-server",
            "etcd-client", "haproxy", "keepalived", "containerd", "runc", "systemd-resolved", "nftables"):
    check(pkg in m["packages"], "packages lacks " + pkg)
for name in ("disk.qcow2", "vmlinuz", "initrd.img"):
    path = os.path.join(d, name)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    check(m["files"][name]["sha256"] == h.hexdigest(), name + " sha256")
    check(m["files"][name]["size"] == os.path.getsize(path), name + " size")
info = json.loads(subprocess.check_output(["qemu-img", "info", "--output=json", os.path.join(d, "disk.qcow2")]))
check(info["format"] == "qcow2" and info["virtual-size"] == m["virtual_size"], "virtual size")
check("backing-filename" not in info, "the base image must not have a backing file")
print("manifest ok: %d packages, virtual size %d MiB" % (len(m["packages"]), m["virtual_size"] >> 20))
PY
qemu-img check -q "$dir/disk.qcow2" || fail "qemu-img check failed"
head -c 4096 "$dir/vmlinuz" | grep -q HdrS || fail "vmlinuz is not a bzImage"

# The guest configuration, read from the filesystem without mounting it.
raw=$(mktemp /var/tmp/klab-e2e-root.XXXXXX)
trap 'rm -f "$raw"' EXIT
qemu-img convert -O raw "$dir/disk.qcow2" "$raw"
fsget() { debugfs -R "cat $1" "$raw" 2>/dev/null; }
fsls() { debugfs -R "ls -l $1" "$raw" 2>/dev/null; }
fsget /etc/cloud/cloud.cfg.d/90-klab.cfg | grep -q 'datasource_list: \[NoCloud\]' || fail "cloud-init is not limited to NoCloud"
fsget /etc/fstab | grep -q '^/dev/vda / ext4' || fail "fstab has no /dev/vda root"
[ -z "$(fsget /etc/machine-id)" ] || fail "/etc/machine-id is not empty: every VM would share it"
fsls /etc/ssh | grep -q ssh_host_ && fail "SSH host keys were baked into the image"
for unit in cloud-init.service cloud-config.service cloud-final.service; do
  debugfs -R "stat /etc/systemd/system/$unit" "$raw" 2>/dev/null | grep -q 'Fast link dest: "/dev/null"' \
    || fail "$unit is not masked"
done
fsls /etc/systemd/system/multi-user.target.wants | grep -qE 'etcd|haproxy|keepalived|containerd' \
  && fail "a lab service is enabled at boot before the provisioner configured it"
fsls /etc/systemd/system/multi-user.target.wants | grep -q systemd-networkd.service || fail "networkd not enabled"
debugfs -R "stat /usr/share/man/man1/ls.1.gz" "$raw" 2>/dev/null | grep -q Inode: \
  && fail "manual pages were not excluded"
echo "guest configuration ok"

# Unchanged recipe: reused, not rebuilt.
before=$(stat -c %Y "$dir/manifest.json")
out=$("$KLAB" image build debian-12 2>&1) || fail "second build failed: $out"
[ "$(stat -c %Y "$dir/manifest.json")" = "$before" ] || fail "an unchanged recipe rebuilt the image"
echo "PASS: image built/reused, manifest and contents verified"
