import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatInterface, parseInterfaceXml } from './interface-conf.js';
import { strToInt, strToUInt, strToUIntP, strToULongLongP } from './interface/strtol.js';
import { VirError } from '../util/error.js';

async function rejects(xml: string, message: string) {
  await assert.rejects(parseInterfaceXml(xml), (e: unknown) => e instanceof VirError && e.message === message);
}

test('ethernet: elements come out in libvirt order (start, mtu, protocol, link, mac)', async () => {
  const def = await parseInterfaceXml(
    `<interface type="ethernet" name="eth1"><mac address="aa:bb:cc:dd:ee:ff"/><link state="up" speed="100"/>` +
      `<protocol family="ipv4"><route gateway="192.168.0.1"/><ip address="192.168.0.5" prefix="24"/></protocol>` +
      `<mtu size="1492"/><start mode="onboot"/></interface>`,
  );
  assert.equal(
    formatInterface(def),
    `<interface type='ethernet' name='eth1'>
  <start mode='onboot'/>
  <mtu size='1492'/>
  <protocol family='ipv4'>
    <ip address='192.168.0.5' prefix='24'/>
    <route gateway='192.168.0.1'/>
  </protocol>
  <link speed='100' state='up'/>
  <mac address='aa:bb:cc:dd:ee:ff'/>
</interface>
`,
  );
});

test('empty bond and bridge bodies are written open and closed, not self-closed', async () => {
  const bond = await parseInterfaceXml("<interface type='bond' name='b'><bond/></interface>");
  assert.equal(formatInterface(bond), "<interface type='bond' name='b'>\n  <bond>\n  </bond>\n</interface>\n");
  const eth = await parseInterfaceXml("<interface type='ethernet' name='e'/>");
  assert.equal(formatInterface(eth), "<interface type='ethernet' name='e'>\n</interface>\n");
});

test('ports inherit addressing: nested interfaces drop start, mtu and protocol', async () => {
  const def = await parseInterfaceXml(
    "<interface type='bridge' name='br0'><bridge stp='on' delay='0'><interface type='ethernet' name='e'><start mode='onboot'/><mtu size='9000'/><mac address='00:11:22:33:44:55'/></interface></bridge></interface>",
  );
  assert.match(formatInterface(def), /<interface type='ethernet' name='e'>\n {6}<mac address='00:11:22:33:44:55'\/>\n {4}<\/interface>/);
  assert.doesNotMatch(formatInterface(def), /mtu|start/);
});

test("a bridge with a bad stp value is accepted but loses its ports (libvirt's quirk)", async () => {
  const def = await parseInterfaceXml("<interface type='bridge' name='b'><bridge stp='maybe' delay='1'><interface type='ethernet' name='e'/></bridge></interface>");
  assert.equal(formatInterface(def), "<interface type='bridge' name='b'>\n  <bridge>\n  </bridge>\n</interface>\n");
});

test('parse errors carry libvirt texts', async () => {
  await rejects("<interface name='x'/>", "XML error: Missing required attribute 'type' in element 'interface'");
  await rejects("<interface type='wifi' name='x'/>", "XML error: Invalid value for attribute 'type' in element 'interface': 'wifi'.");
  await rejects("<interface type='ethernet'/>", 'XML error: interface has no name');
  await rejects("<interface type='ethernet' name='x'><mtu size='abc'/></interface>", 'An error occurred, but the cause is unknown');
  await rejects("<interface type='bond' name='b'><bond><interface type='vlan' name='v'/></bond></interface>", "XML error: interface has unsupported type 'vlan'");
  await rejects("<interface type='vlan' name='v'><vlan tag='3'/></interface>", 'XML error: vlan interface misses name attribute');
  await rejects('<network/>', "XML error: expecting root element of 'interface', not 'network'");
});

test('strtol family: C rules for sign, base prefix, range and wrap-around', () => {
  assert.equal(strToUIntP(' 42'), 42);
  assert.equal(strToUIntP('-1'), undefined);
  assert.equal(strToUInt('-1'), 0xffffffff);
  assert.equal(strToUIntP('4294967296'), undefined);
  assert.equal(strToInt('0x10', 0), 16);
  assert.equal(strToInt('010', 0), 8);
  assert.equal(strToUIntP('0x1d6b', 16), 0x1d6b);
  assert.equal(strToUIntP('12abc'), undefined);
  assert.equal(strToInt('2147483648'), undefined);
  assert.equal(strToULongLongP('18446744073709551615'), 18446744073709551615n);
});
