import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirError } from '../util/error.js';
import { formatSnapshotXml, parseSnapshotXml, snapshotIsExternal } from './snapshot-conf.js';

test('a new snapshot gets the clock as creation time and, unnamed, as its name', async () => {
  const { def } = await parseSnapshotXml('<domainsnapshot/>', { now: () => 1700000000n });
  assert.equal(def.name, '1700000000');
  assert.equal(def.creationTime, 1700000000n);
  assert.equal(def.memory, 'default');
});

test('a redefinition needs name, creation time and a valid state; offline memory defaults to no', async () => {
  const xml = (body: string) => `<domainsnapshot>${body}</domainsnapshot>`;
  await assert.rejects(parseSnapshotXml(xml('<state>running</state>'), { redefine: true }), /a redefined snapshot must have a name/);
  await assert.rejects(parseSnapshotXml(xml('<name>a</name>'), { redefine: true }), /internal error: missing creationTime from existing snapshot/);
  await assert.rejects(parseSnapshotXml(xml('<name>a</name><creationTime>5</creationTime>'), { redefine: true }), /missing state from existing snapshot/);
  await assert.rejects(
    parseSnapshotXml(xml('<name>a</name><creationTime>5</creationTime><state>nostate</state>'), { redefine: true }),
    (e: VirError) => e.message === "unsupported configuration: Invalid state 'nostate' in domain snapshot XML",
  );
  const { def } = await parseSnapshotXml(xml('<name>a</name><creationTime>5</creationTime><state>shutoff</state><parent><name>p</name></parent>'), { redefine: true });
  assert.equal(def.memory, 'no');
  assert.equal(def.parentName, 'p');
});

test('memory and disk rules: external needs a file, files need external, paths are absolute', async () => {
  await assert.rejects(parseSnapshotXml("<domainsnapshot><memory snapshot='external'/></domainsnapshot>"), /external memory snapshots require a filename/);
  await assert.rejects(parseSnapshotXml("<domainsnapshot><memory snapshot='internal' file='/m'/></domainsnapshot>"), /memory filename '\/m' requires external snapshot/);
  await assert.rejects(parseSnapshotXml("<domainsnapshot><memory file='m'/></domainsnapshot>"), /memory snapshot file path \(m\) must be absolute/);
  await assert.rejects(parseSnapshotXml("<domainsnapshot><memory snapshot='manual'/></domainsnapshot>"), /'manual' memory snapshot mode not supported/);
  await assert.rejects(parseSnapshotXml("<domainsnapshot><disks><disk/></disks></domainsnapshot>"), /missing name from disk snapshot element/);
  await assert.rejects(parseSnapshotXml("<domainsnapshot><disks><disk name='vda' snapshot='default'/></disks></domainsnapshot>"), /Invalid value for attribute 'snapshot' in element 'disk': 'default'\./);
  await assert.rejects(parseSnapshotXml("<domainsnapshot><disks><disk name='vda' type='dir'/></disks></domainsnapshot>"), /unsupported disk snapshot type 'dir'/);
  await assert.rejects(parseSnapshotXml("<domainsnapshot><disks><disk name='vda'><driver type='bogus'/></disk></disks></domainsnapshot>"), /unknown disk snapshot driver 'bogus'/);
  const { def } = await parseSnapshotXml("<domainsnapshot><disks><disk name='vda'><source file='/x.qcow2'/></disk></disks></domainsnapshot>");
  assert.equal(def.disks[0].snapshot, 'external');
  assert.ok(snapshotIsExternal(def));
});

test('formatting follows libvirt order: name, description, state, parent, time, memory, disks, domain stand-in', async () => {
  const { def } = await parseSnapshotXml(
    "<domainsnapshot><name>s &amp; t</name><description>d</description><state>disk-snapshot</state><creationTime>7</creationTime><disks><disk name='vda' snapshot='external' type='block'><source dev='/dev/sdb'/><driver type='raw'/></disk><disk name='vdb' snapshot='no'/></disks></domainsnapshot>",
    { redefine: true },
  );
  assert.equal(
    formatSnapshotXml(def, '6695eb01-f6a4-8304-79aa-97f2502e193f', { internal: true, current: true }),
    `<domainsnapshot>
  <name>s &amp; t</name>
  <description>d</description>
  <state>disk-snapshot</state>
  <creationTime>7</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='external' type='block'>
      <driver type='raw'/>
      <source dev='/dev/sdb'/>
    </disk>
    <disk name='vdb' snapshot='no'/>
  </disks>
  <domain>
    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
  </domain>
  <active>1</active>
</domainsnapshot>
`,
  );
});
