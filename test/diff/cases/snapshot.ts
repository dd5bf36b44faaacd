// Differential cases for the "Snapshot" group on the test driver. Snapshots live only as long as
// the connection, so each case creates what it needs and inspects it in the same virsh run
// (commands separated by ';'). Creation times come from the clock: one mask covers them, both as
// the epoch seconds in XML (and the names of unnamed snapshots) and as snapshot-list's local time.
import { CPU_TIME_MASK, type DiffCase, type Mask } from '../case.js';

const CREATION_TIME: Mask = {
  name: 'snapshot-creation-time',
  pattern: /\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}\b|\b1\d{9}\b/g,
  replace: '<creation-time>',
};

const snap = (name: string, commands: string[], extra: Partial<DiffCase> = {}): DiffCase => ({
  name,
  argv: [commands.join('; ')],
  masks: [CREATION_TIME],
  ...extra,
});

/** a ← b ← c, then back to a: a ← d ← e, back to b: b ← f (current f). */
const TREE = [
  'snapshot-create-as test a --description "the first"',
  'snapshot-create-as test b',
  'snapshot-create-as test c',
  'snapshot-revert test a',
  'snapshot-create-as test d',
  'snapshot-create-as test e',
  'snapshot-revert test b',
  'snapshot-create-as test f',
];

const REDEFINE_XML = `<domainsnapshot>
  <name>redef</name>
  <state>running</state>
  <creationTime>1234567890</creationTime>
  <description>from a file</description>
  <domain type='test'>
    <name>test</name>
    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
    <memory>1048576</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='/guest/diskimage1'/>
        <target dev='vda' bus='virtio'/>
      </disk>
    </devices>
  </domain>
</domainsnapshot>
`;

const NEW_XML = `<domainsnapshot>
  <name>fromfile</name>
  <description>made &amp; described</description>
  <disks><disk name='vda' snapshot='no'/></disks>
</domainsnapshot>
`;

/** A custom config whose domain carries saved snapshots (the test driver's own namespace). */
const CONFIG_XML = `<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
  <domain type='test'>
    <name>fv0</name>
    <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
    <memory>524288</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='/var/lib/nothing-here.img'/>
        <target dev='vda' bus='virtio'/>
      </disk>
    </devices>
    <test:domainsnapshot>
      <name>first</name>
      <state>shutoff</state>
      <creationTime>1500000000</creationTime>
      <domain type='test'>
        <name>fv0</name>
        <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
        <memory>524288</memory>
        <vcpu>1</vcpu>
        <os><type>hvm</type></os>
      </domain>
      <active>0</active>
    </test:domainsnapshot>
    <test:domainsnapshot>
      <name>second</name>
      <state>paused</state>
      <parent><name>first</name></parent>
      <creationTime>1500000100</creationTime>
      <domain type='test'>
        <name>fv0</name>
        <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
        <memory>524288</memory>
        <vcpu>2</vcpu>
        <os><type>hvm</type></os>
      </domain>
      <active>1</active>
    </test:domainsnapshot>
  </domain>
</node>
`;
/** Editor scripts for snapshot-edit (run as "sh SCRIPT FILE"). */
const DESCRIBE_A = "sed -i 's|<name>a</name>|<name>a</name>\\n  <description>edited</description>|' \"$1\"\n";
const RENAME_A = "sed -i '0,/<name>a<\\/name>/s//<name>z<\\/name>/' \"$1\"\n";
const editCase = (name: string, script: string, opts: string): DiffCase => {
  const editor = script === 'true' ? 'true' : 'sh $DIR/ed.sh';
  return snap(name, ['snapshot-create-as test a', 'snapshot-create-as test b', `snapshot-edit test a ${opts}`, 'snapshot-list test --parent', 'snapshot-current test --name'], {
    files: script === 'true' ? {} : { 'ed.sh': script },
    env: { EDITOR: editor, VISUAL: editor },
  });
};

const configCase = (name: string, commands: string[]): DiffCase =>
  snap(name, commands, { uri: 'test://$DIR/node.xml', files: { 'node.xml': CONFIG_XML } });

export const cases: DiffCase[] = [
  // --- creating ---
  snap('create-as-and-dumpxml', ['snapshot-create-as test s1 --description "first one"', 'snapshot-create-as test s2', 'snapshot-dumpxml test s2']),
  snap('create-unnamed', ['snapshot-create test', 'snapshot-list test --name']),
  snap('create-from-file', ['snapshot-create test new.xml', 'snapshot-dumpxml test fromfile'], { files: { 'new.xml': NEW_XML } }),
  snap('create-missing-file', ['snapshot-create test nonexistent.xml']),
  snap('create-malformed-file', ['snapshot-create test bad.xml'], { files: { 'bad.xml': '<domainsnapshot><name>x</name>\n' } }),
  snap('create-wrong-root', ['snapshot-create test bad.xml'], { files: { 'bad.xml': '<snapshot/>\n' } }),
  snap('create-duplicate-name', ['snapshot-create-as test a', 'snapshot-create-as test a']),
  snap('create-as-print-xml', ['snapshot-create-as test x --print-xml --description \'a <b> & "c"\' --memspec /tmp/m,snapshot=external --diskspec vda,stype=block,file=/dev/x,driver=raw --diskspec vdb,snapshot=no']),
  snap('create-as-disk-only-unsupported', ['snapshot-create-as test --disk-only']),
  snap('create-as-no-metadata-unsupported', ['snapshot-create-as test b --no-metadata']),
  snap('create-as-halt', ['snapshot-create-as test x --halt', 'domstate test --reason', 'snapshot-list test']),
  snap('create-as-flags-accepted', ['snapshot-create-as test x --quiesce --atomic --live', 'snapshot-info test x']),
  snap('create-current-without-redefine', ['snapshot-create test --current']),
  snap('create-redefine-with-halt', ['snapshot-create test r.xml --redefine --halt'], { files: { 'r.xml': REDEFINE_XML } }),
  snap('create-as-unknown-domain', ['snapshot-create-as nodom x']),
  snap('create-as-empty-name', ['snapshot-create-as test --name ""']),
  snap('create-as-external-memory-no-image', ['snapshot-create-as test x --memspec /tmp/m,snapshot=external']),
  snap('create-as-memspec-needs-file', ['snapshot-create-as test x --memspec snapshot=external']),
  snap('create-as-memspec-relative', ['snapshot-create-as test x --memspec file=rel']),
  snap('create-as-memspec-malformed', ['snapshot-create-as test x --memspec foo=bar']),
  snap('create-as-diskspec-unknown-disk', ['snapshot-create-as test x --diskspec vdb']),
  snap('create-as-diskspec-bad-stype', ['snapshot-create-as test x --diskspec vda,stype=net']),
  snap('create-as-diskspec-twice', ['snapshot-create-as test x --diskspec vda,snapshot=no --diskspec vda']),
  snap('create-as-diskspec-manual', ['snapshot-create-as test x --diskspec vda,snapshot=manual']),
  snap('create-as-diskspec-bad-mode', ['snapshot-create-as test x --diskspec vda,snapshot=bogus']),
  snap('create-as-diskspec-external-mismatch', ['snapshot-create-as test x --diskspec vda,snapshot=external,file=/tmp/x.qcow2']),
  snap('create-read-only', ['snapshot-create-as test x'], { argv: ['-r', 'snapshot-create-as test x'] }),
  snap('create-xml-read-only', ['snapshot-create test'], { argv: ['-r', 'snapshot-create test'] }),

  // --- redefining and the current snapshot ---
  snap('redefine', ['snapshot-create-as test a', 'snapshot-create test r.xml --redefine', 'snapshot-list test --parent', 'snapshot-current test --name', 'snapshot-dumpxml test redef'], { files: { 'r.xml': REDEFINE_XML } }),
  snap('redefine-current', ['snapshot-create-as test a', 'snapshot-create test r.xml --redefine --current', 'snapshot-current test --name', 'snapshot-info test redef'], { files: { 'r.xml': REDEFINE_XML } }),
  snap('current-none', ['snapshot-current test']),
  snap('current-xml', ['snapshot-create-as test a', 'snapshot-current test']),
  snap('current-set', [...TREE, 'snapshot-current test --snapshotname a', 'snapshot-current test --name', 'snapshot-list test --tree']),
  snap('current-name-and-snapshotname', ['snapshot-current test --name --snapshotname a']),
  snap('current-unknown-domain', ['snapshot-current nodom']),
  snap('current-set-unknown', ['snapshot-create-as test a', 'snapshot-current test --snapshotname zz']),

  // --- listing ---
  snap('list-empty', ['snapshot-list test']),
  snap('list-table', [...TREE, 'snapshot-list test']),
  snap('list-parent-column', [...TREE, 'snapshot-list test --parent']),
  snap('list-tree', [...TREE, 'snapshot-list test --tree']),
  snap('list-roots', [...TREE, 'snapshot-list test --roots']),
  snap('list-leaves', [...TREE, 'snapshot-list test --leaves --name']),
  snap('list-no-leaves', [...TREE, 'snapshot-list test --no-leaves --name']),
  snap('list-from', [...TREE, 'snapshot-list test --from a --name']),
  snap('list-from-descendants', [...TREE, 'snapshot-list test --from a --descendants --name']),
  snap('list-from-tree', [...TREE, 'snapshot-list test --from a --tree']),
  snap('list-from-tree-descendants', [...TREE, 'snapshot-list test --from a --tree --descendants']),
  snap('list-current-descendants', [...TREE, 'snapshot-list test --current --descendants']),
  snap('list-topological', [...TREE, 'snapshot-list test --topological --name', 'snapshot-list test --from a --descendants --topological --name']),
  snap('list-filters', [...TREE, 'snapshot-list test --active --name', 'snapshot-list test --inactive --name', 'snapshot-list test --internal --name', 'snapshot-list test --external --name', 'snapshot-list test --disk-only --name', 'snapshot-list test --metadata --name', 'snapshot-list test --no-metadata --name']),
  snap('list-leaves-and-no-leaves', [...TREE, 'snapshot-list test --leaves --no-leaves']),
  snap('list-tree-and-name', ['snapshot-list test --tree --name']),
  snap('list-roots-and-from', ['snapshot-list test --roots --from a']),
  snap('list-tree-and-leaves', ['snapshot-list test --tree --leaves']),
  snap('list-descendants-alone', ['snapshot-list test --descendants']),
  snap('list-from-unknown', ['snapshot-list test --from nosuch']),
  snap('list-unknown-domain', ['snapshot-list nodom']),
  snap('list-quiet', [...TREE, 'snapshot-list test'], { argv: ['-q', [...TREE, 'snapshot-list test'].join('; ')] }),

  // --- inspecting ---
  snap('info', [...TREE, 'snapshot-info test a', 'snapshot-info test --current']),
  snap('info-unknown-snapshot', ['snapshot-info test nosuch']),
  snap('info-name-and-current', ['snapshot-info test --current a']),
  snap('info-neither', ['snapshot-info test']),
  snap('info-no-current', ['snapshot-info test --current']),
  snap('parent', [...TREE, 'snapshot-parent test f', 'snapshot-parent test --current', 'snapshot-parent test a']),
  snap('parent-neither', ['snapshot-parent test']),
  snap('dumpxml-unknown', ['snapshot-dumpxml test nosuch']),
  snap('dumpxml-missing-name', ['snapshot-dumpxml test']),
  snap('dumpxml-security-info', ['snapshot-create-as test a', 'snapshot-dumpxml test a --security-info']),
  snap('dumpxml-security-info-read-only', ['snapshot-dumpxml test a --security-info'], { argv: ['-r', 'snapshot-dumpxml test a --security-info'] }),
  snap('dumpxml-xpath', ['snapshot-create-as test a', 'snapshot-dumpxml test a --xpath /domainsnapshot/name', 'snapshot-dumpxml test a --xpath //disk --wrap']),

  // --- reverting ---
  snap('revert', [...TREE, 'snapshot-revert test c', 'snapshot-current test --name', 'snapshot-list test --tree']),
  snap('revert-paused', ['snapshot-create-as test a', 'snapshot-revert test a --paused', 'domstate test --reason']),
  snap('revert-running-and-paused', ['snapshot-create-as test a', 'snapshot-revert test a --running --paused']),
  snap('revert-unknown', ['snapshot-revert test nosuch']),
  snap('revert-neither', ['snapshot-revert test']),
  snap('revert-read-only', ['snapshot-revert test --current'], { argv: ['-r', 'snapshot-revert test --current'] }),

  // --- deleting ---
  snap('delete', [...TREE, 'snapshot-delete test a', 'snapshot-list test --tree', 'snapshot-current test --name']),
  snap('delete-children', [...TREE, 'snapshot-delete test b --children', 'snapshot-list test --name', 'snapshot-current test --name']),
  snap('delete-children-only', [...TREE, 'snapshot-delete test a --children-only', 'snapshot-list test --tree']),
  snap('delete-current', [...TREE, 'snapshot-delete test --current', 'snapshot-current test --name']),
  snap('delete-metadata-unsupported', ['snapshot-create-as test a', 'snapshot-delete test a --metadata']),
  snap('delete-children-and-children-only', ['snapshot-create-as test a', 'snapshot-delete test a --children --children-only']),
  snap('delete-unknown', ['snapshot-delete test nosuch']),
  snap('delete-name-and-current', ['snapshot-delete test a --current']),
  snap('delete-read-only', ['snapshot-delete test a'], { argv: ['-r', 'snapshot-delete test a'] }),

  // --- editing (error paths) ---
  snap('edit-rename-and-clone', ['snapshot-edit test --rename --clone']),
  snap('edit-unknown-snapshot', ['snapshot-edit test nosuch']),
  snap('edit-unknown-domain', ['snapshot-edit nodom a']),
  snap('edit-unchanged', ['snapshot-create-as test a', 'snapshot-edit test a'], { env: { EDITOR: 'true', VISUAL: 'true' } }),
  editCase('edit-description', DESCRIBE_A, ''),
  editCase('edit-unchanged-current', 'true', '--current'),
  editCase('edit-rename-refused', RENAME_A, ''),
  editCase('edit-rename', RENAME_A, '--rename'),
  editCase('edit-clone', RENAME_A, '--clone'),

  // --- snapshots of a shut-off domain, and the domain's view of its snapshots ---
  snap('shutoff-snapshot', ['snapshot-create-as test on', 'destroy test', 'snapshot-create-as test off', 'snapshot-list test --inactive', 'snapshot-list test --active --parent', 'snapshot-info test off', 'snapshot-dumpxml test off']),
  snap('revert-running-to-shutoff', ['destroy test', 'snapshot-create-as test off', 'start test', 'snapshot-revert test off', 'domstate test --reason']),
  snap('revert-shutoff-with-running-flag', ['destroy test', 'snapshot-create-as test off', 'start test', 'snapshot-revert test off --running', 'domstate test --reason']),
  snap('revert-shutoff-to-running', ['snapshot-create-as test on', 'destroy test', 'snapshot-revert test on', 'domstate test --reason']),
  snap('revert-restores-config', ['setmem test 1048576', 'snapshot-create-as test small', 'setmem test 2097152', 'snapshot-revert test small', 'dominfo test'], { masks: [CPU_TIME_MASK, CREATION_TIME] }),
  snap('halt-then-revert', ['snapshot-create-as test h --halt', 'domstate test --reason', 'snapshot-revert test h', 'domstate test --reason']),
  snap('halt-inactive-domain', ['destroy test', 'snapshot-create-as test off --halt', 'domstate test']),
  snap('domain-list-with-snapshot', ['list --all --with-snapshot', 'snapshot-create-as test on', 'list --all --with-snapshot', 'list --all --without-snapshot']),
  snap('undefine-with-snapshots', ['snapshot-create-as test on', 'destroy test', 'undefine test']),
  snap('undefine-snapshots-metadata', ['snapshot-create-as test on', 'destroy test', 'undefine test --snapshots-metadata', 'list --all']),

  // --- help layout (names, options, synopsis; the prose is ours) ---
  { name: 'help-snapshot-group', argv: ['help', 'snapshot'], helpLayout: true },
  { name: 'help-snapshot-create-as', argv: ['help', 'snapshot-create-as'], helpLayout: true },
  { name: 'help-snapshot-list', argv: ['help', 'snapshot-list'], helpLayout: true },
  { name: 'help-snapshot-dumpxml', argv: ['help', 'snapshot-dumpxml'], helpLayout: true },
  { name: 'help-snapshot-edit', argv: ['help', 'snapshot-edit'], helpLayout: true },

  // --- saved snapshots of a custom config ---
  configCase('config-list', ['snapshot-list fv0 --parent', 'snapshot-current fv0 --name', 'snapshot-dumpxml fv0 first']),
  configCase('config-revert-paused', ['snapshot-revert fv0 second', 'domstate fv0 --reason', 'vcpucount fv0']),
  configCase('config-revert-inactive', ['snapshot-revert fv0 first', 'domstate fv0 --reason', 'snapshot-current fv0 --name']),
  configCase('config-external-needs-regular-file', ['snapshot-create-as fv0 x --memspec /tmp/m,snapshot=external']),
];
