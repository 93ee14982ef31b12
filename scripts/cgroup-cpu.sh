#!/usr/bin/env bash
# The exact CPU of a command and everything it starts — processes orphaned to init included (Chromium's zygotes
# are: scripts/cpu-sampler.js sees them only while they live) — and of the browser it launches, by cgroup v2.
#
#   scripts/cgroup-cpu.sh <label> [<browser>] -- <command> [args…]
#
# Runs the command in a cgroup of its own under /sys/fs/cgroup/unified (or /sys/fs/cgroup when that is the v2
# root; needs write access: root here). With <browser> (a Chromium binary), CHROMIUM_PATH points the e2e config at
# a wrapper that moves the browser into a child group before it becomes <browser>, so its whole tree is counted
# apart. Prints one JSON line (wall, CPU s of the tree and of the browser, the machine's busy CPU s over the run,
# load averages, Playwright's result line) and appends it to test-results/cgroup-cpu.jsonl; the command's output
# goes to test-results/cgroup-cpu-<label>.log. Measures, changes nothing: the groups are removed at the end.
set -u
cd "$(dirname "$0")/.."
label=${1:?usage: scripts/cgroup-cpu.sh <label> [<browser>] -- <command> [args…]}
shift
browser=
if [ "${1:-}" != "--" ]; then
  browser=$1
  shift
fi
[ "${1:-}" = "--" ] || {
  echo 'usage: scripts/cgroup-cpu.sh <label> [<browser>] -- <command> [args…]' >&2
  exit 2
}
shift
root=/sys/fs/cgroup/unified
[ -f "$root/cgroup.procs" ] || root=/sys/fs/cgroup
group="$root/sb-cpu-$label-$$"
mkdir -p "$group/browser" || {
  echo "cannot create a cgroup under $root (cgroup v2 and write access needed)" >&2
  exit 2
}
mkdir -p test-results
log="test-results/cgroup-cpu-$label.log"
busy() { head -1 /proc/stat | awk '{ print $2 + $3 + $4 + $7 + $8 }'; }
load0=$(cut -d' ' -f1-3 /proc/loadavg)
busy0=$(busy)
start=$(date +%s.%N)
(
  echo "$BASHPID" >"$group/cgroup.procs"
  if [ -n "$browser" ]; then
    export SB_CGROUP_BROWSER_GROUP="$group/browser" SB_CGROUP_BROWSER="$browser"
    export CHROMIUM_PATH="$PWD/scripts/support/browser-in-cgroup.sh"
  fi
  exec "$@"
) >"$log" 2>&1
status=$?
end=$(date +%s.%N)
busy1=$(busy)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
seconds() { awk '/^usage_usec/ { printf "%.1f", $2 / 1e6 }' "$1/cpu.stat"; }
cpu=$(seconds "$group")
browserCpu=$(seconds "$group/browser")
result=$(grep -E '^ +[0-9]+ (passed|failed|flaky|skipped)' "$log" | sed 's/^ *//' | paste -sd ',' -)
line=$(printf '{"label":"%s","status":%s,"wallSeconds":%s,"cpuSeconds":%s,"browserCpuSeconds":%s,"machineBusyCpuSeconds":%s,"loadAverage":{"start":"%s","end":"%s"},"result":"%s"}' \
  "$label" "$status" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')" "$cpu" "$browserCpu" \
  "$(awk -v a="$busy0" -v b="$busy1" 'BEGIN { printf "%.1f", (b - a) / 100 }')" "$load0" "$load1" "$result")
echo "$line"
echo "$line" >>test-results/cgroup-cpu.jsonl
# Whatever of the command still runs keeps its group (and says so); an empty group is removed.
if [ -n "$(cat "$group/cgroup.procs" "$group/browser/cgroup.procs")" ]; then
  echo "still running in $group: $(cat "$group/cgroup.procs" "$group/browser/cgroup.procs" | paste -sd ' ' -)" >&2
else
  rmdir "$group/browser" "$group"
fi
exit "$status"
