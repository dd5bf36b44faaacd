import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, openReadOnly, SnapshotDeleteFlags, SnapshotListFlags, SnapshotRevertFlags } from '../../api/index.js';
import { VirError } from '../../util/error.js';

/** A private test driver instance (custom file), so tests don't share test:///default's state. */
async function privateConn(snapshotsXml = '') {
  const dir = await mkdtemp(join(tmpdir(), 'tsvirt-snap-'));
  const file = join(dir, 'node.xml');
  await writeFile(
    file,
    `<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
  <domain type='test'>
    <name>d</name>
    <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
    <memory>524288</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    ${snapshotsXml}
  </domain>
</node>
`,
  );
  const conn = await open(`test://${file}`);
  return {
    conn,
    dom: await conn.domainLookupByName('d'),
    async [Symbol.asyncDispose]() {
      await conn.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('create, list, tree links and current snapshot', async () => {
  await using t = await privateConn();
  const { dom } = t;
  await dom.snapshotCreateXML('<domainsnapshot><name>a</name></domainsnapshot>');
  await dom.snapshotCreateXML('<domainsnapshot><name>b</name></domainsnapshot>');
  const xml = await (await dom.snapshotLookupByName('b')).getXMLDesc();
  assert.match(xml, /<state>running<\/state>\n {2}<parent>\n {4}<name>a<\/name>\n {2}<\/parent>/);
  assert.match(xml, /<memory snapshot='internal'\/>/);
  assert.equal((await dom.snapshotCurrent()).name, 'b');
  assert.equal(await dom.snapshotNum(SnapshotListFlags.ROOTS), 1);
  const a = await dom.snapshotLookupByName('a');
  assert.equal(await a.numChildren(), 1);
  await assert.rejects(a.getParent(), (e: VirError) => e.message === "Domain snapshot not found: snapshot 'a' does not have a parent");
  await assert.rejects(dom.snapshotCreateXML('<domainsnapshot><name>a</name></domainsnapshot>'), /operation failed: domain moment a already exists/);
  await assert.rejects(dom.snapshotCreateXML('<domainsnapshot/>', 1 << 4), (e: VirError) => e.message === 'unsupported flags (0x10) in function testDomainSnapshotCreateXML');
});

test('revert to a paused state and delete with children', async () => {
  await using t = await privateConn();
  const { dom } = t;
  for (const n of ['a', 'b', 'c']) await dom.snapshotCreateXML(`<domainsnapshot><name>${n}</name></domainsnapshot>`);
  const a = await dom.snapshotLookupByName('a');
  await a.revert(SnapshotRevertFlags.PAUSED);
  assert.deepEqual(await dom.getState(), { state: 3, reason: 7 });
  assert.equal(await a.isCurrent(), true);
  await assert.rejects(a.revert(SnapshotRevertFlags.RUNNING | SnapshotRevertFlags.PAUSED), /Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive/);
  await (await dom.snapshotLookupByName('b')).delete(SnapshotDeleteFlags.CHILDREN);
  assert.deepEqual(await dom.snapshotListNames(10), ['a']);
});

test('saved snapshots of a config file, and read-only refusals', async () => {
  await using t = await privateConn(`<test:domainsnapshot><name>old</name><state>shutoff</state><creationTime>5</creationTime><active>1</active></test:domainsnapshot>`);
  const old = await t.dom.snapshotCurrent();
  assert.equal(old.name, 'old');
  await assert.rejects(old.revert(), (e: VirError) => e.message === "revert requires force: snapshot 'old' lacks domain 'd' rollback info");
  const ro = await openReadOnly('test:///default');
  try {
    const dom = await ro.domainLookupByName('test');
    await assert.rejects(dom.snapshotCreateXML('<domainsnapshot/>'), /operation forbidden: read only access prevents virDomainSnapshotCreateXML/);
  } finally {
    await ro.close();
  }
});

test('lifecycle events of halt and revert, in libvirt 9.0 test driver order', async () => {
  await using t = await privateConn();
  const { conn, dom } = t;
  const seen: [number, number][] = [];
  const stop = conn.drivers.events!.listen((ev) => {
    if (ev.family === 'domain') seen.push([ev.data.event as number, ev.data.detail as number]);
  });
  try {
    const a = await dom.snapshotCreateXML('<domainsnapshot><name>a</name></domainsnapshot>');
    await dom.snapshotCreateXML('<domainsnapshot><name>h</name></domainsnapshot>', 1 << 3 /* HALT */);
    await a.revert(SnapshotRevertFlags.PAUSED);
    await dom.destroy();
    const off = await dom.snapshotCreateXML('<domainsnapshot><name>off</name></domainsnapshot>');
    await dom.create();
    await off.revert(SnapshotRevertFlags.PAUSED);
    await new Promise((r) => setImmediate(r));
    // What Debian's libvirt 9.0 reports for the same calls on test:///default.
    assert.deepEqual(seen, [[5, 6], [2, 3], [3, 5], [5, 1], [2, 0], [5, 6], [2, 3], [3, 5]]);
  } finally {
    stop();
  }
});
