import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { VirError } from '../util/error.js';
import { alignCheckpointDisks, formatCheckpointXml, parseCheckpointXml, type CheckpointDef } from './checkpoint-conf.js';
import { parseDomainXml } from './domain/domain-parse.js';
import { schemaDir } from './xml/schema-validate.js';

const DOMAIN = `<domain type='test'>
  <name>d</name>
  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
  <memory>524288</memory>
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/img/a.img'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='cdrom'><source file='/img/b.iso'/><target dev='hdc' bus='ide'/></disk>
    <disk type='file' device='disk'><source file='/img/c.img'/><target dev='vdb' bus='virtio'/></disk>
  </devices>
</domain>`;

test('a new checkpoint is stamped and named by the clock; disks default to a bitmap named after it', async () => {
  const def = await parseCheckpointXml('<domaincheckpoint><description>d &amp; e</description></domaincheckpoint>', { now: () => 1700000000n });
  assert.equal(def.name, '1700000000');
  assert.equal(def.creationTime, 1700000000n);
  def.dom = await parseDomainXml(DOMAIN);
  alignCheckpointDisks(def);
  assert.deepEqual(
    def.disks.map((d) => [d.name, d.type, d.bitmap]),
    [
      ['vda', 'bitmap', '1700000000'],
      ['vdb', 'bitmap', '1700000000'],
      ['hdc', 'no', undefined],
    ],
  );
  const xml = formatCheckpointXml(def, { noDomain: true });
  assert.equal(
    xml,
    `<domaincheckpoint>
  <name>1700000000</name>
  <description>d &amp; e</description>
  <creationTime>1700000000</creationTime>
  <disks>
    <disk name='vda' checkpoint='bitmap' bitmap='1700000000'/>
    <disk name='vdb' checkpoint='bitmap' bitmap='1700000000'/>
    <disk name='hdc' checkpoint='no'/>
  </disks>
</domaincheckpoint>
`,
  );
  assert.match(formatCheckpointXml(def), /\n {2}<domain type='test'>\n {4}<name>d<\/name>\n/);
});

test('with some disks named, the others get no checkpoint; names by path become targets', async () => {
  const def = await parseCheckpointXml("<domaincheckpoint><name>c</name><disks><disk name='/img/c.img' bitmap='mine'/></disks></domaincheckpoint>");
  def.dom = await parseDomainXml(DOMAIN);
  alignCheckpointDisks(def);
  assert.deepEqual(
    def.disks.map((d) => [d.name, d.type, d.bitmap]),
    [
      ['vda', 'no', undefined],
      ['vdb', 'bitmap', 'mine'],
      ['hdc', 'no', undefined],
    ],
  );
});

test('alignment errors are libvirt’s', async () => {
  const dom = await parseDomainXml(DOMAIN);
  const align = (disks: CheckpointDef['disks']) => () => alignCheckpointDisks({ name: 'c', creationTime: 1n, disks, dom });
  assert.throws(align([{ name: 'vdz', type: 'bitmap' }]), (e: VirError) => e.message === "unsupported configuration: no disk named 'vdz'");
  assert.throws(align([{ name: 'hdc', type: 'bitmap' }]), (e: VirError) => e.message === "unsupported configuration: disk 'hdc' is empty or readonly");
  assert.throws(
    align([
      { name: 'vda', type: 'bitmap' },
      { name: '/img/a.img', type: 'no' },
    ]),
    (e: VirError) => e.message === "unsupported configuration: disk '/img/a.img' specified twice",
  );
  const many = Array.from({ length: 4 }, () => ({ name: 'vda', type: 'bitmap' as const }));
  assert.throws(align(many), (e: VirError) => e.message === 'unsupported configuration: too many disk checkpoint requests for domain');
  assert.throws(() => alignCheckpointDisks({ name: 'c', creationTime: 1n, disks: [] }), /missing domain in checkpoint/);
});

test('redefinitions keep their time and parent; parse errors are reported as libvirt does', async () => {
  const def = await parseCheckpointXml('<domaincheckpoint><name>r</name><parent><name>p</name></parent><creationTime>42</creationTime></domaincheckpoint>', { redefine: true });
  assert.equal(def.parentName, 'p');
  assert.equal(def.creationTime, 42n);
  assert.equal(formatCheckpointXml(def), '<domaincheckpoint>\n  <name>r</name>\n  <parent>\n    <name>p</name>\n  </parent>\n  <creationTime>42</creationTime>\n</domaincheckpoint>\n');
  await assert.rejects(parseCheckpointXml('<domaincheckpoint/>', { redefine: true }), (e: VirError) => e.message === 'XML error: a redefined checkpoint must have a name');
  await assert.rejects(parseCheckpointXml('<domainsnapshot/>'), (e: VirError) => e.message === "XML error: expecting root element of 'domaincheckpoint', not 'domainsnapshot'");
  await assert.rejects(parseCheckpointXml('<domaincheckpoint>'), (e: VirError) => e.message.startsWith('(domain_checkpoint):1: '));
});

test('documents are checked against the installed schema when it is there', { skip: !existsSync(`${schemaDir()}/domaincheckpoint.rng`) && 'libvirt schemas not installed' }, async () => {
  await assert.rejects(
    parseCheckpointXml('<domaincheckpoint><foo/></domaincheckpoint>'),
    (e: VirError) =>
      e.message === `XML document failed to validate against schema: Unable to validate doc against ${schemaDir()}/domaincheckpoint.rng\nElement domaincheckpoint has extra content: foo\n`,
  );
  await assert.rejects(parseCheckpointXml('<domaincheckpoint><name>.hidden</name></domaincheckpoint>'), /failed to validate against schema/);
});
