#!/bin/sh
# scripts/check-layers must catch an include up the stack, one between peers and one in
# a unit test, and pass the includes that point down (tests/fixtures/layering); and
# configuring a project whose libraries link up the stack must fail
# (cmake/klab_layers.cmake, tests/fixtures/layering/link_project).
#   check_layers_selftest.sh [CMAKE [SCRATCH_DIR]]
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
cmake=${1:-cmake}
scratch=${2:-$(mktemp -d)}
out=$("$src/scripts/check-layers" "$src/tests/fixtures/layering" lab "images cloud-init" cli 2>&1)
rc=$?
fail=0
expect() {
  printf '%s\n' "$out" | grep -qF "$1" || { echo "missing from the report: $1"; fail=1; }
}
[ "$rc" -eq 1 ] || { echo "exit code $rc, expected 1"; fail=1; }
expect "lab/a.hpp:3: lab includes cli/b.hpp, a library above it"
expect "images/c.cpp:1: images includes cloud-init/x.hpp, a peer on its own level"
expect "tests/unit/lab/t_test.cpp:2: lab includes images/c.hpp, a library above it"
count=$(printf '%s\n' "$out" | grep -c ': .* includes ')
[ "$count" -eq 3 ] || { echo "$count violations reported, expected 3 (cli/b.hpp and lab/a.hpp:2 point down)"; fail=1; }
[ "$fail" -eq 0 ] || { printf 'report was:\n%s\n' "$out"; exit 1; }
echo "check-layers caught the 3 planted violations and nothing else"

rm -rf "$scratch/link_project"
out=$("$cmake" -S "$src/tests/fixtures/layering/link_project" -B "$scratch/link_project" 2>&1)
rc=$?
[ "$rc" -ne 0 ] || { echo "configuring a project that links up the stack succeeded"; fail=1; }
expect "klab_lab (lab/) links klab_cli, which is not below it"
expect "klab_cloudinit (cloud-init/) links klab_images, which is not below it"
count=$(printf '%s\n' "$out" | grep -c ', which is not below it')
[ "$count" -eq 2 ] || { echo "$count link violations reported, expected 2"; fail=1; }
[ "$fail" -eq 0 ] || { printf 'cmake said:\n%s\n' "$out"; exit 1; }
echo "klab_check_link_layers failed the configuration on the 2 planted links and nothing else"
