// Differential cases for the "Networking" group: test:///default's network "default", networks
// defined and created by the case (round trips of most of network_conf's elements), their life
// cycle, net-update sections, and the errors of each step.
import { UUID_MASK, type DiffCase } from '../case.js';

const FULL = `<network ipv6='yes' trustGuestRxFilters='no'>
  <name>full</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <forward mode='nat' dev='eth0'>
    <nat ipv6='yes'>
      <address start='1.2.3.4' end='1.2.3.10'/>
      <port start='500' end='1000'/>
    </nat>
  </forward>
  <bridge name='virbr9' stp='off' delay='5' macTableManager='libvirt' zone='trusted'/>
  <mtu size='9000'/>
  <mac address='52:54:00:AB:cd:01'/>
  <domain name='example.com' localOnly='yes'/>
  <dns enable='yes' forwardPlainNames='no'>
    <forwarder domain='x.com' addr='8.8.8.8'/>
    <txt name='example' value='hello world'/>
    <srv service='name' protocol='tcp' domain='test-domain-name' target='.' port='1024' priority='10' weight='10'/>
    <host ip='192.168.122.2'><hostname>myhost</hostname><hostname>alias</hostname></host>
  </dns>
  <bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128'/></bandwidth>
  <port isolated='yes'/>
  <ip address='192.168.122.1' netmask='255.255.255.0' localPtr='yes'>
    <tftp root='/var/lib/tftp'/>
    <dhcp>
      <range start='192.168.122.100' end='192.168.122.254'><lease expiry='1' unit='hours'/></range>
      <host mac='00:16:3e:77:e2:ed' name='foo.example.com' ip='192.168.122.10'/>
      <bootp file='pxelinux.0' server='192.168.122.5'/>
    </dhcp>
  </ip>
  <ip family='ipv6' address='2001:db8:ca2:2::1' prefix='64'>
    <dhcp><range start='2001:db8:ca2:2:0:0:0:100' end='2001:db8:ca2:2::1ff'/></dhcp>
  </ip>
  <route address='192.168.222.0' prefix='24' gateway='192.168.122.2'/>
  <portgroup name='engineering' default='yes'>
    <vlan trunk='yes'><tag id='42' nativeMode='untagged'/><tag id='47'/></vlan>
  </portgroup>
  <portgroup name='sales'/>
</network>
`;

const HOSTDEV = `<network>
  <name>hd</name>
  <uuid>11111111-2222-3333-4444-555555555557</uuid>
  <forward mode='hostdev' managed='yes'>
    <driver name='vfio'/>
    <address type='pci' domain='0' bus='4' slot='0x10' function='1'/>
  </forward>
</network>
`;

const BRIDGE = `<network>
  <name>br</name>
  <uuid>11111111-2222-3333-4444-555555555556</uuid>
  <forward mode='bridge'><interface dev='eth1'/><interface dev='eth2'/></forward>
  <virtualport type='openvswitch'><parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f'/></virtualport>
</network>
`;

const MINIMAL = '<network><name>n1</name><uuid>22222222-2222-3333-4444-555555555555</uuid></network>\n';
const NO_UUID = '<network><name>gen</name><forward mode="route"/><ip address="10.0.0.1" prefix="8"/></network>\n';

// A custom test driver config: networks inline and by file='…', each started at open.
const CFG = {
  'cfg.xml': `<node>
  <network>
    <name>inline</name>
    <uuid>44444444-2222-3333-4444-555555555555</uuid>
    <bridge name='br9'/>
    <forward mode='route'/>
    <ip address='10.1.0.1' prefix='16'/>
  </network>
  <network file='net2.xml'/>
</node>
`,
  'net2.xml': '<network><name>fromfile</name><uuid>44444444-2222-3333-4444-555555555556</uuid></network>\n',
};
const cfg = (name: string, argv: string[], files: Record<string, string> = CFG): DiffCase => ({ name, argv, uri: 'test://$DIR/cfg.xml', files });

const xml = (body: string) => ({ 'net.xml': body });
const c = (name: string, argv: string[], files?: Record<string, string>): DiffCase => ({ name, argv, files });

export const cases: DiffCase[] = [
  // --- test:///default's network ---
  c('net-list-default', ['net-list']),
  c('net-list-all', ['net-list', '--all']),
  c('net-list-inactive-empty', ['net-list', '--inactive']),
  c('net-list-name', ['net-list', '--name']),
  c('net-list-uuid', ['net-list', '--uuid']),
  c('net-list-table-name-exclusive', ['net-list', '--table', '--name']),
  c('net-list-persistent-transient', ['net-list --persistent; net-list --transient']),
  c('net-info-default', ['net-info', 'default']),
  c('net-info-by-uuid', ['net-info', 'dd8fe884-6c02-601e-7551-cca97df1c5df']),
  c('net-dumpxml-default', ['net-dumpxml', 'default']),
  c('net-dumpxml-inactive-flag', ['net-dumpxml', 'default', '--inactive']),
  c('net-dumpxml-xpath', ['net-dumpxml', 'default', '--xpath', '//ip']),
  c('net-dumpxml-xpath-wrap', ['net-dumpxml', 'default', '--xpath', '//range', '--wrap']),
  c('net-uuid', ['net-uuid', 'default']),
  c('net-name', ['net-name', 'dd8fe884-6c02-601e-7551-cca97df1c5df']),
  c('net-name-not-uuid', ['net-name', 'default']),
  c('net-uuid-unknown', ['net-uuid', 'nosuch']),

  // --- errors ---
  c('net-info-unknown', ['net-info', 'nosuch']),
  c('net-info-missing-arg', ['net-info']),
  c('net-list-bad-option', ['net-list', '--bogus']),
  c('net-start-running', ['net-start', 'default']),
  c('net-undefine-running', ['net-undefine', 'default']),
  c('net-destroy-readonly', ['-r', 'net-destroy', 'default']),
  c('net-define-readonly', ['-r', 'net-define', 'net.xml'], xml(MINIMAL)),
  c('net-autostart-readonly', ['-r', 'net-autostart', 'default']),
  c('net-define-missing-file', ['net-define', 'nosuch.xml']),
  c('net-define-malformed', ['net-define', 'net.xml'], xml('<network><name>x</name></netw>\n')),
  c('net-define-wrong-root', ['net-define', 'net.xml'], xml('<pool/>\n')),
  c('net-define-no-name', ['net-define', 'net.xml'], xml('<network/>\n')),
  c('net-define-bad-uuid', ['net-define', 'net.xml'], xml('<network><name>x</name><uuid>zz</uuid></network>\n')),
  c('net-define-bad-forward', ['net-define', 'net.xml'], xml("<network><name>x</name><forward mode='bogus'/></network>\n")),
  c('net-define-nat-without-ip', ['net-define', 'net.xml'], xml("<network><name>x</name><forward mode='nat'/></network>\n")),
  c('net-define-bad-address', ['net-define', 'net.xml'], xml("<network><name>x</name><ip address='1.2.3.999'/></network>\n")),
  c('net-define-range-outside', ['net-define', 'net.xml'], xml("<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.1.2' end='10.0.1.9'/></dhcp></ip></network>\n")),
  c('net-define-bad-mac', ['net-define', 'net.xml'], xml("<network><name>x</name><mac address='01:00:00:00:00:01'/></network>\n")),
  c('net-define-duplicate-name', ['net-define', 'net.xml'], xml('<network><name>default</name><uuid>33333333-2222-3333-4444-555555555555</uuid></network>\n')),
  c('net-define-bad-vlan', ['net-define', 'net.xml'], xml("<network><name>x</name><vlan><tag id='5000'/></vlan></network>\n")),
  c('net-define-bridge-mode-stp', ['net-define', 'net.xml'], xml("<network><name>x</name><forward mode='bridge'/><bridge name='br0' stp='on'/></network>\n")),

  // --- definitions round-tripped ---
  c('net-define-full', ['net-define net.xml; net-dumpxml full; net-info full'], xml(FULL)),
  c('net-define-hostdev', ['net-define net.xml; net-dumpxml hd; net-info hd'], xml(HOSTDEV)),
  c('net-define-bridge', ['net-define net.xml; net-dumpxml br'], xml(BRIDGE)),
  { name: 'net-define-generated-uuid', argv: ['net-define net.xml; net-dumpxml gen; net-list --all --uuid'], files: xml(NO_UUID), masks: [UUID_MASK] },

  // --- life cycle sequences ---
  c('net-lifecycle', ['net-define net.xml; net-list --all; net-start n1; net-start n1; net-list; net-destroy n1; net-undefine n1; net-list --all'], xml(MINIMAL)),
  c('net-create-transient', ['net-create net.xml; net-list --all --transient; net-info n1; net-destroy n1; net-list --all'], xml(MINIMAL)),
  c('net-create-duplicate', ['net-create', 'net.xml'], xml('<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid></network>\n')),
  c('net-destroy-twice', ['net-destroy default; net-destroy default; net-list --all; net-undefine default; net-list --all']),
  c('net-autostart-toggle', ['net-autostart default; net-list --autostart; net-info default; net-autostart --disable default; net-list --no-autostart']),
  c('net-redefine-running', ['net-define net.xml; net-dumpxml default'], xml("<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid><bridge name='virbr7'/></network>\n")),
  c('net-info-no-bridge', ['net-define net.xml; net-info n1'], xml(MINIMAL)),

  // --- net-update ---
  c('net-update-add-host', ['net-update', 'default', 'add', 'ip-dhcp-host', "<host mac='00:11:22:33:44:55' ip='192.168.122.5'/>", '--live']),
  c('net-update-add-host-then-dump', ['net-update default add-last ip-dhcp-host "<host mac=\'00:11:22:33:44:55\' name=\'h\' ip=\'192.168.122.5\'/>"; net-dumpxml default']),
  c('net-update-delete-host-missing', ['net-update', 'default', 'delete', 'ip-dhcp-host', "<host mac='00:11:22:33:44:55'/>"]),
  c('net-update-add-range-dup', ['net-update', 'default', 'add', 'ip-dhcp-range', "<range start='192.168.122.2' end='192.168.122.254'/>"]),
  c('net-update-dns-txt', ['net-update default add dns-txt "<txt name=\'t1\' value=\'v\'/>" --config; net-dumpxml default']),
  c('net-update-portgroup', ['net-update default add portgroup "<portgroup name=\'pg\' default=\'yes\'/>"; net-dumpxml default; net-update default delete portgroup "<portgroup name=\'pg\'/>"; net-dumpxml default']),
  c('net-update-bad-command', ['net-update', 'default', 'frobnicate', 'ip-dhcp-host', '<host/>']),
  c('net-update-bad-section', ['net-update', 'default', 'add', 'nowhere', '<host/>']),
  c('net-update-bridge-unsupported', ['net-update', 'default', 'modify', 'bridge', "<bridge name='x'/>"]),
  c('net-update-wrong-element', ['net-update', 'default', 'add', 'ip-dhcp-host', "<range start='1.1.1.1' end='1.1.1.2'/>"]),
  c('net-update-current-live', ['net-update', 'default', 'add', 'dns-txt', "<txt name='a' value='b'/>", '--current', '--live']),

  // --- commands the test driver lacks ---
  c('net-dhcp-leases-unsupported', ['net-dhcp-leases', 'default']),
  c('net-port-list-unsupported', ['net-port-list', 'default']),
  c('net-port-list-exclusive', ['net-port-list', 'default', '--table', '--uuid']),
  c('net-port-dumpxml-no-port', ['net-port-dumpxml', 'default', '11111111-2222-3333-4444-555555555555']),
  c('net-port-delete-unknown-network', ['net-port-delete', 'nosuch', 'abc']),
  c('net-event-list', ['net-event', '--list']),
  c('net-event-needs-event', ['net-event']),
  c('net-event-unknown', ['net-event', '--event', 'foo']),
  c('net-event-timeout', ['net-event', '--event', 'lifecycle', '--timeout', '1']),

  // --- networks from a custom config ---
  cfg('config-net-list', ['net-list --all; net-dumpxml inline; net-info fromfile; net-info inline']),
  cfg('config-net-missing-file', ['net-list'], { 'cfg.xml': "<node><network file='nosuch.xml'/></node>\n" }),
  cfg('config-net-broken', ['net-list'], { 'cfg.xml': "<node><network><name>x</name><forward mode='nat'/></network></node>\n" }),

  // --- net-edit through $EDITOR ---
  { name: 'net-edit-unchanged', argv: ['net-edit', 'default'], env: { EDITOR: 'true' } },
  { name: 'net-edit-changed', argv: ['net-edit default; net-dumpxml default'], env: { EDITOR: 'sed -i s/virbr0/virbr1/' } },
  { name: 'net-edit-broken', argv: ['net-edit', 'default'], env: { EDITOR: 'sed -i s/network/netwerk/' } },

  // --- help layout (the prose is ours; names, options and layout are virsh's) ---
  { name: 'help-net-update', argv: ['help', 'net-update'], helpLayout: true },
  { name: 'help-net-list', argv: ['help', 'net-list'], helpLayout: true },
  { name: 'help-net-port-dumpxml', argv: ['help', 'net-port-dumpxml'], helpLayout: true },
  { name: 'help-networking', argv: ['help', 'Networking'], helpLayout: true },
];
