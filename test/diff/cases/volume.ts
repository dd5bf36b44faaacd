// Differential cases for the "Storage Volume" group: volumes created in test:///default's
// "default-pool" from options and from files, looked up by name, key and path, cloned, deleted,
// and the errors of each step (unknown volume or pool, inactive pool, bad sizes, read-only).
import type { DiffCase } from '../case.js';

const VOL = `<volume>
  <name>vx</name>
  <capacity unit='G'>2</capacity>
  <allocation unit='M'>512</allocation>
  <target>
    <format type='qcow2'/>
    <permissions><mode>0644</mode><owner>0</owner><group>0</group></permissions>
    <compat>1.1</compat>
    <features><lazy_refcounts/></features>
  </target>
</volume>
`;

const P = 'default-pool';
const c = (name: string, argv: string[], files?: Record<string, string>): DiffCase => ({ name, argv, files });
const withVol = (body = VOL) => ({ 'vol.xml': body });

export const cases: DiffCase[] = [
  c('vol-list-empty', ['vol-list', P]),
  c('vol-list-details-empty', ['vol-list', P, '--details']),
  c('vol-create-as-basic', [`vol-create-as ${P} v1 1G; vol-list ${P}; vol-list ${P} --details; pool-info ${P}`]),
  c('vol-create-as-qcow2-allocation', [`vol-create-as ${P} v2 10M --allocation 5M --format qcow2; vol-dumpxml v2 --pool ${P}; vol-info v2 --pool ${P}`]),
  c('vol-create-as-print-xml', ['vol-create-as', P, 'v1', '1M', '--allocation', '0', '--format', 'raw', '--print-xml']),
  c('vol-create-from-file', [`vol-create ${P} vol.xml; vol-dumpxml vx --pool ${P}; vol-info --bytes vx --pool ${P}`], withVol()),
  c('vol-lookups', [`vol-create-as ${P} v2 10M; vol-key v2 --pool ${P}; vol-path v2 --pool ${P}; vol-name /${P}/v2; vol-pool /${P}/v2; vol-pool --uuid /${P}/v2; vol-info /${P}/v2`]),
  c('vol-clone-delete', [`vol-create-as ${P} v2 10M; vol-clone v2 v3 --pool ${P}; vol-list ${P} --details; vol-delete v3 --pool ${P}; vol-list ${P}`]),
  c('vol-clone-print-xml', [`vol-create-as ${P} v1 1M --format qcow2; vol-clone v1 v2 --pool ${P} --print-xml`]),
  c('vol-create-from-input', [`vol-create-as ${P} v1 1M; vol-create-from ${P} vol.xml v1 --inputpool ${P}; vol-list ${P}`], withVol()),
  c('vol-backing-store', [`vol-create-as ${P} base 1M; vol-create-as ${P} top 1M --backing-vol base --backing-vol-format raw --format qcow2; vol-dumpxml top --pool ${P}`]),
  c('vol-delete-by-path', [`vol-create-as ${P} v1 1M; vol-delete /${P}/v1; vol-list ${P}`]),

  // --- errors ---
  c('vol-info-unknown', ['vol-info', 'nosuch']),
  c('vol-info-unknown-in-pool', ['vol-info', 'nosuch', '--pool', P]),
  c('vol-info-unknown-pool', ['vol-info', 'nosuch', '--pool', 'nopool']),
  c('vol-info-missing-arg', ['vol-info']),
  c('vol-create-as-bad-size', ['vol-create-as', P, 'v9', '1Q']),
  c('vol-create-as-malformed-size', ['vol-create-as', P, 'v9', 'abc']),
  c('vol-create-as-overflow', ['vol-create-as', P, 'v9', '99999999999E']),
  c('vol-create-as-too-big', ['vol-create-as', P, 'v9', '200G']),
  c('vol-create-as-exists', [`vol-create-as ${P} v1 1M; vol-create-as ${P} v1 1M`]),
  c('vol-create-as-no-backing', ['vol-create-as', P, 'v1', '1M', '--backing-vol', 'nope']),
  c('vol-create-readonly', ['-r', 'vol-create-as', P, 'v1', '1M']),
  c('vol-create-malformed-xml', ['vol-create', P, 'vol.xml'], withVol('<volume><name>x</name>\n')),
  c('vol-create-no-capacity', ['vol-create', P, 'vol.xml'], withVol('<volume><name>x</name></volume>\n')),
  c('vol-create-bad-format', ['vol-create', P, 'vol.xml'], withVol("<volume><name>x</name><capacity>1</capacity><target><format type='floppy'/></target></volume>\n")),
  c('vol-list-inactive-pool', [`pool-destroy ${P}; vol-list ${P}`]),
  c('vol-info-inactive-pool', [`pool-define-as p2 dir --target /tmp/p2; vol-info x --pool p2`]),
  c('vol-create-inactive-pool', [`pool-destroy ${P}; vol-create-as ${P} v1 1M`]),
  c('vol-resize-unsupported', [`vol-create-as ${P} v2 10M; vol-resize v2 20M --pool ${P}`]),
  c('vol-resize-negative', [`vol-create-as ${P} v1 1M; vol-resize v1 -1M --pool ${P}`]),
  c('vol-resize-zero', [`vol-create-as ${P} v1 1M; vol-resize v1 0 --pool ${P}`]),
  c('vol-wipe-unsupported', [`vol-create-as ${P} v2 10M; vol-wipe v2 --pool ${P}`]),
  c('vol-wipe-bad-algorithm', [`vol-create-as ${P} v1 1M; vol-wipe v1 --pool ${P} --algorithm foo`]),
  c('vol-upload-unsupported', [`vol-create-as ${P} v1 1M; vol-upload v1 data.bin --pool ${P}`], { 'data.bin': 'x' }),
  c('vol-download-unsupported', [`vol-create-as ${P} v1 1M; vol-download v1 out.bin --pool ${P}`]),
  c('vol-key-unknown', ['vol-key', 'nosuch']),
  c('vol-name-unknown', ['vol-name', '/nowhere']),
  c('vol-pool-unknown', ['vol-pool', '/nowhere']),

  // --- help layout (the prose is ours; names, options and layout are virsh's) ---
  { name: 'help-vol-create-as', argv: ['help', 'vol-create-as'], helpLayout: true },
  { name: 'help-vol-resize', argv: ['help', 'vol-resize'], helpLayout: true },
  { name: 'help-vol-clone', argv: ['help', 'vol-clone'], helpLayout: true },
  { name: 'help-storage-volume', argv: ['help', 'Storage Volume'], helpLayout: true },
];
