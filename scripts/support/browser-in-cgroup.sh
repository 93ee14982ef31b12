#!/bin/sh
# scripts/cgroup-cpu.sh's stand-in for the browser: joins the browser's cgroup, then becomes the browser.
echo $$ >"$SB_CGROUP_BROWSER_GROUP/cgroup.procs"
exec "$SB_CGROUP_BROWSER" "$@"
