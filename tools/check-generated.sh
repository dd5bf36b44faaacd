#!/usr/bin/env bash
# Proves every committed generated file is what its generator makes of libvirt 9.0.0's source:
# the protocol tables, the error table, the API and driver facts, and the support matrix.
# Run after `npm run build`:  tools/check-generated.sh [LIBVIRT_SRC_DIR]
# Without the source (and without ../shared/tools/libvirt-source.sh to fetch it) the source-based
# checks are skipped with a message; the support matrix is always checked.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-/tmp/libvirt-src/libvirt-9.0.0}
fetch=../shared/tools/libvirt-source.sh
if [ ! -f "$src/src/remote/remote_protocol.x" ] && [ -x "$fetch" ]; then
  src=$("$fetch" "$(dirname "$src")") || true
fi
status=0
if [ -f "$src/src/remote/remote_protocol.x" ]; then
  node tools/check-protocol-fresh.mjs "$src" || status=1
  # These two generators write in place: compare against a scratch copy of their outputs.
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  files=(src/util/error-table.generated.ts src/api/api-facts.generated.ts tools/data/libvirt-9.0-drivers.json)
  for f in "${files[@]}"; do mkdir -p "$scratch/$(dirname "$f")"; cp "$f" "$scratch/$f"; done
  node tools/gen-errors.mjs "$src" >/dev/null
  node tools/gen-libvirt-facts.mjs "$src" >/dev/null
  for f in "${files[@]}"; do
    if ! cmp -s "$f" "$scratch/$f"; then echo "stale generated file: $f"; status=1; cp "$scratch/$f" "$f"; fi
  done
else
  echo "check-generated: no libvirt source at $src; source-based checks skipped"
fi
node dist/tools/gen-hvsupport.js --check || status=1
[ $status = 0 ] && echo "generated files are fresh"
exit $status
