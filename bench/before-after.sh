#!/usr/bin/env bash
# Two builds of our daemon and Debian's libvirtd in one run: which change helped, and where both
# stand against libvirtd, with the machine's load the same for all three.
#   bench/before-after.sh BEFORE_ROOT AFTER_ROOT [OUTDIR]
# Each ROOT is a checkout (or a copy of bin/ and dist/) of tsvirt. BEFORE runs as `node
# bin/libvirtd` (builds older than the #! flags), AFTER as `bin/libvirtd`. All three start fresh
# with the settings of daemon-vs-libvirtd.sh. Steps: daemon_rss.py on each fresh daemon (idle and
# 32 clients), then ROUNDS (default 2) of: concurrency-ab.py AFTER vs libvirtd and BEFORE vs
# libvirtd (8 and 32 clients, CONC_ROUNDS alternating rounds each, default 4), then
# rpc_latency.py AFTER --vs BEFORE. The load average is logged around each step.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=${TSVIRT_BENCH_DIR:-$here/../shared/bench}
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd)
out=${3:-$(mktemp -d /tmp/tsvirt-before-after.XXXXXX)}
mkdir -p "$out"
# shellcheck source=bench/daemons.sh
. "$here/bench/daemons.sh"
start_libvirtd L
start_ours B before node "$before/bin/libvirtd"
start_ours A after "$after/bin/libvirtd"

sleep 2
load start
for side in after:$A_URI:$A_PID before:$B_URI:$B_PID libvirtd:$L_URI:$L_PID; do
  name=${side%%:*}; pid=${side##*:}
  uri=${side#*:}; uri=${uri%:*}
  /usr/bin/python3 "$bench/daemon_rss.py" "$uri" --pid "$pid" --json "$out/rss_$name.json" 2>&1 | tee -a "$out/rss.txt"
done
load "after rss"
calls=2000; rounds=${CONC_ROUNDS:-4}
for r in $(seq "${ROUNDS:-2}"); do
  for side in after before; do
    if [ $side = after ]; then uri=$A_URI; pid=$A_PID; else uri=$B_URI; pid=$B_PID; fi
    echo "== round $r: $side vs libvirtd" | tee -a "$out/concurrency.txt"
    /usr/bin/python3 "$here/bench/concurrency-ab.py" "$uri" "$pid" "$L_URI" "$L_PID" --procs 8,32 \
      --calls "$calls" --rounds "$rounds" --json "$out/conc_${side}_$r.json" 2>&1 >/dev/null | tee -a "$out/concurrency.txt" || true
    load "after concurrency $side $r"
  done
done
/usr/bin/python3 "$bench/rpc_latency.py" "$A_URI" --vs "$B_URI" -n 20000 --rounds 10 \
  --pid "$A_PID" --vs-pid "$B_PID" --json "$out/latency_after_vs_before.json" 2>&1 >/dev/null | tee "$out/latency.txt" || true
load "after latency"
for side in after:$A_PID before:$B_PID libvirtd:$L_PID; do
  echo "${side%%:*} RSS after the run: $(grep VmRSS /proc/${side##*:}/status)" | tee -a "$out/rss.txt"
done
echo "results in $out"
