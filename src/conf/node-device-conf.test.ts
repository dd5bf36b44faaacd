import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNodeDevice, hasCap, parseNodeDeviceXml, parseUuid } from './node-device-conf.js';
import { VirError } from '../util/error.js';

async function rejects(xml: string, message: string, mode: 'existing' | 'create' = 'existing') {
  await assert.rejects(parseNodeDeviceXml(xml, mode), (e: unknown) => e instanceof VirError && e.message === message);
}

test('scsi_host: vport_ops counts are not read from XML, fc_host keeps its names', async () => {
  const def = await parseNodeDeviceXml(
    `<device><name>scsi_host1</name><parent>computer</parent><capability type='scsi_host'><host>1</host><unique_id>0</unique_id>
      <capability type='fc_host'><wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn><fabric_wwn>2000000043214321</fabric_wwn></capability>
      <capability type='vport_ops'><max_vports>127</max_vports><vports>1</vports></capability></capability></device>`,
    'existing',
  );
  assert.equal(
    formatNodeDevice(def),
    `<device>
  <name>scsi_host1</name>
  <parent>computer</parent>
  <capability type='scsi_host'>
    <host>1</host>
    <unique_id>0</unique_id>
    <capability type='fc_host'>
      <wwnn>2000000012341234</wwnn>
      <wwpn>1000000012341234</wwpn>
      <fabric_wwn>2000000043214321</fabric_wwn>
    </capability>
    <capability type='vport_ops'>
      <max_vports>0</max_vports>
      <vports>0</vports>
    </capability>
  </capability>
</device>
`,
  );
  assert.ok(hasCap(def, 'fc_host'));
  assert.ok(hasCap(def, 'vports'));
  assert.ok(!hasCap(def, 'pci'));
});

test('usb_device: an unnamed id is closed with " />" as libvirt writes it', async () => {
  const def = await parseNodeDeviceXml(
    "<device><name>u</name><capability type='usb_device'><bus>1</bus><device>2</device><product id='0x1'/><vendor id='1d6b'>Linux Foundation</vendor></capability></device>",
    'existing',
  );
  const out = formatNodeDevice(def);
  assert.match(out, /<product id='0x0001' \/>\n/);
  assert.match(out, /<vendor id='0x1d6b'>Linux Foundation<\/vendor>\n/);
});

test('a device to create is named "new device" and has no host numbers', async () => {
  await rejects("<device><capability type='scsi_host'><capability type='fc_host'><wwpn>1</wwpn></capability></capability></device>", "internal error: no WWNN supplied for 'new device', and auto-generation failed", 'create');
});

test('parse errors carry libvirt texts', async () => {
  await rejects('<device/>', 'missing name information');
  await rejects('<device><name>x</name></device>', "internal error: no device capabilities for 'x'");
  await rejects("<device><name>x</name><capability type='vports'/></device>", "internal error: unknown capability type '10' for 'x'");
  await rejects("<device><name>x</name><capability type='system'><hardware><uuid>nope</uuid></hardware></capability></device>", "internal error: malformed uuid element for 'x'");
  await rejects("<device><name>x</name><parent wwnn='1'/><capability type='system'/></device>", "XML error: when providing parent wwnn='1', the wwpn must also be provided");
  await rejects("<device><name>x</name><capability type='drm'><type>odd</type></capability></device>", "unsupported configuration: unknown drm type 'odd' for 'x'");
});

test('uuid parsing is liberal about separators and canonical on output', () => {
  assert.equal(parseUuid(' 11111111 2222-3333-4444-555555555555 '), '11111111-2222-3333-4444-555555555555');
  assert.equal(parseUuid('AAAAAAAABBBBCCCCDDDDEEEEEEEEEEEE'), 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  assert.equal(parseUuid('1234'), undefined);
});
