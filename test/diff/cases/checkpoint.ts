// Differential cases for the "Checkpoint" group on the test driver. Checkpoints live only as long
// as the connection, so each case creates what it needs and inspects it in the same virsh run
// (commands separated by ';'). Creation times come from the clock: one mask covers them, both as
// epoch seconds in XML (and the names of unnamed checkpoints) and as checkpoint-list's local time.
import type { DiffCase, Mask } from '../case.js';

const CREATION_TIME: Mask = {
  name: 'checkpoint-creation-time',
  pattern: /\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}\b|\b1\d{9}\b/g,
  replace: '<creation-time>',
};

const chk = (name: string, commands: string[], extra: Partial<DiffCase> = {}): DiffCase => ({
  name,
  argv: [commands.join('; ')],
  masks: [CREATION_TIME],
  ...extra,
});

/** The editor's temporary file is named at random, as virsh names it. */
const EDIT_TEMP_FILE: Mask = { name: 'edit-temp-file', pattern: /\/virsh[A-Za-z0-9]{6}\.xml\b/g, replace: '/virsh<tmp>.xml' };

/** A case reading one XML file (xml.xml in the case folder). */
const withFile = (name: string, xml: string, commands: string[]): DiffCase => chk(name, commands, { files: { 'xml.xml': xml } });

/** a ← b ← c (c current), plus x redefined under a: a has two children. */
const TREE = [
  'checkpoint-create-as test a --description "the first"',
  'checkpoint-create-as test b',
  'checkpoint-create test $DIR/x.xml --redefine',
  'checkpoint-create-as test c',
];
const X_XML = `<domaincheckpoint>
  <name>x</name>
  <parent><name>a</name></parent>
  <creationTime>1234567890</creationTime>
</domaincheckpoint>
`;
const tree = (name: string, commands: string[]): DiffCase => chk(name, [...TREE, ...commands], { files: { 'x.xml': X_XML } });

const NEW_XML = `<domaincheckpoint>
  <name>fromfile</name>
  <description>made &amp; described</description>
  <disks><disk name='vda' bitmap='bm1'/></disks>
</domaincheckpoint>
`;

const REDEFINE_XML = `<domaincheckpoint>
  <name>redef</name>
  <description>from a file</description>
  <creationTime>1234567890</creationTime>
  <disks><disk name='vda' checkpoint='bitmap'/></disks>
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
</domaincheckpoint>
`;

/** A custom config: one domain with a writable disk, a CD-ROM and an empty floppy; one without disks. */
const CONFIG_XML = `<node>
  <domain type='test'>
    <name>disks</name>
    <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
    <memory>524288</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='/var/lib/nothing-here.img'/>
        <target dev='vda' bus='virtio'/>
      </disk>
      <disk type='file' device='cdrom'>
        <source file='/var/lib/some.iso'/>
        <target dev='hdc' bus='ide'/>
      </disk>
      <disk type='file' device='floppy'>
        <target dev='fda' bus='fdc'/>
      </disk>
      <disk type='block' device='disk'>
        <source dev='/dev/nothing'/>
        <target dev='vdb' bus='virtio'/>
        <readonly/>
      </disk>
    </devices>
  </domain>
  <domain type='test'>
    <name>diskless</name>
    <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa1</uuid>
    <memory>524288</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
  </domain>
</node>
`;
const configCase = (name: string, commands: string[]): DiffCase => chk(name, commands, { uri: 'test://$DIR/node.xml', files: { 'node.xml': CONFIG_XML } });

const EDIT_DESCRIBE = `sed -i 's|<creationTime>|<description>edited</description><creationTime>|' "$1"\n`;
const EDIT_RENAME = `sed -i 's|<name>a</name>|<name>z</name>|' "$1"\n`;
const editCase = (name: string, script: string): DiffCase =>
  chk(name, ['checkpoint-create-as test a', 'checkpoint-edit test a', 'checkpoint-list test --name', 'checkpoint-dumpxml test a --no-domain'], {
    files: { 'ed.sh': script },
    env: { EDITOR: 'sh $DIR/ed.sh', VISUAL: 'sh $DIR/ed.sh' },
  });

export const cases: DiffCase[] = [
  // --- creating ---
  chk('create-as-and-dumpxml', ['checkpoint-create-as test c1 --description "first one"', 'checkpoint-create-as test c2', 'checkpoint-dumpxml test c2']),
  chk('create-unnamed', ['checkpoint-create test', 'checkpoint-list test --name']),
  withFile('create-from-file', NEW_XML, ['checkpoint-create test $DIR/xml.xml', 'checkpoint-dumpxml test fromfile --no-domain']),
  chk('create-as-print-xml', ['checkpoint-create-as test --name n1 --description "a & <b>" --diskspec vda,checkpoint=bitmap,bitmap=b1 --print-xml', 'checkpoint-list test --name']),
  chk('create-as-print-xml-empty', ['checkpoint-create-as test --print-xml']),
  chk('create-as-diskspec-no', ['checkpoint-create-as test c1 --diskspec vda,checkpoint=no', 'checkpoint-dumpxml test c1 --no-domain']),
  chk('create-as-diskspec-by-path', ['checkpoint-create-as test c1 --diskspec /guest/diskimage1,bitmap=fromPath', 'checkpoint-dumpxml test c1 --no-domain']),
  chk('create-as-diskspec-unparsable', ['checkpoint-create-as test c1 --diskspec vda,size=1']),
  chk('create-as-diskspec-unknown-disk', ['checkpoint-create-as test c1 --diskspec vdb']),
  chk('create-as-diskspec-too-many', ['checkpoint-create-as test c1 --diskspec vda --diskspec vda']),
  chk('create-as-diskspec-bad-type', ['checkpoint-create-as test c1 --diskspec vda,checkpoint=full']),
  chk('create-as-diskspec-empty', ["checkpoint-create-as test --diskspec '' --print-xml", "checkpoint-create-as test --diskspec ''"]),
  chk('create-as-diskspec-empty-name', ['checkpoint-create-as test --diskspec ,checkpoint=no --print-xml']),
  chk('create-as-print-xml-unknown-domain', ['checkpoint-create-as nodom --print-xml']),
  chk('create-quiet', [], { argv: ['-q', 'checkpoint-create-as test a; checkpoint-delete test a; checkpoint-list test --name'] }),
  chk('create-as-quiesce', ['checkpoint-create-as test q --quiesce', 'checkpoint-list test --name']),
  chk('create-as-empty-name', ['checkpoint-create-as test --name ""']),
  chk('create-duplicate', ['checkpoint-create-as test a', 'checkpoint-create-as test a', 'checkpoint-list test --name']),
  chk('create-inactive-domain', ['destroy test', 'checkpoint-create-as test a']),
  chk('create-read-only', ['checkpoint-create-as test a'], { argv: ['-r', 'checkpoint-create-as test a'] }),
  chk('create-unknown-domain', ['checkpoint-create-as nodom a']),
  chk('create-missing-domain', ['checkpoint-create-as']),
  chk('create-missing-file', ['checkpoint-create test $DIR/none.xml']),
  withFile('create-schema-extra-element', '<domaincheckpoint><foo/></domaincheckpoint>\n', ['checkpoint-create test $DIR/xml.xml']),
  withFile('create-schema-bad-name', '<domaincheckpoint><name>a/b</name></domaincheckpoint>\n', ['checkpoint-create test $DIR/xml.xml']),
  withFile('create-schema-bad-disk', "<domaincheckpoint><disks><disk name='vda' checkpoint='bogus'/></disks></domaincheckpoint>\n", ['checkpoint-create test $DIR/xml.xml']),
  withFile('create-empty-file', '', ['checkpoint-create test $DIR/xml.xml']),
  withFile('create-wrong-root', '<domainsnapshot/>\n', ['checkpoint-create test $DIR/xml.xml']),
  withFile('create-malformed', '<domaincheckpoint><name>x</name>\n', ['checkpoint-create test $DIR/xml.xml']),
  chk('create-while-snapshot-exists', ['snapshot-create-as test s', 'checkpoint-create-as test a']),
  chk('snapshot-while-checkpoint-exists', ['checkpoint-create-as test a', 'snapshot-create-as test s']),

  configCase('create-default-disks', ['checkpoint-create-as disks a', 'checkpoint-dumpxml disks a --no-domain']),
  configCase('create-named-disk-only', ['checkpoint-create-as disks a --diskspec vda', 'checkpoint-dumpxml disks a --no-domain']),
  configCase('create-readonly-disk', ['checkpoint-create-as disks a --diskspec vdb']),
  configCase('create-cdrom-disk', ['checkpoint-create-as disks a --diskspec hdc,checkpoint=bitmap']),
  configCase('create-empty-disk-no', ['checkpoint-create-as disks a --diskspec fda,checkpoint=no --diskspec vda,bitmap=mine', 'checkpoint-dumpxml disks a --no-domain']),
  configCase('create-diskless-domain', ['checkpoint-create-as diskless a']),
  configCase('create-by-ambiguous-path', ['checkpoint-create-as disks a --diskspec /var/lib/some.iso,checkpoint=no', 'checkpoint-dumpxml disks a --no-domain']),

  // --- redefining ---
  chk('redefine-without-name', ['checkpoint-create test --redefine']),
  chk('redefine-validate-needs-redefine', ['checkpoint-create test --redefine-validate']),
  chk('redefine-and-quiesce', ['checkpoint-create test --redefine --quiesce']),
  withFile('redefine-validate-unsupported', REDEFINE_XML, ['checkpoint-create test $DIR/xml.xml --redefine --redefine-validate']),
  withFile('redefine-with-domain', REDEFINE_XML, ['checkpoint-create test $DIR/xml.xml --redefine', 'checkpoint-list test --parent', 'checkpoint-dumpxml test redef', 'checkpoint-create-as test after', 'checkpoint-parent test after']),
  withFile('redefine-without-creation-time', '<domaincheckpoint><name>r</name></domaincheckpoint>\n', ['checkpoint-create test $DIR/xml.xml --redefine']),
  withFile('redefine-wrong-uuid', REDEFINE_XML.replace('6695eb01', '00000000'), ['checkpoint-create test $DIR/xml.xml --redefine']),
  withFile('redefine-missing-parent', '<domaincheckpoint><name>r</name><parent><name>gone</name></parent><creationTime>1</creationTime></domaincheckpoint>\n', ['checkpoint-create test $DIR/xml.xml --redefine']),
  withFile('redefine-own-parent', '<domaincheckpoint><name>r</name><parent><name>r</name></parent><creationTime>1</creationTime></domaincheckpoint>\n', ['checkpoint-create test $DIR/xml.xml --redefine']),
  withFile('redefine-cycle', '<domaincheckpoint><name>a</name><parent><name>b</name></parent><creationTime>1</creationTime></domaincheckpoint>\n', [
    'checkpoint-create-as test a',
    'checkpoint-create-as test b',
    'checkpoint-create test $DIR/xml.xml --redefine',
  ]),
  withFile('redefine-existing-keeps-children', '<domaincheckpoint><name>a</name><description>again</description><creationTime>1111111111</creationTime></domaincheckpoint>\n', [
    'checkpoint-create-as test a',
    'checkpoint-create-as test b',
    'checkpoint-create test $DIR/xml.xml --redefine',
    'checkpoint-list test --tree',
    'checkpoint-dumpxml test a',
    'checkpoint-create-as test c',
    'checkpoint-parent test c',
  ]),
  withFile('redefine-inactive-domain', REDEFINE_XML, ['destroy test', 'checkpoint-create test $DIR/xml.xml --redefine']),

  // --- listing ---
  chk('list-empty', ['checkpoint-list test']),
  tree('list-table', ['checkpoint-list test']),
  tree('list-parent', ['checkpoint-list test --parent']),
  tree('list-tree', ['checkpoint-list test --tree']),
  tree('list-roots', ['checkpoint-list test --roots', 'checkpoint-list test --roots --name']),
  tree('list-leaves', ['checkpoint-list test --leaves --name', 'checkpoint-list test --no-leaves --name', 'checkpoint-list test --leaves --no-leaves --name']),
  tree('list-topological', ['checkpoint-list test --topological --name', 'checkpoint-list test --topological --roots --name']),
  tree('list-from', ['checkpoint-list test --from a --name', 'checkpoint-list test --from a --descendants --name', 'checkpoint-list test --from a --descendants --topological --name', 'checkpoint-list test --from c']),
  tree('list-from-tree', ['checkpoint-list test --from a --tree', 'checkpoint-list test --from a --descendants --tree', 'checkpoint-list test --from b --tree']),
  tree('list-from-leaves', ['checkpoint-list test --from a --descendants --leaves --name', 'checkpoint-list test --from a --no-leaves --name']),
  chk('list-from-unknown', ['checkpoint-list test --from nosuch']),
  chk('list-tree-and-name', ['checkpoint-list test --tree --name']),
  chk('list-parent-and-roots', ['checkpoint-list test --parent --roots']),
  chk('list-parent-and-tree', ['checkpoint-list test --parent --tree']),
  chk('list-roots-and-tree', ['checkpoint-list test --roots --tree']),
  chk('list-roots-and-from', ['checkpoint-list test --roots --from a']),
  chk('list-leaves-and-tree', ['checkpoint-list test --leaves --tree']),
  chk('list-no-leaves-and-tree', ['checkpoint-list test --no-leaves --tree']),
  chk('list-descendants-without-from', ['checkpoint-list test --descendants']),
  chk('list-unknown-domain', ['checkpoint-list nodom']),
  chk('list-missing-domain', ['checkpoint-list']),
  chk('list-read-only', ['checkpoint-list test --name'], { argv: ['-r', 'checkpoint-list test --name'] }),
  chk('list-after-destroy', ['checkpoint-create-as test a', 'destroy test', 'checkpoint-list test --name', 'checkpoint-info test a']),
  chk('domain-list-with-checkpoint', ['list --all --with-checkpoint', 'checkpoint-create-as test a', 'list --all --with-checkpoint', 'list --all --without-checkpoint']),

  // --- info, parent ---
  tree('info', ['checkpoint-info test a', 'checkpoint-info test b', 'checkpoint-info test c']),
  chk('info-unknown', ['checkpoint-info test nosuch']),
  chk('info-missing-name', ['checkpoint-info test']),
  tree('parent', ['checkpoint-parent test c', 'checkpoint-parent test x']),
  chk('parent-of-root', ['checkpoint-create-as test a', 'checkpoint-parent test a']),
  chk('parent-unknown', ['checkpoint-parent test nosuch']),

  // --- dumpxml ---
  chk('dumpxml-no-domain', ['checkpoint-create-as test a --description "<&>"', 'checkpoint-dumpxml test a --no-domain']),
  chk('dumpxml-size', ['checkpoint-create-as test a', 'checkpoint-dumpxml test a --size --no-domain']),
  chk('dumpxml-size-inactive', ['checkpoint-create-as test a', 'destroy test', 'checkpoint-dumpxml test a --size']),
  chk('dumpxml-security-info', ['checkpoint-create-as test a', 'checkpoint-dumpxml test a --security-info']),
  chk('dumpxml-security-info-read-only', [], { argv: ['-r', 'checkpoint-dumpxml test a --security-info'] }),
  chk('dumpxml-xpath', ['checkpoint-create-as test a', 'checkpoint-dumpxml test a --xpath //disk/@bitmap', 'checkpoint-dumpxml test a --xpath //name --wrap']),
  chk('dumpxml-xpath-missing-value', ['checkpoint-dumpxml test a --xpath']),
  chk('dumpxml-unknown', ['checkpoint-dumpxml test nosuch']),
  chk('dumpxml-missing-name', ['checkpoint-dumpxml test']),
  chk('dumpxml-bad-option', ['checkpoint-dumpxml test a --inactive']),

  // --- delete ---
  tree('delete-leaf', ['checkpoint-delete test c', 'checkpoint-list test --tree', 'checkpoint-create-as test d', 'checkpoint-parent test d']),
  tree('delete-middle', ['checkpoint-delete test b', 'checkpoint-list test --parent', 'checkpoint-dumpxml test c --no-domain']),
  tree('delete-children', ['checkpoint-delete test a --children', 'checkpoint-list test', 'checkpoint-create-as test d', 'checkpoint-list test --parent']),
  tree('delete-children-only', ['checkpoint-delete test a --children-only', 'checkpoint-list test --parent', 'checkpoint-create-as test d', 'checkpoint-list test --tree']),
  tree('delete-metadata', ['checkpoint-delete test b --metadata', 'checkpoint-list test --tree']),
  tree('delete-root-with-children', ['checkpoint-delete test a', 'checkpoint-list test --parent']),
  chk('delete-children-and-children-only', ['checkpoint-create-as test a', 'checkpoint-delete test a --children --children-only']),
  chk('delete-unknown', ['checkpoint-delete test nosuch']),
  chk('delete-missing-name', ['checkpoint-delete test']),
  chk('delete-read-only', [], { argv: ['-r', 'checkpoint-delete test a'] }),
  chk('delete-after-destroy', ['checkpoint-create-as test a', 'destroy test', 'checkpoint-delete test a', 'checkpoint-list test --name']),

  // --- edit ---
  chk('edit-unchanged', ['checkpoint-create-as test a', 'checkpoint-edit test a'], { env: { EDITOR: 'true', VISUAL: 'true' } }),
  editCase('edit-description', EDIT_DESCRIBE),
  editCase('edit-rename-refused', EDIT_RENAME),
  chk('edit-editor-fails', ['checkpoint-create-as test a', 'checkpoint-edit test a'], { env: { EDITOR: 'false', VISUAL: 'false' }, masks: [CREATION_TIME, EDIT_TEMP_FILE] }),
  chk('edit-unknown', ['checkpoint-edit test nosuch']),
  chk('edit-missing-name', ['checkpoint-edit test']),

  // --- undefine with checkpoints ---
  chk('undefine-checkpoints-metadata', ['checkpoint-create-as test a', 'destroy test', 'undefine test --checkpoints-metadata']),

  // --- help ---
  { name: 'help-group', argv: ['help', 'checkpoint'], helpLayout: true },
  { name: 'help-list', argv: ['help', 'checkpoint-list'], helpLayout: true },
  { name: 'help-create-as', argv: ['help', 'checkpoint-create-as'], helpLayout: true },
  { name: 'help-dumpxml', argv: ['help', 'checkpoint-dumpxml'], helpLayout: true },
  { name: 'help-create', argv: ['help', 'checkpoint-create'], helpLayout: true },
  { name: 'help-delete', argv: ['help', 'checkpoint-delete'], helpLayout: true },
  { name: 'help-edit', argv: ['help', 'checkpoint-edit'], helpLayout: true },
  { name: 'help-info', argv: ['help', 'checkpoint-info'], helpLayout: true },
  { name: 'help-parent', argv: ['help', 'checkpoint-parent'], helpLayout: true },
];
