import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatNetworkDef, parseNetworkXml } from './network-conf.js';
import { updateNetworkDef, NetworkSection, NetworkUpdateCommand } from './network-update.js';

// Expected outputs are what Debian's libvirt 9.0 prints for `net-define` + `net-dumpxml` of the inputs.
const roundTrip = async (xml: string) => formatNetworkDef(await parseNetworkXml(xml));

describe('network XML', () => {
  it('writes the default network as libvirt does (forward defaults to nat, bridge gets stp/delay)', async () => {
    const out = await roundTrip(
      "<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid><bridge name='virbr0'/><forward/>" +
        "<ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>",
    );
    assert.equal(
      out,
      `<network>
  <name>default</name>
  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
  <forward mode='nat'/>
  <bridge name='virbr0' stp='on' delay='0'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.168.122.2' end='192.168.122.254'/>
    </dhcp>
  </ip>
</network>
`,
    );
  });

  it('keeps forward devices, PCI functions and portgroups in libvirt order', async () => {
    const out = await roundTrip(
      "<network><name>hd</name><uuid>11111111-2222-3333-4444-555555555557</uuid><forward mode='hostdev' managed='yes'><driver name='vfio'/>" +
        "<address type='pci' domain='0' bus='4' slot='0x10' function='1'/></forward><portgroup name='p'/></network>",
    );
    assert.match(out, /<forward mode='hostdev' managed='yes'>\n {4}<driver name='vfio'\/>\n {4}<address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x1'\/>\n {2}<\/forward>/);
    assert.match(out, /<portgroup name='p'>\n {2}<\/portgroup>/);
    assert.doesNotMatch(out, /<bridge/);
  });

  it("refuses invalid definitions with libvirt's messages", async () => {
    await assert.rejects(parseNetworkXml('<network/>'), { message: 'missing name information' });
    await assert.rejects(parseNetworkXml('<pool/>'), { message: "XML error: expecting root element of 'network', not 'pool'" });
    await assert.rejects(parseNetworkXml("<network><name>x</name><forward mode='nat'/></network>"), {
      message: "XML error: nat forwarding requested, but no IP address provided for network 'x'",
    });
    await assert.rejects(parseNetworkXml("<network><name>x</name><forward mode='bogus'/></network>"), {
      message: "unsupported configuration: unknown forwarding type 'bogus'",
    });
    await assert.rejects(parseNetworkXml('<network><name>a/b</name></network>'), { message: 'invalid char in name: /' });
  });

  it('net-update adds and removes DHCP hosts, refusing duplicates', async () => {
    const def = await parseNetworkXml("<network><name>n</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.9'/></dhcp></ip></network>");
    const host = "<host mac='00:11:22:33:44:55' ip='10.0.0.5'/>";
    await updateNetworkDef(def, NetworkUpdateCommand.ADD_LAST, NetworkSection.IP_DHCP_HOST, -1, host);
    assert.match(formatNetworkDef(def), /<host mac='00:11:22:33:44:55' ip='10\.0\.0\.5'\/>/);
    await assert.rejects(updateNetworkDef(def, NetworkUpdateCommand.ADD_LAST, NetworkSection.IP_DHCP_HOST, -1, host), /there is an existing dhcp host entry in network 'n'/);
    await updateNetworkDef(def, NetworkUpdateCommand.DELETE, NetworkSection.IP_DHCP_HOST, -1, "<host ip='10.0.0.5'/>");
    assert.doesNotMatch(formatNetworkDef(def), /<host/);
    await assert.rejects(updateNetworkDef(def, NetworkUpdateCommand.MODIFY, NetworkSection.BRIDGE, -1, '<bridge/>'), {
      message: "Operation not supported: can't update 'bridge' section of network 'n'",
    });
  });
});
