// bin/virsh.cjs runs the bundles only while dist/ is as the build left it. These tests give it a
// small tree of its own (a one-line bundle and a one-line module tree, each saying which ran) and
// change that tree the ways tsc does: a re-emit rewrites the build info, an unchanged rewrite
// only touches files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const INPUT = 'dist/src/cli/virsh/main.js';
const BUILD_INFO = 'dist/tsconfig.tsbuildinfo';

/** A tree with bin/virsh.cjs, a module tree printing "tree", and a bundle printing "bundle". */
function makeTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'tsvirt-freshness-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(repo, 'bin/virsh.cjs'), join(root, 'bin/virsh.cjs'));
  mkdirSync(join(root, 'dist/src/cli/virsh'), { recursive: true });
  mkdirSync(join(root, 'dist/virsh'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(join(root, INPUT), "export async function main() { console.log('tree'); return 0; }\n");
  writeFileSync(join(root, BUILD_INFO), '{"version":"7"}');
  const id = 'feedface';
  writeFileSync(
    join(root, 'dist/virsh/b.cjs'),
    `(function (exports, require, module) { module.exports.main = async () => { console.log('bundle'); return 0; }; })\n//# tsvirt-build=${id}\n`,
  );
  const input = statSync(join(root, INPUT));
  const info = statSync(join(root, BUILD_INFO));
  const manifest = {
    id,
    encoding: 'utf8',
    main: { bundle: 'b.cjs', cache: 'b.cache' },
    parts: {},
    inputs: { paths: INPUT, sizes: [input.size], mtimes: [input.mtimeMs], sha1: createHash('sha1').update(readFileSync(join(root, INPUT))).digest('hex') },
    stamp: { path: BUILD_INFO, size: info.size, mtime: info.mtimeMs },
  };
  writeFileSync(join(root, 'dist/virsh/manifest.json'), JSON.stringify(manifest));
  return root;
}

function which(root: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [join(root, 'bin/virsh.cjs')], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** Move a file's times forward, as a rewrite does. */
function touch(path: string): void {
  const later = new Date(statSync(path).mtimeMs + 5000);
  utimesSync(path, later, later);
}

test('a fresh build runs the bundle; TSVIRT_VIRSH_UNBUNDLED=1 the module tree', (t) => {
  const root = makeTree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(which(root), 'bundle');
  assert.equal(which(root, { TSVIRT_VIRSH_UNBUNDLED: '1' }), 'tree');
});

test('a module re-emitted with other content (tsc rewrites its build info) makes virsh run the module tree', (t) => {
  const root = makeTree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, INPUT), "export async function main() { console.log('tree'); return 0; } // changed\n");
  touch(join(root, BUILD_INFO));
  assert.equal(which(root), 'tree');
});

test('a rewrite with the same content keeps the bundle, and the next start trusts the new build info', (t) => {
  const root = makeTree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  touch(join(root, INPUT));
  touch(join(root, BUILD_INFO));
  assert.equal(which(root), 'bundle');
  const manifest = JSON.parse(readFileSync(join(root, 'dist/virsh/manifest.json'), 'utf8'));
  assert.equal(manifest.stamp.mtime, statSync(join(root, BUILD_INFO)).mtimeMs);
  assert.equal(which(root), 'bundle');
});

test('without build info (no incremental tsc) every input is compared', (t) => {
  const root = makeTree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  rmSync(join(root, BUILD_INFO));
  assert.equal(which(root), 'bundle');
  writeFileSync(join(root, INPUT), "export async function main() { console.log('tree'); return 0; } // other\n");
  assert.equal(which(root), 'tree');
});
