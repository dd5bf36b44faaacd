#!/usr/bin/env bash
# Our libvirtd against Debian's, in one run, with the same settings: test driver, unix socket,
# auth none, default client limits. Starts both fresh, runs ../shared/bench/run_all.sh against
# each in turn (QEMU steps skipped), then compare.py, then the interleaved rpc_latency.py A/B.
#   bench/daemon-vs-libvirtd.sh [OUTDIR]      (QUICK=1 for a short smoke run)
# As root, Debian's libvirtd runs as `nobody` in session mode (its QEMU driver refuses root
# without the libvirt-qemu user); ours runs as the caller. Both live in temporary folders.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=${TSVIRT_BENCH_DIR:-$here/../shared/bench}
out=${1:-$(mktemp -d /tmp/tsvirt-daemon-bench.XXXXXX)}
mkdir -p "$out"
work=$(mktemp -d /tmp/tsvirt-daemons.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

write_conf() {  # DIR
  cat >"$1/libvirtd.conf" <<CONF
unix_sock_dir = "$1"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0777"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tls = 0
listen_tcp = 0
log_outputs = "3:file:$1/daemon.log"
CONF
}

wait_sock() {  # PATH
  for _ in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.05; done
  echo "no socket $1" >&2; return 1
}

start_theirs() {
  local d=$work/libvirtd; mkdir -p "$d"; chmod 777 "$d"; write_conf "$d"
  local cmd=(/usr/sbin/libvirtd -f "$d/libvirtd.conf" -p "$d/libvirtd.pid")
  [ "$(id -u)" = 0 ] && cmd=(setpriv --reuid=65534 --regid=65534 --clear-groups "${cmd[@]}")
  env -i HOME="$d" XDG_RUNTIME_DIR="$d/run" XDG_CONFIG_HOME="$d/config" XDG_CACHE_HOME="$d/cache" \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin "${cmd[@]}" </dev/null >"$d/out.log" 2>&1 &
  pids+=($!); THEIR_PID=$!
  wait_sock "$d/libvirt-sock"; THEIR_URI="test+unix:///default?socket=$d/libvirt-sock"
}

start_ours() {
  local d=$work/tsvirt; mkdir -p "$d"; write_conf "$d"
  node "$here/bin/libvirtd" -f "$d/libvirtd.conf" -p "$d/libvirtd.pid" </dev/null >"$d/out.log" 2>&1 &
  pids+=($!); OUR_PID=$!
  wait_sock "$d/libvirt-sock"; OUR_URI="test+unix:///default?socket=$d/libvirt-sock"
}

start_theirs
start_ours
sleep 2
echo "libvirtd pid $THEIR_PID  $THEIR_URI"
echo "tsvirt   pid $OUR_PID  $OUR_URI"
LABEL=tsvirt "$bench/run_all.sh" "$OUR_URI" - "$OUR_PID" "$out/tsvirt" >"$out/tsvirt.log" 2>&1 || true
LABEL=libvirtd "$bench/run_all.sh" "$THEIR_URI" - "$THEIR_PID" "$out/libvirtd" >"$out/libvirtd.log" 2>&1 || true
/usr/bin/python3 "$bench/compare.py" "$out/tsvirt" "$out/libvirtd" --names tsvirt,libvirtd --md "$out/compare.md" || true
n=20000; [ "${QUICK:-0}" = 1 ] && n=2000
/usr/bin/python3 "$bench/rpc_latency.py" "$OUR_URI" --vs "$THEIR_URI" -n "$n" --rounds 10 \
  --pid "$OUR_PID" --vs-pid "$THEIR_PID" --json "$out/ab_latency.json" | tee "$out/ab_latency.txt"
cat "$out/compare.md"
echo "results in $out"
