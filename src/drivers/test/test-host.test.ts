import assert from 'node:assert/strict';
import { test } from 'node:test';
import { open } from '../../api/index.js';
import { VirError } from '../../util/error.js';

test('capabilities of test:///default: two NUMA cells of 8 CPUs, pages per cell, two i686 guests', async () => {
  const conn = await open('test:///default');
  try {
    const caps = await conn.getCapabilities();
    assert.ok(caps.startsWith('<capabilities>\n\n  <host>\n    <cpu>\n      <arch>i686</arch>\n'));
    assert.match(caps, /<cells num='2'>/);
    assert.match(caps, /<cell id='1'>\n {10}<memory unit='KiB'>4194304<\/memory>\n {10}<pages unit='KiB' size='8'>524288<\/pages>/);
    assert.match(caps, /<cpu id='15' socket_id='1' die_id='0' core_id='7' siblings='15'\/>/);
    assert.equal(caps.match(/<guest>/g)?.length, 2);
    assert.match(caps, /<os_type>xen<\/os_type>\n {4}<arch name='i686'>\n {6}<wordsize>32<\/wordsize>\n {6}<emulator>\/usr\/bin\/test-hv<\/emulator>\n {6}<domain type='test'\/>/);
    assert.ok(caps.endsWith('  </guest>\n\n</capabilities>\n'));
  } finally {
    await conn.close();
  }
});

test('node queries answer with test_driver.c facts and its errors', async () => {
  const conn = await open('test:///default');
  try {
    assert.equal(await conn.getType(), 'TEST');
    assert.equal(await conn.getMaxVcpus(null), 32);
    assert.deepEqual(await conn.nodeGetCellsFreeMemory(1, 5), [4194304n]);
    assert.equal(await conn.nodeGetFreeMemory(), 3145728n);
    await assert.rejects(conn.nodeGetCellsFreeMemory(2, 1), (e: VirError) => e.message === 'invalid argument: Range exceeds available cells');
    await assert.rejects(conn.nodeGetCellsFreeMemory(-1, 1), (e: VirError) => e.message === 'startCell in virNodeGetCellsFreeMemory must be zero or greater');
    assert.deepEqual(await conn.nodeGetFreePages([4, 8], 0, 2), [19n, 45n, 97n, 201n]);
    const stats = await conn.nodeGetCPUStats(-1, 0);
    assert.equal(stats.nparams, 4);
    assert.deepEqual((await conn.nodeGetCPUStats(3, 2)).params.map((p) => p.field), ['user', 'kernel']);
    await assert.rejects(conn.nodeGetCPUStats(-2, 0), /cpuNum in virNodeGetCPUStats only accepts -1 as a negative value/);
    assert.equal((await conn.getCPUModelNames('x86_64')).length, 58);
    assert.deepEqual(await conn.getCPUModelNames('aarch64'), []);
    await assert.rejects(conn.getCPUModelNames('none'), /invalid argument: cannot find architecture none/);
    await assert.rejects(conn.getCPUModelNames('sparc'), /'sparc' architecture is not supported by CPU driver/);
    await assert.rejects(conn.nodeGetMemoryStats(-1, 0), /not supported by the connection driver: virNodeGetMemoryStats/);
  } finally {
    await conn.close();
  }
});
