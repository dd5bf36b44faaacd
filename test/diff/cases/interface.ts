// Differential cases for the "Interface" group on the test driver: test:///default's eth1, lookups
// by name and MAC, definitions of every interface type, state changes, transactions, bridge and
// unbridge, and the errors of each (unknown interface, wrong state, malformed XML, read-only).
import type { DiffCase, Mask } from '../case.js';

/** GLib's assertion report (libvirt compares a missing MAC with g_ascii_strcasecmp) carries a pid and the time. */
const GLIB_CRITICAL_MASK: Mask = {
  name: 'glib-critical-pid-time',
  pattern: /\(process:\d+\): GLib-CRITICAL \*\*: [\d:.]+:/g,
  replace: '(process:<pid>): GLib-CRITICAL **: <time>:',
};

const BRIDGE_XML = `<interface type='bridge' name='br0'>
  <start mode='none'/>
  <protocol family='ipv6'>
    <autoconf/>
    <dhcp peerdns='no'/>
    <ip address='::1' prefix='64'/>
    <route gateway='fe80::1'/>
  </protocol>
  <bridge stp='off' delay='0.5'>
    <interface type='ethernet' name='eth5'>
      <mac address='00:11:22:33:44:55'/>
      <link state='up' speed='1000'/>
    </interface>
    <interface type='bond' name='bond0'>
      <bond mode='802.3ad'>
        <miimon freq='100' updelay='10' carrier='netif'/>
        <interface type='ethernet' name='eth6'/>
      </bond>
    </interface>
    <interface type='vlan' name='v'>
      <vlan tag='42'><interface name='eth7'/></vlan>
    </interface>
  </bridge>
</interface>
`;

const BOND_ARP_XML = `<interface type='bond' name='bond1'>
  <start mode='hotplug'/>
  <mtu size='9000'/>
  <protocol family='ipv4'>
    <dhcp peerdns='yes'/>
    <ip address='10.0.0.2'/>
  </protocol>
  <bond mode='active-backup'>
    <arpmon interval='100' target='10.0.0.1' validate='backup'/>
    <interface type='ethernet' name='eth8'><mac address='52:54:00:00:00:08'/></interface>
  </bond>
</interface>
`;

const ETH_REDEFINE_XML = `<interface type='ethernet' name='eth1'>
  <mac address='aa:bb:cc:dd:ee:00'/>
</interface>
`;

const files = (name: string, text: string) => ({ [name]: text });

export const cases: DiffCase[] = [
  // --- listing and lookups ---
  { name: 'iface-list', argv: ['iface-list'] },
  { name: 'iface-list-all', argv: ['iface-list', '--all'] },
  { name: 'iface-list-inactive', argv: ['iface-list', '--inactive'] },
  { name: 'iface-list-quiet', argv: ['-q', 'iface-list', '--all'] },
  { name: 'iface-list-all-and-inactive', argv: ['iface-list', '--all', '--inactive'] },
  { name: 'iface-dumpxml', argv: ['iface-dumpxml', 'eth1'] },
  { name: 'iface-dumpxml-by-mac', argv: ['iface-dumpxml', 'aa:bb:cc:dd:ee:ff'] },
  { name: 'iface-dumpxml-by-mac-uppercase', argv: ['iface-dumpxml', 'AA:BB:CC:DD:EE:FF'] },
  { name: 'iface-dumpxml-xpath', argv: ['iface-dumpxml', 'eth1', '--xpath', '//mac'] },
  { name: 'iface-dumpxml-xpath-wrap', argv: ['iface-dumpxml', 'eth1', '--xpath', '//protocol', '--wrap'] },
  { name: 'iface-dumpxml-inactive-unsupported', argv: ['iface-dumpxml', '--inactive', 'eth1'] },
  { name: 'iface-dumpxml-unknown', argv: ['iface-dumpxml', 'eth9'] },
  { name: 'iface-dumpxml-missing-arg', argv: ['iface-dumpxml'] },
  { name: 'iface-mac', argv: ['iface-mac', 'eth1'] },
  { name: 'iface-mac-unknown', argv: ['iface-mac', 'nosuch'] },
  { name: 'iface-mac-given-a-mac', argv: ['iface-mac', 'aa:bb:cc:dd:ee:ff'] },
  { name: 'iface-name', argv: ['iface-name', 'aa:bb:cc:dd:ee:ff'] },
  { name: 'iface-name-unknown-mac', argv: ['iface-name', '00:11:22:33:44:55'] },
  { name: 'iface-name-given-a-name', argv: ['iface-name', 'eth1'] },
  { name: 'iface-name-short-octets', argv: ['iface-name', 'a:b:c:d:e:f'] },

  // --- define / undefine ---
  {
    name: 'iface-define-bridge-nested',
    argv: ['iface-define br.xml; iface-list --all; iface-dumpxml br0'],
    files: files('br.xml', BRIDGE_XML),
  },
  {
    name: 'iface-define-bond-arp',
    argv: ['iface-define bond.xml; iface-dumpxml bond1; iface-name 52:54:00:00:00:08'],
    files: files('bond.xml', BOND_ARP_XML),
    // The bond has no MAC of its own, so libvirt's MAC lookup matches it (and GLib complains).
    masks: [GLIB_CRITICAL_MASK],
  },
  {
    name: 'iface-define-redefine-keeps-state',
    argv: ['iface-define eth.xml; iface-list --all; iface-dumpxml eth1'],
    files: files('eth.xml', ETH_REDEFINE_XML),
  },
  { name: 'iface-define-quiet', argv: ['-q', 'iface-define br.xml; iface-list --all'], files: files('br.xml', BRIDGE_XML) },
  { name: 'iface-define-missing-file', argv: ['iface-define', 'nonexist.xml'] },
  { name: 'iface-define-read-only', argv: ['-r', 'iface-define', 'br.xml'], files: files('br.xml', BRIDGE_XML) },
  { name: 'iface-define-malformed-xml', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='q'>") },
  { name: 'iface-define-wrong-root', argv: ['iface-define', 'x.xml'], files: files('x.xml', '<network/>') },
  { name: 'iface-define-no-type', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface name='x'/>") },
  { name: 'iface-define-bad-type', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='wifi' name='x'/>") },
  { name: 'iface-define-no-name', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet'/>") },
  { name: 'iface-define-bad-mtu', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='x'><mtu size='abc'/></interface>") },
  { name: 'iface-define-huge-mtu', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='x'><mtu size='100001'/></interface>") },
  { name: 'iface-define-bad-start-mode', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='x'><start mode='sometimes'/></interface>") },
  { name: 'iface-define-protocol-no-family', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='x'><protocol/></interface>") },
  { name: 'iface-define-protocol-bad-family', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='x'><protocol family='ipx'/></interface>") },
  { name: 'iface-define-bad-prefix', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='x'><protocol family='ipv4'><ip address='1.2.3.4' prefix='x'/></protocol></interface>") },
  { name: 'iface-define-bond-port-not-ethernet', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='bond' name='b'><bond><interface type='vlan' name='v'/></bond></interface>") },
  { name: 'iface-define-bridge-missing-element', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='bridge' name='b'/>") },
  { name: 'iface-define-bridge-bad-stp-accepted', argv: ['iface-define x.xml; iface-dumpxml b'], files: files('x.xml', "<interface type='bridge' name='b'><bridge stp='maybe' delay='1'><interface type='ethernet' name='e'/></bridge></interface>") },
  { name: 'iface-define-vlan-no-tag', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='vlan' name='v'><vlan><interface name='e'/></vlan></interface>") },
  { name: 'iface-define-vlan-no-device', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='vlan' name='v'><vlan tag='3'/></interface>") },
  { name: 'iface-define-bond-bad-mode', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='bond' name='b'><bond mode='fast'/></interface>") },
  { name: 'iface-define-miimon-no-freq', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='bond' name='b'><bond><miimon/></bond></interface>") },
  { name: 'iface-define-arpmon-no-target', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='bond' name='b'><bond><arpmon interval='5'/></bond></interface>") },
  { name: 'iface-define-link-bad-state', argv: ['iface-define', 'x.xml'], files: files('x.xml', "<interface type='ethernet' name='x'><link state='sideways'/></interface>") },
  { name: 'iface-undefine', argv: ['iface-undefine eth1; iface-list --all'] },
  { name: 'iface-undefine-by-mac', argv: ['iface-undefine', 'aa:bb:cc:dd:ee:ff'] },
  { name: 'iface-undefine-unknown', argv: ['iface-undefine', 'nosuch'] },
  { name: 'iface-undefine-read-only', argv: ['-r', 'iface-undefine', 'eth1'] },

  // --- state ---
  { name: 'iface-destroy-then-start', argv: ['iface-destroy eth1; iface-list --all; iface-destroy eth1; iface-start eth1; iface-start eth1'] },
  { name: 'iface-start-active', argv: ['iface-start', 'eth1'] },
  { name: 'iface-destroy-read-only', argv: ['-r', 'iface-destroy', 'eth1'] },
  { name: 'iface-start-read-only', argv: ['-r', 'iface-start', 'eth1'] },

  // --- transactions ---
  { name: 'iface-begin-rollback', argv: ['iface-begin; iface-list --all; iface-rollback; iface-list --all'] },
  { name: 'iface-begin-define-commit', argv: ['iface-begin; iface-define br.xml; iface-commit; iface-list --all'], files: files('br.xml', BRIDGE_XML) },
  { name: 'iface-begin-define-rollback', argv: ['iface-begin; iface-define br.xml; iface-rollback; iface-list --all'], files: files('br.xml', BRIDGE_XML) },
  { name: 'iface-begin-twice', argv: ['iface-begin; iface-begin'] },
  { name: 'iface-commit-without-begin', argv: ['iface-commit'] },
  { name: 'iface-rollback-without-begin', argv: ['iface-rollback'] },
  { name: 'iface-begin-read-only', argv: ['-r', 'iface-begin'] },
  { name: 'iface-begin-extra-arg', argv: ['iface-begin', 'now'] },

  // --- bridge / unbridge / edit (the test driver refuses the inactive XML they ask for) ---
  { name: 'iface-bridge', argv: ['iface-bridge', 'eth1', 'br0'] },
  { name: 'iface-bridge-existing-bridge-name', argv: ['iface-bridge', 'eth1', 'eth1'] },
  { name: 'iface-bridge-unknown-interface', argv: ['iface-bridge', 'nosuch', 'br0'] },
  { name: 'iface-bridge-bad-delay', argv: ['iface-bridge', 'eth1', 'br0', '--delay', 'abc'] },
  { name: 'iface-bridge-missing-bridge', argv: ['iface-bridge', 'eth1'] },
  { name: 'iface-unbridge', argv: ['iface-unbridge', 'eth1'] },
  { name: 'iface-unbridge-unknown', argv: ['iface-unbridge', 'br9'] },
  { name: 'iface-edit', argv: ['iface-edit', 'eth1'] },
];
