// More differential cases for the "Domain Management" group: save images (real files in the
// test driver's format), core dumps, screenshots, CPU and IOThread pinning, the typed-parameter
// tunables, guest-agent calls, device commands and the entry points the test driver lacks, edit
// and metadata, dumpxml --xpath. Save images are written by the case itself: Debian's virsh races
// its own job watcher in save, dump, managedsave and migrate and then never returns (rarely when
// idle, often under load; --verbose only makes it rarer), so no case lets those commands reach
// the driver. The API-level unit tests (src/drivers/test/test-domain-save.test.ts) cover saving
// and dumping instead.
import { CPU_TIME_MASK, UUID_MASK, type DiffCase, type Mask } from '../case.js';

/** A save image as the test driver writes it: magic with its NUL, the XML's length (LE int32), the XML. */
export function saveImage(xml: string): string {
  // The file is written as UTF-8 text, so each length byte must stay below 0x80: pad the XML.
  let body = xml;
  while ((body.length & 0xff) >= 0x80 || ((body.length >> 8) & 0xff) >= 0x80) body += ' ';
  const n = body.length;
  return `TestGuestMagic\0${String.fromCharCode(n & 0xff, (n >> 8) & 0xff, 0, 0)}${body}`;
}

const IMG_DOM = (name: string, uuid: string) =>
  `<domain type='test'><name>${name}</name><uuid>${uuid}</uuid><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices><interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/></interface><graphics type='vnc' port='5900' passwd='pw'/></devices></domain>`;
const SAVED = IMG_DOM('saved1', 'aaaaaaaa-0000-0000-0000-000000000001');
const TEST_UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';
const images = {
  'saved1.img': saveImage(SAVED),
  'test.img': saveImage(IMG_DOM('test', TEST_UUID)),
  'new.xml': SAVED.replace('<vcpu>1', '<vcpu>2'),
  'bad.xml': "<domain type='test'><name>x</name>",
  'short.img': 'abc',
  'hdr.img': 'TestGuestMagic\0',
  'magic.img': 'XestGuestMagic\0xxxx',
  'len0.img': 'TestGuestMagic\0\0\0\0\0',
  'trunc.img': 'TestGuestMagic\0\x10\0\0\0<dom',
  'badxml.img': 'TestGuestMagic\0\x05\0\0\0<dom>',
};

/** The edit loop's temporary file has a random name. */
const EDIT_TMP_MASK: Mask = { name: 'edit-temp-file', pattern: /virsh[A-Za-z0-9]{6}\.xml/g, replace: 'virshXXXXXX.xml' };
/** screenshot without --file names the picture after the local time. */
const SHOT_NAME_MASK: Mask = { name: 'screenshot-time-name', pattern: /test-\d{4}-\d\d-\d\d-\d\d:\d\d:\d\d\.png/g, replace: 'test-<time>.png' };

const DISK_XML = "<disk type='file'><source file='/x'/><target dev='vdb'/></disk>";
const MD_DOM = `<domain type='test'><name>md</name><uuid>bbbbbbbb-0000-0000-0000-000000000002</uuid><memory>1024</memory><os><type>hvm</type></os><metadata><app1:foo xmlns:app1="http://app1.org/app1/">fooish<app1:b x="1"/></app1:foo><bar xmlns="http://app2/"><c/></bar></metadata></domain>`;
const GFX_DOM = `<domain type='test'><name>gfx</name><uuid>cccccccc-0000-0000-0000-000000000003</uuid><memory>1024</memory><os><type>hvm</type></os><devices><graphics type='vnc' port='5907' listen='127.0.0.1' passwd='pw'/><graphics type='spice' port='5930' tlsPort='5931'/><console type='pty' tty='/dev/pts/7'/><disk type='file' device='cdrom'><source file='/a.iso'/><target dev='hdc' bus='ide'/></disk></devices></domain>`;
const gfx = { 'gfx.xml': GFX_DOM };

export const cases: DiffCase[] = [
  // --- save / restore / save images ---
  { name: 'save-unknown-domain', argv: ['save', 'nosuch', 's.img'] },
  { name: 'restore-image', argv: ['restore saved1.img; list --all; dumpxml saved1 --security-info; domstate saved1 --reason'], files: images },
  { name: 'restore-active-clash', argv: ['restore', 'test.img'], files: images },
  { name: 'restore-after-destroy', argv: ['destroy test; restore test.img; domstate test --reason; domid test'], files: images },
  { name: 'restore-running-paused-exclusive', argv: ['restore', 'saved1.img', '--paused', '--running'], files: images },
  { name: 'restore-paused-refused', argv: ['restore', 'saved1.img', '--paused'], files: images },
  { name: 'restore-xml-refused', argv: ['restore', 'saved1.img', '--xml', 'new.xml'], files: images },
  { name: 'restore-missing', argv: ['restore', 'nosuch.img'] },
  { name: 'restore-bad-xml-image', argv: ['restore', 'badxml.img'], files: images },
  { name: 'restore-read-only', argv: ['-r', 'restore', 'saved1.img'], files: images },
  { name: 'save-image-dumpxml', argv: ['save-image-dumpxml saved1.img; save-image-dumpxml saved1.img --security-info'], files: images },
  { name: 'save-image-dumpxml-xpath-wrap', argv: ['save-image-dumpxml', 'saved1.img', '--xpath', '//vcpu', '--wrap'], files: images },
  { name: 'save-image-dumpxml-missing', argv: ['save-image-dumpxml', 'nosuch.img'] },
  { name: 'save-image-dumpxml-short', argv: ['save-image-dumpxml', 'short.img'], files: images },
  { name: 'save-image-dumpxml-no-length', argv: ['save-image-dumpxml', 'hdr.img'], files: images },
  { name: 'save-image-dumpxml-bad-magic', argv: ['save-image-dumpxml', 'magic.img'], files: images },
  { name: 'save-image-dumpxml-zero-length', argv: ['save-image-dumpxml', 'len0.img'], files: images },
  { name: 'save-image-dumpxml-truncated', argv: ['save-image-dumpxml', 'trunc.img'], files: images },
  { name: 'save-image-dumpxml-malformed', argv: ['save-image-dumpxml', 'badxml.img'], files: images },
  { name: 'save-image-dumpxml-directory', argv: ['save-image-dumpxml', '/tmp'] },
  { name: 'save-image-dumpxml-read-only', argv: ['-r', 'save-image-dumpxml', 'saved1.img'], files: images },
  { name: 'save-image-define', argv: ['save-image-define saved1.img new.xml; save-image-dumpxml saved1.img --xpath //vcpu'], files: images },
  { name: 'save-image-define-running-flag', argv: ['save-image-define', 'saved1.img', 'new.xml', '--running'], files: images },
  { name: 'save-image-define-exclusive', argv: ['save-image-define', 'saved1.img', 'new.xml', '--running', '--paused'], files: images },
  { name: 'save-image-define-malformed', argv: ['save-image-define', 'saved1.img', 'bad.xml'], files: images },
  { name: 'save-image-edit-unchanged', argv: ['save-image-edit', 'saved1.img'], files: images, env: { EDITOR: 'true' } },
  { name: 'save-image-edit-changed', argv: ['save-image-edit saved1.img; save-image-dumpxml saved1.img --xpath //boot'], files: images, env: { EDITOR: 'sed -i s/hd/cdrom/' } },
  { name: 'save-image-edit-editor-fails', argv: ['save-image-edit', 'saved1.img'], files: images, env: { EDITOR: 'false' }, masks: [EDIT_TMP_MASK] },
  { name: 'save-image-edit-missing', argv: ['save-image-edit', 'nosuch.img'], env: { EDITOR: 'true' } },
  { name: 'save-image-edit-exclusive', argv: ['save-image-edit', 'saved1.img', '--running', '--paused'], files: images },
  { name: 'managedsave-dumpxml-unsupported', argv: ['managedsave-dumpxml', 'test'] },
  { name: 'managedsave-dumpxml-ro-secure', argv: ['-r', 'managedsave-dumpxml', 'test', '--security-info'] },
  { name: 'managedsave-define-missing-file', argv: ['managedsave-define', 'test', 'nosuch.xml'] },
  { name: 'managedsave-define-unsupported', argv: ['managedsave-define', 'test', 'new.xml'], files: images },
  { name: 'managedsave-define-exclusive', argv: ['managedsave-define', 'test', 'new.xml', '--running', '--paused'], files: images },
  { name: 'managedsave-edit-unsupported', argv: ['managedsave-edit', 'test'], env: { EDITOR: 'true' } },

  // --- dump / screenshot ---
  { name: 'screenshot-file', argv: ['screenshot', 'test', '--file', 's.png'] },
  { name: 'screenshot-generated-name', argv: ['screenshot', 'test'], masks: [SHOT_NAME_MASK] },
  { name: 'screenshot-screen', argv: ['screenshot', 'test', '--file', 's.png', '--screen', '2'] },
  { name: 'screenshot-read-only', argv: ['-r', 'screenshot', 'test', '--file', 's.png'] },
  { name: 'screenshot-unwritable', argv: ['screenshot', 'test', '--file', '/nonexistent/s.png'] },
  { name: 'screenshot-shutoff', argv: ['destroy test; screenshot test --file s.png'] },

  // --- vCPUs, pinning, IOThreads, CPU stats ---
  { name: 'vcpuinfo', argv: ['vcpuinfo', 'test'], masks: [CPU_TIME_MASK] },
  { name: 'vcpuinfo-pretty', argv: ['vcpuinfo', 'test', '--pretty'], masks: [CPU_TIME_MASK] },
  { name: 'vcpuinfo-shutoff', argv: ['destroy test; vcpuinfo test; vcpuinfo test --pretty'] },
  { name: 'vcpupin-query', argv: ['vcpupin test; vcpupin test 1; vcpupin test --config'] },
  { name: 'vcpupin-out-of-range', argv: ['vcpupin', 'test', '5'] },
  { name: 'vcpupin-set', argv: ['vcpupin test 1 3-4; vcpupin test; vcpuinfo test --pretty; dumpxml test --xpath //cputune'], masks: [CPU_TIME_MASK] },
  { name: 'vcpupin-all-cpus', argv: ['vcpupin test 0 r; vcpupin test'] },
  { name: 'vcpupin-cpu-too-high', argv: ['vcpupin', 'test', '0', '9'] },
  { name: 'vcpupin-bad-list', argv: ['vcpupin', 'test', '0', 'x'] },
  { name: 'vcpupin-empty-list', argv: ['vcpupin', 'test', '0', '^1'] },
  { name: 'vcpupin-missing-vcpu', argv: ['vcpupin', 'test', '--cpulist', '1'] },
  { name: 'vcpupin-config', argv: ['vcpupin test 0 1 --config; vcpupin test --config; dumpxml test --inactive --xpath //vcpupin'] },
  { name: 'vcpupin-live-config-query', argv: ['vcpupin', 'test', '--live', '--config'] },
  { name: 'vcpupin-shutoff', argv: ['destroy test; vcpupin test; vcpupin test --live; vcpupin test 0 1'] },
  { name: 'emulatorpin', argv: ['emulatorpin test; emulatorpin test 2-3; emulatorpin test; emulatorpin test --config'] },
  { name: 'emulatorpin-config', argv: ['emulatorpin test 2 --config; dumpxml test --inactive --xpath //emulatorpin'] },
  { name: 'emulatorpin-empty', argv: ['emulatorpin', 'test', ''] },
  { name: 'emulatorpin-shutoff', argv: ['destroy test; emulatorpin test 1; emulatorpin test'] },
  { name: 'emulatorpin-quiet', argv: ['-q', 'emulatorpin', 'test'] },
  { name: 'cpu-stats', argv: ['cpu-stats', 'test'] },
  { name: 'cpu-stats-total', argv: ['cpu-stats', 'test', '--total'] },
  { name: 'cpu-stats-start', argv: ['cpu-stats', 'test', '--start', '1'] },
  { name: 'cpu-stats-start-out-of-range', argv: ['cpu-stats', 'test', '--start', '2'] },
  { name: 'cpu-stats-count-too-many', argv: ['cpu-stats', 'test', '--start', '1', '--count', '5'] },
  { name: 'cpu-stats-negative-start', argv: ['cpu-stats', 'test', '--start', '-1'] },
  { name: 'cpu-stats-shutoff', argv: ['destroy test; cpu-stats test'] },
  { name: 'iothreadinfo-none', argv: ['iothreadinfo', 'test'] },
  { name: 'iothreadadd-info-xml', argv: ['iothreadadd test 3; iothreadadd test 1 --config; iothreadinfo test; iothreadinfo test --config; dumpxml test --xpath //iothreads; dumpxml test --inactive --xpath //iothreadids'] },
  { name: 'iothreadadd-zero', argv: ['iothreadadd', 'test', '0'] },
  { name: 'iothreadadd-duplicate', argv: ['iothreadadd test 2; iothreadadd test 2'] },
  { name: 'iothreaddel-missing', argv: ['iothreaddel', 'test', '2'] },
  { name: 'iothread-pin-del', argv: ['iothreadadd test 2; iothreadadd test 4; iothreadpin test 2 1; iothreadinfo test; iothreaddel test 2; iothreadinfo test; dumpxml test --xpath //cputune'] },
  { name: 'iothreadpin-unknown', argv: ['iothreadpin', 'test', '7', '1'] },
  { name: 'iothreadset-poll-domstats', argv: ['iothreadadd test 2; iothreadset test 2 --poll-max-ns 100 --poll-grow 2; domstats test --iothread'] },
  { name: 'iothreadset-poll-shrink-live', argv: ['iothreadadd test 3; iothreadset test 3 --poll-shrink 4 --poll-max-ns 0 --live; domstats test --iothread'] },
  { name: 'iothreadset-config-refused', argv: ['iothreadadd test 3; iothreadset test 3 --poll-grow 1 --config'] },
  { name: 'iothreadset-thread-pool-refused', argv: ['iothreadadd test 2; iothreadset test 2 --thread-pool-min 1'] },
  { name: 'iothreadset-nothing', argv: ['iothreadset', 'test', '2'] },
  { name: 'iothreadset-unknown', argv: ['iothreadset', 'test', '2', '--poll-grow', '1'] },
  { name: 'guestvcpus-unsupported', argv: ['guestvcpus', 'test'] },
  { name: 'guestvcpus-enable-needs-cpulist', argv: ['guestvcpus', 'test', '--enable'] },
  { name: 'setvcpu-unsupported', argv: ['setvcpu', 'test', '1', '--enable'] },
  { name: 'setvcpu-needs-state', argv: ['setvcpu', 'test', '1'] },

  // --- tunables ---
  { name: 'memtune', argv: ['memtune test; memtune test --hard-limit 1G --swap-hard-limit 2G; memtune test; dumpxml test --xpath //memtune/hard_limit/text()'] },
  { name: 'memtune-errors', argv: ['memtune test --hard-limit 1G --swap-hard-limit 2G; memtune test --hard-limit 3G; memtune test --min-guarantee 5; memtune test --hard-limit x'] },
  { name: 'memtune-unlimited', argv: ['memtune test --soft-limit 100; memtune test --soft-limit -1; memtune test'] },
  { name: 'memtune-config', argv: ['memtune test --config --soft-limit 100M; memtune test --config; dumpxml test --inactive'] },
  { name: 'memtune-live-config', argv: ['memtune', 'test', '--live', '--config'] },
  { name: 'blkiotune', argv: ['blkiotune test; blkiotune test --weight 500; blkiotune test --device-weights /dev/sda,100; blkiotune test; blkiotune test --device-read-iops-sec /dev/sda,5,/dev/sdb,6; blkiotune test'] },
  { name: 'blkiotune-errors', argv: ['blkiotune test --device-weights /dev/sda; blkiotune test --weight x'] },
  { name: 'blkiotune-zero-weight', argv: ['blkiotune', 'test', '--weight', '0'] },
  { name: 'blkiotune-bad-value', argv: ['blkiotune', 'test', '--device-weights', '/dev/sda,x'] },
  { name: 'blkiotune-xml', argv: ['blkiotune test --device-write-bytes-sec /dev/sda,1,/dev/sdb,0; blkiotune test; dumpxml test'] },
  { name: 'numatune', argv: ['numatune test; numatune test --mode preferred --nodeset 0; numatune test; numatune test --config; dumpxml test'] },
  { name: 'numatune-mode-needs-nodeset', argv: ['numatune test --mode interleave; numatune test'] },
  { name: 'numatune-errors', argv: ['numatune test --mode 7; numatune test --mode bogus; numatune test --nodeset ^0; numatune test --config --mode restrictive'] },
  { name: 'numatune-live-mode-change', argv: ['numatune test --nodeset 0; numatune test --mode 1; numatune test --mode 0x1 --nodeset 2'] },
  { name: 'perf', argv: ['perf test; perf test --enable cmt,mbmt; perf test; perf test --disable foo'] },
  { name: 'perf-xml', argv: ['perf test --enable ,cmt, --disable cmt,mbml; dumpxml test'] },
  { name: 'domiftune', argv: ['domiftune test testnet0; domiftune test testnet0 --inbound 100,200,300 --outbound 50; domiftune test testnet0; dumpxml test'] },
  { name: 'domiftune-clear', argv: ['domiftune test testnet0 --inbound 100; domiftune test testnet0 --inbound 0; domiftune test testnet0'] },
  { name: 'domiftune-by-mac', argv: ['domiftune', 'test', 'aa:bb:cc:dd:ee:ff'] },
  { name: 'domiftune-unknown', argv: ['domiftune', 'test', 'nosuch'] },
  { name: 'domiftune-too-many-fields', argv: ['domiftune', 'test', 'testnet0', '--inbound', '1,2,3,4,5'] },
  { name: 'domiftune-malformed', argv: ['domiftune', 'test', 'testnet0', '--inbound', 'x'] },
  { name: 'domiftune-inbound-needs-average', argv: ['domiftune', 'test', 'testnet0', '--inbound', ',5'] },
  { name: 'domiftune-outbound-floor', argv: ['domiftune', 'test', 'testnet0', '--outbound', '1,2,3,4'] },
  { name: 'blkdeviotune', argv: ['blkdeviotune test vda; blkdeviotune test vda --total-bytes-sec 1k --total-bytes-sec-max 2k --group-name g1; blkdeviotune test vda; dumpxml test'] },
  { name: 'blkdeviotune-errors', argv: ['blkdeviotune test hda; blkdeviotune test vda --total-bytes-sec 1k --read-iops-sec 5; blkdeviotune test vda --total-bytes-sec x'] },
  { name: 'blkdeviotune-total-and-read', argv: ['blkdeviotune', 'test', 'vda', '--total_iops_sec', '5', '--read_iops_sec', '5'] },
  { name: 'set-lifecycle-action', argv: ['set-lifecycle-action test poweroff restart; set-lifecycle-action test crash preserve --config; dumpxml test; dumpxml test --inactive'] },
  { name: 'set-lifecycle-action-errors', argv: ['set-lifecycle-action test reboot coredump-destroy; set-lifecycle-action test foo destroy; set-lifecycle-action test crash bar'] },
  { name: 'set-lifecycle-action-shutdown-restarts', argv: ['set-lifecycle-action test poweroff restart; shutdown test; domstate test --reason'] },

  // --- guest agent ---
  { name: 'domfsinfo', argv: ['domfsinfo', 'test'] },
  { name: 'domfsfreeze-thaw', argv: ['domfsfreeze test; domfsfreeze test; domfsthaw test /; domfsthaw test; domfsfreeze test /boot /; domfsfreeze test /x'] },
  { name: 'domfstrim', argv: ['domfstrim test; domfstrim test --mountpoint /boot --minimum 5; domfstrim test --mountpoint /x'] },
  { name: 'domfsinfo-shutoff', argv: ['destroy test; domfsinfo test'] },
  { name: 'inject-nmi', argv: ['inject-nmi test; destroy test; inject-nmi test'] },
  { name: 'inject-nmi-read-only', argv: ['-r', 'inject-nmi', 'test'] },
  { name: 'send-key-numbers', argv: ['send-key', 'test', '30', '0x1e', '036'] },
  { name: 'send-key-unknown-code', argv: ['send-key', 'test', '300'] },
  { name: 'send-key-bad-codeset', argv: ['send-key', 'test', '--codeset', 'bogus', '1'] },
  { name: 'send-key-too-many', argv: ['send-key', 'test', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17'] },
  { name: 'send-key-rfb-holdtime', argv: ['send-key', 'test', '--codeset', 'rfb', '--holdtime', '5', '1'] },
  { name: 'send-process-signal', argv: ['send-process-signal test 1 kill; send-process-signal test 1 SIGTERM; send-process-signal test 1 sig_hup'] },
  { name: 'send-process-signal-errors', argv: ['send-process-signal test 2 kill; send-process-signal test 1 99; send-process-signal test 1 bogus; send-process-signal test 0 kill'] },
  { name: 'set-user-password', argv: ['set-user-password test root pw; set-user-password test root pw --encrypted; destroy test; set-user-password test root pw'] },
  { name: 'domlaunchsecinfo', argv: ['domlaunchsecinfo', 'test'] },

  // --- devices and the entry points the test driver lacks ---
  { name: 'attach-device', argv: ['attach-device test disk.xml; attach-device test disk.xml --config; attach-device test disk.xml --persistent'], files: { 'disk.xml': DISK_XML } },
  { name: 'attach-device-missing-file', argv: ['attach-device', 'test', 'nosuch.xml'] },
  { name: 'attach-device-persistent-current', argv: ['attach-device', 'test', 'disk.xml', '--persistent', '--current'], files: { 'disk.xml': DISK_XML } },
  { name: 'detach-update-device', argv: ['detach-device test disk.xml; update-device test disk.xml --force; detach-device-alias test ua-x'], files: { 'disk.xml': DISK_XML } },
  { name: 'attach-disk', argv: ['attach-disk test /x vdb; attach-disk test /x vdb --config --targetbus virtio --cache none'] },
  { name: 'attach-disk-print-xml', argv: ['attach-disk test /x vdb --print-xml --driver qemu --subdriver qcow2 --mode readonly --serial s1 --type cdrom --rawio; attach-disk test vol vdb --print-xml --source-protocol nbd --source-host-name h:10'] },
  { name: 'attach-disk-errors', argv: ['attach-disk test /x vdb --mode bogus; attach-disk test /x vdb --sourcetype bogus; attach-disk test /x vdb --source-host-name x'] },
  { name: 'detach-disk', argv: ['detach-disk test vda; detach-disk test vdz; detach-disk test vda --print-xml; detach-disk test /guest/diskimage1 --config --print-xml'] },
  { name: 'attach-interface', argv: ['attach-interface test network default; attach-interface test network default --print-xml --mac 52:54:00:11:22:33 --model virtio'] },
  { name: 'attach-interface-bandwidth-xml', argv: ['attach-interface', 'test', 'bridge', 'br0', '--print-xml', '--target', 't0', '--inbound', '100,200', '--outbound', '10', '--managed'] },
  { name: 'attach-interface-errors', argv: ['attach-interface test bogus default; attach-interface test user x; attach-interface test vhostuser /s; attach-interface test vhostuser /s --print-xml --source-mode client'] },
  { name: 'detach-interface', argv: ['detach-interface test network; detach-interface test bridge; detach-interface test network --mac 00:11:22:33:44:55; detach-interface test network --print-xml'] },
  { name: 'detach-interface-config-live', argv: ['detach-interface test network --config --live; detach-interface test network --persistent'] },
  { name: 'domif-setlink', argv: ['domif-setlink test testnet0 down; domif-setlink test testnet0 down --config; domif-setlink test testnet0 bogus; domif-setlink test nosuch down'] },
  { name: 'domif-setlink-print-xml', argv: ['domif-setlink test testnet0 down --print-xml; domif-setlink test AA:BB:CC:DD:EE:FF up --print-xml'] },
  { name: 'change-media-not-changeable', argv: ['change-media test vda --eject; change-media test hdc --eject'] },
  { name: 'change-media-cdrom-eject', argv: ['define gfx.xml; change-media gfx hdc --eject --config'], files: gfx },
  { name: 'block-jobs-unsupported', argv: ['blockcommit test vda; blockcopy test vda --dest /x; blockjob test vda; blockjob test vda --abort; blockjob test vda --bandwidth 10; blockpull test vda; blockpull test vda --base x'] },
  { name: 'block-jobs-option-checks', argv: ['blockcommit test vda --verbose; blockcommit test vda --pivot --keep-overlay; blockcopy test vda; blockcopy test vda --dest /x --async; blockjob test vda --raw --abort; blockpull test vda --verbose'] },
  { name: 'blockcopy-print-xml', argv: ['blockcopy', 'test', 'vda', '--dest', '/x', '--print-xml', '--format', 'qcow2'] },
  { name: 'blockresize', argv: ['blockresize test vda 1G; blockresize test vda 1000b'] },
  { name: 'domblkthreshold', argv: ['domblkthreshold', 'test', 'vda', '1k'] },
  { name: 'domdisplay-none', argv: ['domdisplay test; domdisplay test --type vnc; domdisplay test --all --type vnc'] },
  { name: 'domdisplay-graphics', argv: ['create gfx.xml; domdisplay gfx; domdisplay gfx --all; domdisplay gfx --type spice; domdisplay gfx --include-password; vncdisplay gfx; ttyconsole gfx'], files: gfx },
  { name: 'vncdisplay-none', argv: ['vncdisplay test; destroy test; vncdisplay test; domdisplay test'] },
  { name: 'ttyconsole-none', argv: ['ttyconsole', 'test'] },
  { name: 'domjobinfo', argv: ['domjobinfo test; domjobinfo test --completed; domjobinfo test --keep-completed; domjobinfo test --rawstats'] },
  { name: 'domjobabort', argv: ['domjobabort test; domjobabort test --postcopy'] },
  { name: 'dompm', argv: ['dompmsuspend test mem; dompmsuspend test bogus; dompmsuspend test disk --duration 5; dompmwakeup test'] },
  { name: 'domxml-native', argv: ['domxml-from-native qemu-argv /dev/null; domxml-from-native qemu-argv nosuch; domxml-to-native qemu-argv --domain test; domxml-to-native qemu-argv; domxml-to-native qemu-argv --xml disk.xml'], files: { 'disk.xml': DISK_XML } },
  { name: 'user-sshkeys', argv: ['get-user-sshkeys test root; set-user-sshkeys test root --file disk.xml; set-user-sshkeys test root --remove; set-user-sshkeys test root'], files: { 'disk.xml': DISK_XML } },
  { name: 'lxc-enter-namespace', argv: ['lxc-enter-namespace', 'test', '/bin/true'] },
  { name: 'migrate-option-checks', argv: ['migrate test test:///default --live --offline; migrate test test:///default --timeout 5; migrate test test:///default --postcopy-after-precopy'] },
  { name: 'migrate-tuning-unsupported', argv: ['migrate-setmaxdowntime test 100; migrate-getmaxdowntime test; migrate-compcache test; migrate-compcache test --size 100; migrate-setspeed test 100; migrate-getspeed test --postcopy; migrate-postcopy test'] },
  { name: 'qemu-commands-unsupported', argv: ['qemu-attach 1; qemu-attach x; qemu-monitor-command test info; qemu-monitor-event --timeout 1; qemu-agent-command test x'] },
  { name: 'guest-agent-unsupported', argv: ['guest-agent-timeout test; guestinfo test --os; domdirtyrate-calc test; domdirtyrate-calc test --mode bogus; dom-fd-associate test x 0'] },
  { name: 'update-memory-device-none', argv: ['update-memory-device', 'test', '--requested-size', '1G'] },
  { name: 'domsetlaunchsecstate', argv: ['domsetlaunchsecstate test; domsetlaunchsecstate test --secrethdr disk.xml --secret disk.xml'], files: { 'disk.xml': DISK_XML } },
  { name: 'devices-read-only', argv: ['-r', 'attach-device', 'test', 'disk.xml'], files: { 'disk.xml': DISK_XML } },

  // --- edit, metadata, dumpxml --xpath ---
  { name: 'edit-unchanged', argv: ['edit', 'test'], env: { EDITOR: 'true' } },
  { name: 'edit-changed', argv: ['edit test; dumpxml test --inactive --xpath //on_crash'], env: { EDITOR: 'sed -i s/destroy/restart/' } },
  { name: 'edit-editor-fails', argv: ['edit', 'test'], env: { EDITOR: 'false' }, masks: [EDIT_TMP_MASK] },
  { name: 'metadata-missing', argv: ['metadata', 'test', 'http://x'] },
  { name: 'metadata-set-get', argv: ['metadata test http://x --set "<a><b>t</b></a>" --key k; metadata test http://x; dumpxml test'] },
  { name: 'metadata-defined', argv: ['define md.xml; metadata md http://app1.org/app1/; metadata md http://app2/; metadata md http://app1.org/app1/ --set "<z q=\\"1\\"/>" --key new; metadata md http://app1.org/app1/; dumpxml md'], files: { 'md.xml': MD_DOM } },
  { name: 'metadata-remove', argv: ['define md.xml; metadata md http://app2/ --remove; dumpxml md'], files: { 'md.xml': MD_DOM } },
  { name: 'metadata-needs-key', argv: ['metadata', 'test', 'http://x', '--set', '<a/>'] },
  { name: 'metadata-edit-set-exclusive', argv: ['metadata', 'test', 'http://x', '--edit', '--set', 'x'] },
  { name: 'dumpxml-xpath', argv: ['dumpxml test --xpath //disk; dumpxml test --xpath //nosuch; dumpxml test --xpath "//@type"; dumpxml test --xpath "count(//disk)"'] },
  { name: 'dumpxml-xpath-wrap', argv: ['dumpxml test --xpath //disk --wrap; dumpxml test --xpath //nosuch --wrap; dumpxml test --xpath "/domain/devices/*[1]" --wrap'] },
  { name: 'dumpxml-wrap-alone', argv: ['dumpxml', 'test', '--wrap'] },
  { name: 'dumpxml-xpath-text', argv: ['dumpxml', 'test', '--xpath', '//name/text()'] },
  { name: 'define-uuid-masked-restore', argv: ['save-image-define saved1.img nouuid.xml; save-image-dumpxml saved1.img --xpath //uuid'], files: { ...images, 'nouuid.xml': "<domain type='test'><name>saved1</name><memory>1024</memory><os><type>hvm</type></os></domain>" }, masks: [UUID_MASK] },
];

/** Every command this area added, for help-layout cases (names, options, synopsis; not the prose). */
const HELP_COMMANDS = [
  'attach-device', 'attach-disk', 'attach-interface', 'blkdeviotune', 'blkiotune', 'blockcommit', 'blockcopy', 'blockjob', 'blockpull',
  'blockresize', 'change-media', 'cpu-stats', 'detach-device', 'detach-device-alias', 'detach-disk', 'detach-interface', 'domdisplay',
  'domfsfreeze', 'domfsthaw', 'domfsinfo', 'domfstrim', 'domif-setlink', 'domiftune', 'domjobabort', 'domjobinfo', 'domlaunchsecinfo',
  'domsetlaunchsecstate', 'dompmsuspend', 'dompmwakeup', 'domxml-from-native', 'domxml-to-native', 'dump', 'edit', 'get-user-sshkeys',
  'inject-nmi', 'iothreadinfo', 'iothreadpin', 'iothreadadd', 'iothreadset', 'iothreaddel', 'send-key', 'send-process-signal',
  'lxc-enter-namespace', 'managedsave-edit', 'managedsave-dumpxml', 'managedsave-define', 'memtune', 'perf', 'metadata', 'migrate',
  'migrate-setmaxdowntime', 'migrate-getmaxdowntime', 'migrate-compcache', 'migrate-setspeed', 'migrate-getspeed', 'migrate-postcopy',
  // numatune is left out: virsh's help for --mode runs over two lines of its own prose.
  'qemu-attach', 'qemu-monitor-command', 'qemu-monitor-event', 'qemu-agent-command', 'guest-agent-timeout', 'restore', 'save',
  'save-image-define', 'save-image-dumpxml', 'save-image-edit', 'screenshot', 'set-lifecycle-action', 'set-user-sshkeys',
  'set-user-password', 'ttyconsole', 'update-device', 'update-memory-device', 'vcpuinfo', 'vcpupin', 'emulatorpin', 'vncdisplay',
  'guestvcpus', 'setvcpu', 'domblkthreshold', 'guestinfo', 'domdirtyrate-calc', 'dom-fd-associate', 'domifaddr', 'domstats',
];

cases.push(...HELP_COMMANDS.map((c): DiffCase => ({ name: `help-${c}`, argv: ['help', c], helpLayout: true })));
cases.push({ name: 'help-domain-group', argv: ['help', 'domain'], helpLayout: true }, { name: 'help-monitor-group', argv: ['help', 'monitor'], helpLayout: true });
