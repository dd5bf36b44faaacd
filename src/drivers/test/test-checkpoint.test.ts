import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointCreateFlags, CheckpointDeleteFlags, CheckpointListFlags, CheckpointXMLFlags, open, openReadOnly } from '../../api/index.js';
import { ErrorCode, VirError } from '../../util/error.js';

/** A private test driver instance (custom file): one running domain with one disk. */
async function privateConn() {
  const dir = await mkdtemp(join(tmpdir(), 'tsvirt-chk-'));
  const file = join(dir, 'node.xml');
  await writeFile(
    file,
    `<node>
  <domain type='test'>
    <name>d</name>
    <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
    <memory>524288</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='/var/lib/d.img'/>
        <target dev='vda' bus='virtio'/>
      </disk>
    </devices>
  </domain>
</node>
`,
  );
  const conn = await open(`test://${file}`);
  return {
    conn,
    file,
    dom: await conn.domainLookupByName('d'),
    async [Symbol.asyncDispose]() {
      await conn.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const names = (list: { name: string }[]) => list.map((c) => c.name);

test('create links each checkpoint under the current one; lists filter by roots, leaves and descendants', async () => {
  await using t = await privateConn();
  const { dom } = t;
  for (const n of ['a', 'b', 'c']) await dom.checkpointCreateXML(`<domaincheckpoint><name>${n}</name></domaincheckpoint>`);
  const c = await dom.checkpointLookupByName('c');
  assert.equal((await c.getParent()).name, 'b');
  const xml = await c.getXMLDesc(CheckpointXMLFlags.NO_DOMAIN);
  assert.match(xml, /^<domaincheckpoint>\n {2}<name>c<\/name>\n {2}<parent>\n {4}<name>b<\/name>\n {2}<\/parent>\n {2}<creationTime>\d+<\/creationTime>\n/);
  assert.match(xml, /<disk name='vda' checkpoint='bitmap' bitmap='c'\/>/);
  assert.doesNotMatch(xml, /<domain /);
  assert.match(await c.getXMLDesc(), /<domain type='test'>/);
  assert.deepEqual(names(await dom.listAllCheckpoints(CheckpointListFlags.ROOTS)), ['a']);
  assert.deepEqual(names(await dom.listAllCheckpoints(CheckpointListFlags.LEAVES)), ['c']);
  assert.deepEqual(names(await dom.listAllCheckpoints(CheckpointListFlags.TOPOLOGICAL)), ['a', 'b', 'c']);
  const a = await dom.checkpointLookupByName('a');
  assert.deepEqual(names(await a.listAllChildren()), ['b']);
  assert.deepEqual(names(await a.listAllChildren(CheckpointListFlags.DESCENDANTS)), ['b', 'c']);
  await assert.rejects(a.getParent(), (e: VirError) => e.code === ErrorCode.NoDomainCheckpoint && e.message === "Domain checkpoint not found: checkpoint 'a' does not have a parent");
  await assert.rejects(dom.checkpointLookupByName('zz'), (e: VirError) => e.message === "Domain checkpoint not found: no domain checkpoint with matching name 'zz'");
  await assert.rejects(dom.listAllCheckpoints(1 << 4), (e: VirError) => e.message === 'unsupported flags (0x10) in function testDomainListAllCheckpoints');
});

test('the domain must run, and must have no snapshots', async () => {
  await using t = await privateConn();
  const { dom } = t;
  await dom.snapshotCreateXML('<domainsnapshot><name>s</name></domainsnapshot>');
  await assert.rejects(dom.checkpointCreateXML('<domaincheckpoint/>'), (e: VirError) => e.message === 'Operation not supported: cannot create checkpoint while snapshot exists');
  await (await dom.snapshotLookupByName('s')).delete();
  await dom.destroy();
  await assert.rejects(dom.checkpointCreateXML('<domaincheckpoint/>'), (e: VirError) => e.message === 'Operation not supported: cannot create checkpoint for inactive domain');
});

test('delete reparents children, or takes them along; the current checkpoint moves to the parent', async () => {
  await using t = await privateConn();
  const { dom } = t;
  for (const n of ['a', 'b', 'c']) await dom.checkpointCreateXML(`<domaincheckpoint><name>${n}</name></domaincheckpoint>`);
  await (await dom.checkpointLookupByName('b')).delete();
  assert.equal((await (await dom.checkpointLookupByName('c')).getParent()).name, 'a');
  await (await dom.checkpointLookupByName('c')).delete();
  // c was current: the next checkpoint goes under c's parent.
  await dom.checkpointCreateXML('<domaincheckpoint><name>d</name></domaincheckpoint>');
  assert.equal((await (await dom.checkpointLookupByName('d')).getParent()).name, 'a');
  await (await dom.checkpointLookupByName('a')).delete(CheckpointDeleteFlags.CHILDREN_ONLY);
  assert.deepEqual(names(await dom.listAllCheckpoints()), ['a']);
  await (await dom.checkpointLookupByName('a')).delete(CheckpointDeleteFlags.CHILDREN);
  assert.deepEqual(names(await dom.listAllCheckpoints()), []);
});

test('redefine: needs a name and a creation time, checks the uuid and parent, keeps children', async () => {
  await using t = await privateConn();
  const { dom } = t;
  const R = CheckpointCreateFlags.REDEFINE;
  await assert.rejects(dom.checkpointCreateXML('<domaincheckpoint/>', R), (e: VirError) => e.message === 'XML error: a redefined checkpoint must have a name');
  await assert.rejects(dom.checkpointCreateXML('<domaincheckpoint><name>r</name></domaincheckpoint>', R), (e: VirError) => e.message === 'internal error: missing creationTime from existing checkpoint');
  await assert.rejects(
    dom.checkpointCreateXML('<domaincheckpoint><name>r</name><parent><name>p</name></parent><creationTime>5</creationTime></domaincheckpoint>', R),
    (e: VirError) => e.message === 'invalid argument: parent p for moment r not found',
  );
  await dom.checkpointCreateXML('<domaincheckpoint><name>a</name></domaincheckpoint>');
  await dom.checkpointCreateXML('<domaincheckpoint><name>b</name></domaincheckpoint>');
  await dom.checkpointCreateXML('<domaincheckpoint><name>a</name><description>again</description><creationTime>5</creationTime></domaincheckpoint>', R);
  const a = await dom.checkpointLookupByName('a');
  assert.match(await a.getXMLDesc(), /^<domaincheckpoint>\n {2}<name>a<\/name>\n {2}<description>again<\/description>\n {2}<creationTime>5<\/creationTime>\n<\/domaincheckpoint>\n$/);
  assert.deepEqual(names(await a.listAllChildren()), ['b']);
  const otherUuid = `<domaincheckpoint><name>u</name><creationTime>5</creationTime><domain type='test'><name>d</name><uuid>00000000-1d52-d8f3-2516-782e98ab3fa0</uuid><memory>1</memory><os><type>hvm</type></os></domain></domaincheckpoint>`;
  await assert.rejects(dom.checkpointCreateXML(otherUuid, R), (e: VirError) => e.message === 'invalid argument: definition for checkpoint u must use uuid 4dea22b3-1d52-d8f3-2516-782e98ab3fa0');
});

test('API checks: read-only refusals, exclusive and required flags, size only while running', async () => {
  await using t = await privateConn();
  const { dom } = t;
  await dom.checkpointCreateXML('<domaincheckpoint><name>a</name></domaincheckpoint>');
  await assert.rejects(dom.checkpointCreateXML('<domaincheckpoint/>', CheckpointCreateFlags.REDEFINE | CheckpointCreateFlags.QUIESCE), (e: VirError) =>
    e.message === "Flags 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE' and 'VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE' are mutually exclusive",
  );
  await assert.rejects(dom.checkpointCreateXML('<domaincheckpoint/>', CheckpointCreateFlags.REDEFINE_VALIDATE), (e: VirError) =>
    e.message === "Flag 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE'",
  );
  const a = await dom.checkpointLookupByName('a');
  await assert.rejects(a.delete(CheckpointDeleteFlags.CHILDREN | CheckpointDeleteFlags.CHILDREN_ONLY), /are mutually exclusive/);
  assert.doesNotMatch(await a.getXMLDesc(CheckpointXMLFlags.SIZE), /size=/);
  await dom.destroy();
  await assert.rejects(a.getXMLDesc(CheckpointXMLFlags.SIZE), (e: VirError) => e.message === 'Requested operation is not valid: domain is not running');

  const ro = await openReadOnly(`test://${t.file}`);
  try {
    const rdom = await ro.domainLookupByName('d');
    await assert.rejects(rdom.checkpointCreateXML('<domaincheckpoint/>'), (e: VirError) => e.message === 'operation forbidden: read only access prevents virDomainCheckpointCreateXML');
  } finally {
    await ro.close();
  }
});

test('read-only connections may list and read, but not delete or ask for secrets', async () => {
  const ro = await openReadOnly('test:///default');
  const rw = await open('test:///default');
  try {
    const dom = await rw.domainLookupByName('test');
    await dom.checkpointCreateXML('<domaincheckpoint><name>ro-check</name></domaincheckpoint>');
    const rdom = await ro.domainLookupByName('test');
    const chk = await rdom.checkpointLookupByName('ro-check');
    assert.match(await chk.getXMLDesc(), /<name>ro-check<\/name>/);
    await assert.rejects(chk.getXMLDesc(CheckpointXMLFlags.SECURE), (e: VirError) => e.message === 'operation forbidden: virDomainCheckpointGetXMLDesc with secure flag');
    await assert.rejects(chk.delete(), (e: VirError) => e.message === 'operation forbidden: read only access prevents virDomainCheckpointDelete');
    await (await dom.checkpointLookupByName('ro-check')).delete();
  } finally {
    await ro.close();
    await rw.close();
  }
});
