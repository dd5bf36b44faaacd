#!/usr/bin/env node
// Runs every test (compiled *.test.js under dist/) with node's own runner.
// TSVIRT_TEST_FILTER=substring narrows the files; extra arguments pass to node --test.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const filter = process.env.TSVIRT_TEST_FILTER ?? '';
const files = [...walk('dist/src', []), ...walk('dist/test', [])].filter((f) => f.includes(filter)).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...process.argv.slice(2), ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
