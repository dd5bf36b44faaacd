#!/usr/bin/env node
// Proves the committed protocol tables are what tools/gen-protocol.mjs makes of libvirt's .x files:
// regenerates them into a temporary folder and compares file by file.
// Run: node tools/check-protocol-fresh.mjs /tmp/libvirt-src/libvirt-9.0.0
// (CI unpacks the source with shared/tools/libvirt-source.sh first.) Without the source it skips
// with a message and exits 0, so a developer without it is not blocked; CI passes the folder.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = process.argv[2] ?? '/tmp/libvirt-src/libvirt-9.0.0';
if (!existsSync(join(src, 'src/remote/remote_protocol.x'))) {
  console.log(`check-protocol-fresh: skipped, no libvirt source at ${src} (unpack it with shared/tools/libvirt-source.sh)`);
  process.exit(0);
}
const out = mkdtempSync(join(tmpdir(), 'tsvirt-protocol-'));
try {
  const r = spawnSync(process.execPath, [join(repo, 'tools/gen-protocol.mjs'), src, out], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const list = (root) => {
    const files = [];
    const walk = (d) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.generated.ts')) files.push(relative(root, p));
      }
    };
    if (existsSync(join(root, 'src/protocol'))) walk(join(root, 'src/protocol'));
    return files.sort();
  };
  const fresh = list(out);
  const committed = list(repo);
  const problems = [];
  for (const f of fresh) {
    if (!committed.includes(f)) problems.push(`missing from the repository: ${f}`);
    else if (readFileSync(join(out, f), 'utf8') !== readFileSync(join(repo, f), 'utf8')) problems.push(`differs from a fresh run: ${f}`);
  }
  for (const f of committed) if (!fresh.includes(f)) problems.push(`no longer generated: ${f}`);
  if (problems.length) {
    console.error(problems.join('\n'));
    console.error('Regenerate: node tools/gen-protocol.mjs ' + src);
    process.exit(1);
  }
  console.log(`check-protocol-fresh: ${fresh.length} generated files match (${r.stdout.trim()})`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
