#!/usr/bin/env bash
# Our libvirtd against Debian's, in one run, with the same settings: test driver, unix socket,
# auth none, default client limits. Starts both fresh, runs ../shared/bench/run_all.sh against
# each in turn (QEMU steps skipped), then compare.py, then the interleaved A/B runs: rpc_latency.py
# --vs (REPEAT times, default 2), bench/scale-ab.py (define/list/lookup/undefine at SCALE_N
# domains, default 10000, in alternating blocks) and bench/concurrency-ab.py (8 and 32 clients,
# CONC_ROUNDS alternating rounds, default 4). The machine's load average is logged around
# each part (load.txt), since other work on a 2-core machine moves every figure.
#   bench/daemon-vs-libvirtd.sh [OUTDIR]      (QUICK=1 for a short smoke run)
#   NODE_FLAGS="--max-semi-space-size=1" …   extra node options for our daemon (experiments)
# As root, Debian's libvirtd runs as `nobody` in session mode (its QEMU driver refuses root
# without the libvirt-qemu user); ours runs as the caller. Both live in temporary folders.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=${TSVIRT_BENCH_DIR:-$here/../shared/bench}
out=${1:-$(mktemp -d /tmp/tsvirt-daemon-bench.XXXXXX)}
mkdir -p "$out"
# shellcheck source=bench/daemons.sh
. "$here/bench/daemons.sh"
# Ours runs as a user would, so the V8 flags of its #! line apply; NODE_FLAGS replaces them.
ours=("$here/bin/libvirtd")
# shellcheck disable=SC2086
[ -n "${NODE_FLAGS:-}" ] && ours=(node $NODE_FLAGS "$here/bin/libvirtd")
start_libvirtd THEIR
start_ours OUR tsvirt "${ours[@]}"
sleep 2
echo "libvirtd pid $THEIR_PID  $THEIR_URI"
echo "tsvirt   pid $OUR_PID  $OUR_URI"
load start
LABEL=tsvirt "$bench/run_all.sh" "$OUR_URI" - "$OUR_PID" "$out/tsvirt" >"$out/tsvirt.log" 2>&1 || true
load "after run_all tsvirt"
LABEL=libvirtd "$bench/run_all.sh" "$THEIR_URI" - "$THEIR_PID" "$out/libvirtd" >"$out/libvirtd.log" 2>&1 || true
load "after run_all libvirtd"
/usr/bin/python3 "$bench/compare.py" "$out/tsvirt" "$out/libvirtd" --names tsvirt,libvirtd --md "$out/compare.md" || true
n=20000; scale=${SCALE_N:-10000}; [ "${QUICK:-0}" = 1 ] && { n=2000; scale=${SCALE_N:-1000}; }
for r in $(seq "${REPEAT:-2}"); do
  /usr/bin/python3 "$bench/rpc_latency.py" "$OUR_URI" --vs "$THEIR_URI" -n "$n" --rounds 10 \
    --pid "$OUR_PID" --vs-pid "$THEIR_PID" --json "$out/ab_latency_$r.json" 2>&1 >/dev/null | tee "$out/ab_latency_$r.txt"
  load "after rpc_latency A/B $r"
done
/usr/bin/python3 "$here/bench/scale-ab.py" "$OUR_URI" "$OUR_PID" "$THEIR_URI" "$THEIR_PID" --count "$scale" \
  --json "$out/scale_ab.json" 2>&1 >/dev/null | tee "$out/scale_ab.txt" || true
load "after scale A/B"
calls=2000; rounds=${CONC_ROUNDS:-4}; [ "${QUICK:-0}" = 1 ] && { calls=300; rounds=2; }
/usr/bin/python3 "$here/bench/concurrency-ab.py" "$OUR_URI" "$OUR_PID" "$THEIR_URI" "$THEIR_PID" --procs 8,32 \
  --calls "$calls" --rounds "$rounds" --json "$out/concurrency_ab.json" 2>&1 >/dev/null | tee "$out/concurrency_ab.txt" || true
load "after concurrency A/B"
cat "$out/compare.md"
echo "results in $out"
