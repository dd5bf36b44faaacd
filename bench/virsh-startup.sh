#!/usr/bin/env bash
# Whole-process time of one-shot virsh on test:///default: ours, Debian's C virsh, and bare
# `node -e 0` (Node's own start, the floor for any Node program), side by side in one hyperfine run.
# Usage: bench/virsh-startup.sh [OUTDIR] [RUNS]
#
# Reports mean wall time and mean user+sys CPU time. On a machine shared with other work, wall
# times swing with the load; CPU time is steadier, so judge by it and by repeated runs.
# bin/virsh runs its bundle only when `npm run build` made it from the current dist/ (see
# bin/virsh.cjs); the script says which one it measured.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d)}
runs=${2:-40}
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)"; exit 1; }
ours="$here/bin/virsh"
theirs=/usr/bin/virsh
mode=$(TSVIRT_VIRSH_REPORT_MODE=1 "$ours" -c test:///default uri 2>&1 >/dev/null | sed -n 's/^virsh: //p')
echo "bin/virsh runs: ${mode:-unknown}"
case $mode in bundle*) ;; *) echo "  (not the bundle: run \`npm run build\` first to measure the fast entry)";; esac
for cmd in 'list --all' 'dominfo test'; do
  slug=${cmd// /_}
  hyperfine -N --warmup 5 --runs "$runs" --export-json "$out/$slug.json" \
    -n node-e-0 'node -e 0' \
    -n "tsvirt $cmd" "$ours -c test:///default $cmd" \
    -n "libvirt $cmd" "$theirs -c test:///default $cmd" >"$out/$slug.txt"
  node -e '
    const r = require(process.argv[1]).results;
    const by = Object.fromEntries(r.map((x) => [x.command.split(" ")[0], { wall: x.mean * 1000, cpu: (x.user + x.system) * 1000 }]));
    const n = by["node-e-0"], t = by.tsvirt, l = by.libvirt;
    const f = (v) => v.toFixed(1);
    console.log(`${process.argv[2]}:`);
    for (const [name, v] of [["node -e 0", n], ["tsvirt", t], ["libvirt virsh", l]]) {
      console.log(`  ${name.padEnd(14)} wall ${f(v.wall).padStart(6)} ms   user+sys ${f(v.cpu).padStart(6)} ms`);
    }
    console.log(`  tsvirt - node -e 0: wall +${f(t.wall - n.wall)} ms, user+sys +${f(t.cpu - n.cpu)} ms; tsvirt/node: wall ${(t.wall / n.wall).toFixed(2)}x, user+sys ${(t.cpu / n.cpu).toFixed(2)}x`);
    console.log(`  tsvirt / libvirt virsh: wall ${(t.wall / l.wall).toFixed(2)}x, user+sys ${(t.cpu / l.cpu).toFixed(2)}x`);
  ' "$out/$slug.json" "$cmd"
done
echo "raw results in $out"
