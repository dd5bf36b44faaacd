// Differential cases for the "Storage Pool" group: test:///default's "default-pool", pools of
// several types defined from files and from options, their life cycle (including the test
// driver's pretend build/delete/refresh), source discovery, and the errors of each step.
import { UUID_MASK, type DiffCase } from '../case.js';

const NETFS = `<pool type='netfs'>
  <name>nfs</name>
  <uuid>22222222-2222-3333-4444-555555555555</uuid>
  <source>
    <host name='nfs.example.com' port='2049'/>
    <dir path='//export//share/'/>
    <format type='nfs'/>
    <protocol ver='4'/>
  </source>
  <target>
    <path>/var/lib/virt/images/</path>
    <permissions><mode>0755</mode><owner>107</owner><group>-1</group><label>system_u:object_r:virt_image_t:s0</label></permissions>
  </target>
</pool>
`;

const ISCSI = `<pool type='iscsi'>
  <name>iscsi</name>
  <uuid>22222222-2222-3333-4444-555555555556</uuid>
  <source>
    <host name='iscsi.example.com'/>
    <device path='iqn.2013-06.com.example:iscsi-pool'/>
    <initiator><iqn name='iqn.2013-06.com.example:initiator'/></initiator>
    <auth type='chap' username='myuser'><secret usage='libvirtiscsi'/></auth>
  </source>
  <target><path>/dev/disk/by-path</path></target>
</pool>
`;

const LOGICAL = `<pool type='logical'>
  <name>vg</name>
  <uuid>22222222-2222-3333-4444-555555555557</uuid>
  <source><device path='/dev/sda1' part_separator='no'/><name>vg0</name></source>
</pool>
`;

const SCSI = `<pool type='scsi'>
  <name>fc</name>
  <uuid>22222222-2222-3333-4444-55555555555c</uuid>
  <source><adapter type='fc_host' parent='scsi_host5' managed='yes' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/></source>
  <target><path>/dev/disk/by-path</path></target>
</pool>
`;

const DIR = "<pool type='dir'><name>d1</name><uuid>33333333-2222-3333-4444-555555555555</uuid><target><path>/tmp/d1</path></target></pool>\n";

// A custom test driver config: pools inline and by file='…', with their <volume> children.
const CFG = {
  'cfg.xml': `<node>
  <pool type='dir'>
    <name>p1</name>
    <uuid>55555555-2222-3333-4444-555555555555</uuid>
    <target><path>/p1</path></target>
    <volume><name>a.img</name><capacity unit='G'>1</capacity><allocation unit='M'>10</allocation></volume>
    <volume file='vol2.xml'/>
  </pool>
  <pool file='pool2.xml'/>
</node>
`,
  'vol2.xml': "<volume><name>b.img</name><key>custom-key</key><capacity>1024</capacity><target><path>/elsewhere/b.img</path><format type='qcow2'/></target></volume>\n",
  'pool2.xml': "<pool type='logical'><name>vg</name><uuid>55555555-2222-3333-4444-555555555556</uuid><source><device path='/dev/sdz'/></source><volume><name>lv1</name><capacity>4096</capacity></volume></pool>\n",
};
const cfg = (name: string, argv: string[]): DiffCase => ({ name, argv, uri: 'test://$DIR/cfg.xml', files: CFG });

const xml = (body: string) => ({ 'pool.xml': body });
const c = (name: string, argv: string[], files?: Record<string, string>): DiffCase => ({ name, argv, files });

export const cases: DiffCase[] = [
  // --- test:///default's pool ---
  c('pool-list-default', ['pool-list']),
  c('pool-list-all-details', ['pool-list', '--all', '--details']),
  c('pool-list-name', ['pool-list', '--name']),
  c('pool-list-uuid-name', ['pool-list', '--uuid', '--name']),
  c('pool-list-type-filter', ['pool-list --type dir; pool-list --type netfs,logical']),
  c('pool-list-type-invalid', ['pool-list', '--type', 'floppy']),
  c('pool-list-details-uuid-exclusive', ['pool-list', '--details', '--uuid']),
  c('pool-list-all-inactive-exclusive', ['pool-list', '--all', '--inactive']),
  c('pool-info-default', ['pool-info', 'default-pool']),
  c('pool-info-bytes', ['pool-info', '--bytes', 'default-pool']),
  c('pool-info-by-uuid', ['pool-info', 'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566']),
  c('pool-dumpxml-default', ['pool-dumpxml', 'default-pool']),
  c('pool-dumpxml-inactive-flag', ['pool-dumpxml', '--inactive', 'default-pool']),
  c('pool-dumpxml-xpath', ['pool-dumpxml', 'default-pool', '--xpath', '/pool/target/path']),
  c('pool-uuid', ['pool-uuid', 'default-pool']),
  c('pool-name', ['pool-name', 'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566']),

  // --- errors ---
  c('pool-info-unknown', ['pool-info', 'nosuch']),
  c('pool-info-missing-arg', ['pool-info']),
  c('pool-start-active', ['pool-start', 'default-pool']),
  c('pool-undefine-active', ['pool-undefine', 'default-pool']),
  c('pool-build-active', ['pool-build', 'default-pool']),
  c('pool-delete-active', ['pool-delete', 'default-pool']),
  c('pool-destroy-readonly', ['-r', 'pool-destroy', 'default-pool']),
  c('pool-define-readonly', ['-r', 'pool-define', 'pool.xml'], xml(DIR)),
  c('pool-define-malformed', ['pool-define', 'pool.xml'], xml("<pool type='dir'><name>x</name>\n")),
  c('pool-define-no-type', ['pool-define', 'pool.xml'], xml('<pool><name>x</name></pool>\n')),
  c('pool-define-bad-type', ['pool-define', 'pool.xml'], xml("<pool type='floppy'><name>x</name></pool>\n")),
  c('pool-define-no-target', ['pool-define', 'pool.xml'], xml("<pool type='dir'><name>x</name></pool>\n")),
  c('pool-define-netfs-no-host', ['pool-define', 'pool.xml'], xml("<pool type='netfs'><name>x</name><target><path>/x</path></target></pool>\n")),
  c('pool-define-source-conflict', ['pool-define', 'pool.xml'], xml("<pool type='dir'><name>x</name><target><path>/default-pool</path></target></pool>\n")),
  c('pool-define-bad-mode', ['pool-define', 'pool.xml'], xml("<pool type='dir'><name>x</name><target><path>/x</path><permissions><mode>999</mode></permissions></target></pool>\n")),
  c('pool-define-missing-file', ['pool-define', 'nosuch.xml']),
  c('pool-create-as-missing-type', ['pool-create-as', 'p1']),
  c('pool-define-as-secret-exclusive', ['pool-define-as', 'p1', 'iscsi', '--secret-usage', 'u', '--secret-uuid', 'x']),

  // --- definitions round-tripped ---
  c('pool-define-netfs', ['pool-define pool.xml; pool-dumpxml nfs; pool-list --all --details'], xml(NETFS)),
  c('pool-define-iscsi', ['pool-define pool.xml; pool-dumpxml iscsi'], xml(ISCSI)),
  c('pool-define-logical', ['pool-define pool.xml; pool-dumpxml vg; pool-info vg'], xml(LOGICAL)),
  c('pool-define-scsi-fc', ['pool-define pool.xml; pool-dumpxml fc'], xml(SCSI)),
  { name: 'pool-define-as-generated-uuid', argv: ['pool-define-as p1 dir --target /tmp/p1; pool-dumpxml p1; pool-list --all --uuid'], masks: [UUID_MASK] },
  c('pool-define-as-print-xml', ['pool-define-as', 'p1', 'netfs', '--source-host', 'h', '--source-path', '/x', '--target', '/mnt', '--source-format', 'nfs', '--print-xml']),
  c('pool-create-as-print-xml-iscsi', ['pool-create-as', 'p1', 'iscsi', '--source-host', 'h', '--source-dev', 'iqn.x', '--auth-type', 'chap', '--auth-username', 'u', '--secret-usage', 's', '--source-initiator', 'iqn.i', '--print-xml']),

  // --- life cycle sequences ---
  c('pool-lifecycle', ['pool-define pool.xml; pool-list --all; pool-build d1; pool-start d1; pool-refresh d1; pool-info d1; pool-destroy d1; pool-delete d1; pool-undefine d1; pool-list --all'], xml(DIR)),
  c('pool-create-transient', ['pool-create pool.xml; pool-list --all --details; pool-destroy d1; pool-list --all'], xml(DIR)),
  c('pool-create-as-and-destroy', ['pool-create-as p2 dir --target /tmp/p2; pool-list --transient; pool-autostart p2; pool-destroy p2; pool-info p2']),
  c('pool-autostart-toggle', ['pool-autostart default-pool; pool-list --autostart; pool-info default-pool; pool-autostart --disable default-pool; pool-list --no-autostart']),
  c('pool-destroy-then-info', ['pool-destroy default-pool; pool-info default-pool; pool-list --all --details; pool-refresh default-pool']),
  c('pool-start-overwrite-exclusive', ['pool-destroy default-pool; pool-start default-pool --overwrite --no-overwrite']),
  c('pool-redefine-duplicate-uuid', ['pool-define', 'pool.xml'], xml("<pool type='dir'><name>other</name><uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid><target><path>/o</path></target></pool>\n")),

  // --- discovery and capabilities ---
  c('find-sources-logical', ['find-storage-pool-sources', 'logical']),
  c('find-sources-dir', ['find-storage-pool-sources', 'dir']),
  c('find-sources-netfs-no-host', ['find-storage-pool-sources', 'netfs']),
  c('find-sources-as-netfs', ['find-storage-pool-sources-as', 'netfs', 'myhost']),
  c('find-sources-as-unknown-type', ['find-storage-pool-sources-as', 'floppy']),
  c('find-sources-spec-file', ['find-storage-pool-sources', 'netfs', 'spec.xml'], { 'spec.xml': '<source><host name="h1"/></source>\n' }),
  c('find-sources-readonly', ['-r', 'find-storage-pool-sources', 'logical']),
  c('pool-capabilities-unsupported', ['pool-capabilities']),
  c('pool-event-list', ['pool-event', '--list']),
  c('pool-event-unknown', ['pool-event', '--event', 'nope']),

  // --- pools and volumes from a custom config ---
  cfg('config-pool-list', ['pool-list --all --details; pool-dumpxml vg']),
  cfg('config-pool-volumes', ['vol-list p1 --details; vol-list vg --details; vol-dumpxml b.img --pool p1; vol-info custom-key; vol-dumpxml lv1 --pool vg']),
  cfg('config-pool-vol-lookups', ['vol-path custom-key; vol-key /p1/a.img; vol-pool /dev/vg/lv1; vol-name /elsewhere/b.img']),

  // --- pool-edit through $EDITOR ---
  { name: 'pool-edit-unchanged', argv: ['pool-edit', 'default-pool'], env: { EDITOR: 'true' } },
  { name: 'pool-edit-broken', argv: ['pool-edit default-pool; pool-list'], env: { EDITOR: 'sed -i s/dir/bogus/' } },

  // --- help layout (the prose is ours; names, options and layout are virsh's) ---
  { name: 'help-pool-define-as', argv: ['help', 'pool-define-as'], helpLayout: true },
  { name: 'help-pool-list', argv: ['help', 'pool-list'], helpLayout: true },
  { name: 'help-find-storage-pool-sources', argv: ['help', 'find-storage-pool-sources'], helpLayout: true },
  { name: 'help-storage-pool', argv: ['help', 'Storage Pool'], helpLayout: true },
];
