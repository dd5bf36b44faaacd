// Differential cases for the "Domain Monitoring" group: list and its filters, dominfo, domstate,
// device listings and statistics, on test:///default's domain and on domains defined by the case.
import { CPU_TIME_MASK, UUID_MASK, type DiffCase } from '../case.js';

const DOM = (name: string, extra = '') =>
  `<domain type='test'><name>${name}</name><uuid>0000000${name.length}-1111-2222-3333-444444444444</uuid><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os>${extra}</domain>`;

/** A custom test-driver config: a shut-off domain with a managed save image, a paused transient one, one from a file. */
const NODE = `<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
  <domain type='test'>
    <name>saved</name>
    <uuid>11111111-1111-1111-1111-111111111111</uuid>
    <memory>65536</memory>
    <os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
    <test:hasmanagedsave/>
  </domain>
  <domain type='test'>
    <name>paused</name>
    <uuid>22222222-1111-1111-1111-111111111111</uuid>
    <memory>65536</memory>
    <os><type>hvm</type></os>
    <test:runstate>3</test:runstate>
    <test:transient/>
  </domain>
  <domain file='dom3.xml'/>
</node>
`;

const NODE_FILES = { 'node.xml': NODE, 'dom3.xml': DOM('fromfile') };

const withDom = (name: string, extra = '') => ({ 'dom.xml': DOM(name, extra) });

export const cases: DiffCase[] = [
  // --- list ---
  { name: 'list-default', argv: ['list'] },
  { name: 'list-all', argv: ['list', '--all'] },
  { name: 'list-inactive-empty', argv: ['list', '--inactive'] },
  { name: 'list-name', argv: ['list', '--name'] },
  { name: 'list-uuid', argv: ['list', '--uuid'] },
  { name: 'list-id', argv: ['list', '--id'] },
  { name: 'list-uuid-name-id', argv: ['list', '--uuid', '--name', '--id', '--all'] },
  { name: 'list-title', argv: ['list', '--title'] },
  { name: 'list-table-name-exclusive', argv: ['list', '--table', '--name'] },
  { name: 'list-table-uuid-exclusive', argv: ['list', '--table', '--uuid'] },
  { name: 'list-state-running', argv: ['list', '--state-running'] },
  { name: 'list-state-paused-after-suspend', argv: ['suspend test; list --state-paused; list --state-running'] },
  { name: 'list-state-shutoff', argv: ['destroy test; list --state-shutoff; list --all'] },
  { name: 'list-persistent-transient', argv: ['list --persistent; list --transient'] },
  { name: 'list-autostart', argv: ['autostart test; list --autostart; list --no-autostart'] },
  // Debian's virsh never returns from managedsave on test:///default (its job-progress wait hangs),
  // so saved domains come from a custom config with the test driver's own runtime elements.
  { name: 'list-managed-save', uri: 'test://$DIR/node.xml', files: NODE_FILES, argv: ['list --all --managed-save; list --with-managed-save; list --all --without-managed-save'] },
  { name: 'list-config-transient', uri: 'test://$DIR/node.xml', files: NODE_FILES, argv: ['list --transient; list --persistent --all; list --state-paused'] },
  { name: 'config-domain-from-file', uri: 'test://$DIR/node.xml', files: NODE_FILES, argv: ['list --all; domstate fromfile --reason'] },
  { name: 'config-undefine-refused-managed-save', uri: 'test://$DIR/node.xml', files: NODE_FILES, argv: ['undefine saved; undefine saved --managed-save; list --all'] },
  { name: 'config-start-consumes-managed-save', uri: 'test://$DIR/node.xml', files: NODE_FILES, argv: ['dominfo saved; start saved; domstate saved --reason; list --all --managed-save'], masks: [CPU_TIME_MASK] },
  { name: 'list-quiet', argv: ['-q', 'list', '--all'] },
  { name: 'list-sorted', argv: ['define dom.xml; list --all; list --all --name'], files: withDom('zeta') },
  {
    name: 'list-title-defined',
    argv: ['define dom.xml; list --all --title'],
    files: withDom('titled', '<title>A short title</title>'),
  },
  { name: 'list-unknown-option', argv: ['list', '--bogus'] },

  // --- dominfo / domstate ---
  { name: 'dominfo-test', argv: ['dominfo', 'test'], masks: [CPU_TIME_MASK] },
  { name: 'dominfo-by-id', argv: ['dominfo', '1'], masks: [CPU_TIME_MASK] },
  { name: 'dominfo-by-uuid', argv: ['dominfo', '6695eb01-f6a4-8304-79aa-97f2502e193f'], masks: [CPU_TIME_MASK] },
  { name: 'dominfo-unknown', argv: ['dominfo', 'nosuch'] },
  { name: 'dominfo-unknown-id', argv: ['dominfo', '42'] },
  { name: 'dominfo-empty-name', argv: ['dominfo', ''] },
  { name: 'dominfo-missing-domain', argv: ['dominfo'] },
  { name: 'dominfo-shutoff', argv: ['destroy test; dominfo test'], masks: [CPU_TIME_MASK] },
  { name: 'dominfo-defined', argv: ['define dom.xml; dominfo infodom'], files: withDom('infodom'), masks: [CPU_TIME_MASK] },
  { name: 'domstate', argv: ['domstate', 'test'] },
  { name: 'domstate-reason', argv: ['domstate', 'test', '--reason'] },
  { name: 'domstate-reason-paused', argv: ['suspend test; domstate test --reason; resume test; domstate test --reason'] },
  { name: 'domstate-reason-destroyed', argv: ['destroy test; domstate test --reason; start test; domstate test --reason'] },
  { name: 'domstate-reason-shutdown', argv: ['shutdown test; domstate test --reason'] },
  { name: 'domstate-reason-config', uri: 'test://$DIR/node.xml', files: NODE_FILES, argv: ['domstate saved --reason; domstate paused --reason'] },
  { name: 'domstate-unknown', argv: ['domstate', 'nosuch'] },

  // --- device listings ---
  { name: 'domblklist', argv: ['domblklist', 'test'] },
  { name: 'domblklist-details', argv: ['domblklist', 'test', '--details'] },
  { name: 'domblklist-inactive', argv: ['domblklist', 'test', '--inactive'] },
  { name: 'domiflist', argv: ['domiflist', 'test'] },
  { name: 'domiflist-unknown', argv: ['domiflist', 'nosuch'] },
  {
    name: 'domiflist-defined',
    argv: ['define dom.xml; domiflist ifdom; domblklist ifdom --details'],
    files: withDom(
      'ifdom',
      "<devices><disk type='file' device='cdrom'><target dev='hdc'/></disk><disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='sda'/></disk><interface type='bridge'><mac address='52:54:00:11:22:33'/><source bridge='br0'/><model type='virtio'/></interface><interface type='user'><mac address='52:54:00:11:22:34'/></interface></devices>",
    ),
  },
  { name: 'domif-getlink-dev', argv: ['domif-getlink', 'test', 'testnet0'] },
  { name: 'domif-getlink-mac', argv: ['domif-getlink', 'test', 'AA:BB:CC:DD:EE:FF'] },
  { name: 'domif-getlink-unknown-dev', argv: ['domif-getlink', 'test', 'eth9'] },
  { name: 'domif-getlink-unknown-mac', argv: ['domif-getlink', 'test', '00:11:22:33:44:55'] },
  { name: 'domif-getlink-config', argv: ['domif-getlink', 'test', 'testnet0', '--config'] },

  // --- statistics ---
  { name: 'dommemstat', argv: ['dommemstat', 'test'] },
  { name: 'dommemstat-shutoff', argv: ['destroy test; dommemstat test'] },
  { name: 'dommemstat-period', argv: ['dommemstat', 'test', '--period', '5'] },
  { name: 'dommemstat-negative-period', argv: ['dommemstat', 'test', '--period', '-1'] },
  { name: 'dommemstat-current-live', argv: ['dommemstat', 'test', '--current', '--live'] },
  { name: 'domblkinfo', argv: ['domblkinfo', 'test', 'vda'] },
  { name: 'domblkinfo-human', argv: ['domblkinfo', 'test', 'vda', '--human'] },
  { name: 'domblkinfo-all', argv: ['domblkinfo', 'test', '--all'] },
  { name: 'domblkinfo-all-human', argv: ['domblkinfo', 'test', '--all', '--human'] },
  { name: 'domblkinfo-by-path', argv: ['domblkinfo', 'test', '/guest/diskimage1'] },
  { name: 'domblkinfo-unknown-disk', argv: ['domblkinfo', 'test', 'vdz'] },
  { name: 'domblkinfo-no-device', argv: ['domblkinfo', 'test'] },
  { name: 'domblkinfo-all-and-device', argv: ['domblkinfo', 'test', 'vda', '--all'] },
  { name: 'domblkstat-unknown-disk', argv: ['domblkstat', 'test', 'vdz'] },
  { name: 'domblkstat-summary', argv: ['domblkstat', 'test'] },
  { name: 'domblkstat-shutoff', argv: ['destroy test; domblkstat test vda'] },
  { name: 'domifstat-unknown', argv: ['domifstat', 'test', 'eth7'] },
  { name: 'domifstat-shutoff', argv: ['destroy test; domifstat test testnet0'] },
  { name: 'domblkerror', argv: ['domblkerror', 'test'] },
  { name: 'domblkerror-shutoff', argv: ['destroy test; domblkerror test'] },
  { name: 'domcontrol', argv: ['domcontrol', 'test'] },
  { name: 'domcontrol-shutoff', argv: ['destroy test; domcontrol test'] },
  { name: 'domtime', argv: ['domtime', 'test'] },
  { name: 'domtime-pretty', argv: ['domtime', 'test', '--pretty'] },
  { name: 'domtime-set', argv: ['domtime test --time 1000000000; domtime test; domtime test --pretty'] },
  { name: 'domtime-control-job', argv: ['domtime test --time 42; domcontrol test'] },
  { name: 'domtime-now-sync-exclusive', argv: ['domtime', 'test', '--now', '--sync'] },
  { name: 'domtime-paused', argv: ['suspend test; domtime test'] },
  { name: 'domtime-bad-number', argv: ['domtime', 'test', '--time', 'abc'] },

  // --- read-only connections can still look ---
  { name: 'ro-dominfo', argv: ['-r', 'dominfo', 'test'], masks: [CPU_TIME_MASK] },
  { name: 'ro-list', argv: ['-r', 'list', '--all'] },
  { name: 'ro-domtime-refused', argv: ['-r', 'domtime', 'test'] },
  { name: 'define-uuid-masked-list', argv: ['define dom.xml; list --uuid --all'], files: { 'dom.xml': "<domain type='test'><name>nouuid</name><memory>1024</memory><os><type>hvm</type></os></domain>" }, masks: [UUID_MASK] },
];

// --- domifaddr and domstats (domain area, second round) ---
cases.push(
  { name: 'domifaddr', argv: ['domifaddr', 'test'] },
  { name: 'domifaddr-full-agent', argv: ['domifaddr', 'test', '--full', '--source', 'agent'] },
  { name: 'domifaddr-unknown-interface', argv: ['domifaddr', 'test', '--interface', 'nosuch'] },
  { name: 'domifaddr-bad-source', argv: ['domifaddr', 'test', '--source', 'dns'] },
  { name: 'domifaddr-shutoff', argv: ['destroy test; domifaddr test'] },
  { name: 'domifaddr-ro-agent-refused', argv: ['-r', 'domifaddr', 'test', '--source', 'agent'] },
  { name: 'domifaddr-restarted-id', argv: ['destroy test; start test; domifaddr test'] },
  { name: 'domstats', argv: ['domstats'] },
  { name: 'domstats-state', argv: ['domstats', '--state'] },
  { name: 'domstats-unsupported-group', argv: ['domstats', '--iothread', '--cpu-total'] },
  { name: 'domstats-enforce', argv: ['domstats', '--enforce', '--cpu-total'] },
  { name: 'domstats-list-inactive', argv: ['domstats', '--list-inactive'] },
  { name: 'domstats-named', argv: ['domstats', 'test'] },
  { name: 'domstats-unknown-domain', argv: ['domstats', 'test', 'nosuch'] },
  { name: 'domstats-flags', argv: ['domstats', '--raw', '--backing', '--nowait', 'test', '1'] },
  { name: 'domstats-iothreads', argv: ['iothreadadd test 5; iothreadadd test 6; domstats --iothread --state'] },
  // With no names, domstats lists domains in libvirt's hash-table order, which is seeded per
  // process; naming them, or filtering down to one, gives an order both sides agree on.
  { name: 'domstats-config-domains', uri: 'test://$DIR/node.xml', files: NODE_FILES, argv: ['domstats saved paused fromfile; domstats --list-transient; domstats --list-shutoff --state'] },
);
