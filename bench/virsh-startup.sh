#!/usr/bin/env bash
# Whole-process time of one-shot virsh on test:///default: ours, Debian's C virsh, and bare
# `node -e 0` (Node's own start, the floor for any Node program), side by side in one hyperfine run.
# Usage: bench/virsh-startup.sh [OUTDIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d)}
runs=${2:-40}
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)"; exit 1; }
ours="$here/bin/virsh"
theirs=/usr/bin/virsh
for cmd in 'list --all' 'dominfo test'; do
  slug=${cmd// /_}
  hyperfine -N --warmup 5 --runs "$runs" --export-json "$out/$slug.json" \
    -n node-e-0 'node -e 0' \
    -n "tsvirt $cmd" "$ours -c test:///default $cmd" \
    -n "libvirt $cmd" "$theirs -c test:///default $cmd" >"$out/$slug.txt"
  node -e '
    const r = require(process.argv[1]).results;
    const m = Object.fromEntries(r.map((x) => [x.command.split(" ")[0], x.mean * 1000]));
    const f = (v) => v.toFixed(1);
    console.log(`${process.argv[2]}: node -e 0 ${f(m["node-e-0"])} ms, tsvirt ${f(m.tsvirt)} ms (+${f(m.tsvirt - m["node-e-0"])} ms over node; ${(m.tsvirt / m["node-e-0"]).toFixed(2)}x node), libvirt virsh ${f(m.libvirt)} ms (tsvirt/libvirt ${(m.tsvirt / m.libvirt).toFixed(2)}x)`);
  ' "$out/$slug.json" "$cmd"
done
echo "raw results in $out"
