import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPoolDef, formatVolDef, parsePoolXml, parseVolXml, sanitizePath, scaleInteger } from './storage-conf.js';

describe('storage pool XML', () => {
  it('writes a netfs pool as libvirt does (paths cleaned, -1 owner dropped)', async () => {
    const def = await parsePoolXml(`<pool type='netfs'><name>p1</name><uuid>22222222-2222-3333-4444-555555555555</uuid>
      <source><host name='nfs.example.com' port='2049'/><dir path='//export//share/'/><format type='nfs'/><protocol ver='4'/></source>
      <target><path>/var/lib/virt/images/</path><permissions><mode>0755</mode><owner>107</owner><group>-1</group></permissions></target></pool>`);
    assert.equal(
      formatPoolDef(def),
      `<pool type='netfs'>
  <name>p1</name>
  <uuid>22222222-2222-3333-4444-555555555555</uuid>
  <capacity unit='bytes'>0</capacity>
  <allocation unit='bytes'>0</allocation>
  <available unit='bytes'>0</available>
  <source>
    <host name='nfs.example.com' port='2049'/>
    <dir path='//export/share'/>
    <format type='nfs'/>
    <protocol ver='4'/>
  </source>
  <target>
    <path>/var/lib/virt/images</path>
    <permissions>
      <mode>0755</mode>
      <owner>107</owner>
    </permissions>
  </target>
</pool>
`,
    );
  });

  it('derives a logical pool\'s source name and target path from its name', async () => {
    const out = formatPoolDef(await parsePoolXml("<pool type='logical'><name>vg</name><source><device path='/dev/sdz'/></source></pool>"));
    assert.match(out, /<name>vg<\/name>\n {4}<format type='lvm2'\/>\n {2}<\/source>\n {2}<target>\n {4}<path>\/dev\/vg<\/path>/);
  });

  it("refuses invalid pools with libvirt's messages", async () => {
    await assert.rejects(parsePoolXml("<pool type='dir'><name>x</name></pool>"), { message: 'XML error: missing storage pool target path' });
    await assert.rejects(parsePoolXml("<pool type='netfs'><name>x</name></pool>"), { message: 'XML error: missing storage pool source host name' });
    await assert.rejects(parsePoolXml('<pool><name>x</name></pool>'), { message: "XML error: Missing required attribute 'type' in element 'pool'" });
  });
});

describe('storage volume XML', () => {
  it('scales capacity units and writes sizes in bytes', async () => {
    const v = await parseVolXml({ type: 'dir' }, "<volume><name>v</name><capacity unit='G'>2</capacity><allocation unit='M'>512</allocation><target><format type='qcow2'/></target></volume>");
    v.key = '/p/v';
    v.target.path = '/p/v';
    assert.equal(
      formatVolDef({ type: 'dir' }, v),
      `<volume type='file'>
  <name>v</name>
  <key>/p/v</key>
  <capacity unit='bytes'>2147483648</capacity>
  <allocation unit='bytes'>536870912</allocation>
  <target>
    <path>/p/v</path>
    <format type='qcow2'/>
  </target>
</volume>
`,
    );
  });

  it('needs a capacity and a known format', async () => {
    await assert.rejects(parseVolXml({ type: 'dir' }, '<volume><name>v</name></volume>'), { message: 'XML error: missing capacity element' });
    await assert.rejects(parseVolXml({ type: 'dir' }, "<volume><name>v</name><capacity>1</capacity><target><format type='none'/></target></volume>"), {
      message: 'unsupported configuration: unknown volume format type none',
    });
  });
});

describe('helpers', () => {
  it('virScaleInteger units', () => {
    assert.equal(scaleInteger(1n, 'K', 1n, 2n ** 63n), 1024n);
    assert.equal(scaleInteger(1n, 'KB', 1n, 2n ** 63n), 1000n);
    assert.equal(scaleInteger(1n, 'GiB', 1n, 2n ** 63n), 1073741824n);
    assert.throws(() => scaleInteger(1n, 'Q', 1n, 2n ** 63n), { message: "invalid argument: unknown suffix 'Q'" });
  });
  it('virFileSanitizePath', () => {
    assert.equal(sanitizePath('//a//b/'), '//a/b');
    assert.equal(sanitizePath('///a'), '/a');
    assert.equal(sanitizePath('/'), '/');
    assert.equal(sanitizePath('nfs://h//x'), 'nfs://h//x');
  });
});
