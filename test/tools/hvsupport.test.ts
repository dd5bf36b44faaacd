// The support matrix is generated from the live driver tables: the committed page must be what the
// generator makes now, and it must show every API libvirt 9.0's own test driver implements as
// implemented by ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildMatrix, openDrivers, renderMatrix } from '../../tools/gen-hvsupport.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('docs/hvsupport.md is fresh, and ours implements every API libvirt 9.0\'s test driver does', async () => {
  const { conns, close } = await openDrivers();
  try {
    const matrix = buildMatrix(conns);
    const testColumn = matrix.drivers.indexOf('test');
    assert.ok(testColumn >= 0);
    const missing: string[] = [];
    let libvirtTest = 0;
    for (const rows of Object.values(matrix.rows)) {
      for (const r of rows) {
        if (!r.libvirtTest) continue;
        libvirtTest++;
        if (r.ours[testColumn] === '') missing.push(r.api);
      }
    }
    assert.ok(libvirtTest > 200, `libvirt's test driver facts list ${libvirtTest} APIs`);
    assert.deepEqual(missing, [], 'APIs libvirt\'s test driver implements and ours does not');
    const committed = readFileSync(root + 'docs/hvsupport.md', 'utf8');
    assert.equal(committed, renderMatrix(matrix), 'docs/hvsupport.md is stale: npm run build && node dist/tools/gen-hvsupport.js');
  } finally {
    await close();
  }
});
