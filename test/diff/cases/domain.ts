// Differential cases for the "Domain Management" group: define/undefine/create, the lifecycle
// commands and their wrong-state errors, identity lookups, dumpxml (canonical XML round trips),
// memory and vCPU changes, schedinfo, desc, and read-only refusals.
import { UUID_MASK, type DiffCase } from '../case.js';

/** A small domain with a fixed UUID (so outputs need no masks). */
const DOM = (name: string, extra = '', devices = '') =>
  `<domain type='test'><name>${name}</name><uuid>aaaaaaaa-bbbb-cccc-dddd-${String(name.length).padStart(12, '0')}</uuid><memory unit='MiB'>128</memory><currentMemory unit='MiB'>64</currentMemory><vcpu current='1'>4</vcpu><os><type>hvm</type></os>${extra}<devices>${devices}</devices></domain>`;

const files = (xml: string) => ({ 'dom.xml': xml });

/** A richer document: metadata in foreign namespaces, features, cpu, clock, and many device kinds. */
const FULL = `<domain type='test'>
  <name>full</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <title>My title</title>
  <description>Some &lt;desc&gt; and "quotes"</description>
  <metadata>
    <app1:foo xmlns:app1="http://app1.org/app1/">fooish</app1:foo>
    <app2:bar xmlns:app2="http://app1.org/app2/"><x a="1">b</x></app2:bar>
  </metadata>
  <memory unit='GiB'>1</memory>
  <currentMemory unit='MiB'>256</currentMemory>
  <memtune><hard_limit unit='MiB'>512</hard_limit></memtune>
  <vcpu placement='static' cpuset='0-3,^2'>4</vcpu>
  <iothreads>2</iothreads>
  <cputune><shares>2048</shares><vcpupin vcpu='1' cpuset='0,1'/><emulatorpin cpuset='2-3'/></cputune>
  <os>
    <type arch='i686' machine='pc'>hvm</type>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
    <bootmenu enable='yes' timeout='3000'/>
  </os>
  <features><pae/><acpi/><apic/></features>
  <cpu mode='custom' match='exact'><model>qemu64</model><topology sockets='1' cores='2' threads='2'/><feature policy='disable' name='svm'/></cpu>
  <clock offset='localtime'><timer name='rtc' tickpolicy='catchup'/></clock>
  <on_crash>restart</on_crash>
  <pm><suspend-to-mem enabled='no'/></pm>
  <devices>
    <emulator>/usr/bin/test-hv</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none'/>
      <source file='/var/lib/a.qcow2'/>
      <target dev='hda' bus='ide'/>
      <serial>abc123</serial>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='/x.iso'/>
      <target dev='hdc'/>
    </disk>
    <disk type='block' device='disk'>
      <source dev='/dev/sdb'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <disk type='file' device='floppy'>
      <source file='/fd.img'/>
      <target dev='fda'/>
    </disk>
    <controller type='usb'/>
    <interface type='bridge'>
      <mac address='52:54:00:b4:b8:24'/>
      <source bridge='br0'/>
      <model type='virtio'/>
    </interface>
    <interface type='network'>
      <mac address='52:54:00:b4:b8:25'/>
      <source network='default'/>
      <target dev='vnet7'/>
    </interface>
    <serial type='pty'/>
    <console type='pty'/>
    <channel type='unix'><source mode='bind' path='/tmp/ch'/><target type='virtio' name='org.example.0'/></channel>
    <input type='tablet' bus='usb'/>
    <input type='keyboard'/>
    <graphics type='vnc' port='5901' listen='127.0.0.1' passwd='secret'/>
    <sound model='ich6'/>
    <video><model type='qxl' heads='1'/></video>
    <watchdog model='i6300esb' action='poweroff'/>
    <memballoon model='virtio'><stats period='10'/></memballoon>
    <rng model='virtio'><backend model='random'/></rng>
  </devices>
  <seclabel type='none'/>
</domain>
`;

export const cases: DiffCase[] = [
  // --- define / dumpxml round trips ---
  { name: 'define-minimal', argv: ['define dom.xml; dumpxml mini'], files: files(DOM('mini')) },
  { name: 'define-generates-uuid', argv: ['define dom.xml; dumpxml nouuid'], files: files("<domain type='test'><name>nouuid</name><memory>1024</memory><os><type>hvm</type></os></domain>"), masks: [UUID_MASK] },
  { name: 'define-full-dumpxml', argv: ['define dom.xml; dumpxml full'], files: files(FULL) },
  { name: 'define-full-security-info', argv: ['define dom.xml; dumpxml full --security-info'], files: files(FULL) },
  { name: 'define-full-migratable', argv: ['define dom.xml; dumpxml full --migratable'], files: files(FULL) },
  { name: 'define-full-start-live-xml', argv: ['define dom.xml; start full; dumpxml full; dumpxml full --inactive'], files: files(FULL) },
  { name: 'define-redefine-updates', argv: ['define dom.xml; define dom.xml; list --all'], files: files(DOM('again')) },
  { name: 'define-then-undefine', argv: ['define dom.xml; list --all; undefine cycle; list --all'], files: files(DOM('cycle')) },
  { name: 'define-start-destroy-undefine', argv: ['define dom.xml; start seq; dominfo seq; destroy seq; undefine seq; list --all'], files: files(DOM('seq')), masks: [{ name: 'cpu-time-from-clock', pattern: /(CPU time:\s+)\d+\.\ds/g, replace: '$1<cpu-time>' }] },
  { name: 'define-missing-file', argv: ['define', 'nosuch.xml'] },
  { name: 'define-malformed-xml', argv: ['define dom.xml'], files: files("<domain type='test'><name>x</name>") },
  { name: 'define-empty-file', argv: ['define dom.xml'], files: files('') },
  { name: 'define-wrong-root', argv: ['define dom.xml'], files: files('<network/>') },
  { name: 'define-no-name', argv: ['define dom.xml'], files: files("<domain type='test'><memory>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-no-type', argv: ['define dom.xml'], files: files('<domain><name>a</name></domain>') },
  { name: 'define-bad-type', argv: ['define dom.xml'], files: files("<domain type='bogus'><name>a</name><memory>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-no-os-type', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><memory>1</memory></domain>") },
  { name: 'define-no-memory', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><os><type>hvm</type></os></domain>") },
  { name: 'define-bad-memory', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><memory>lots</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-bad-memory-unit', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><memory unit='XB'>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-bad-uuid', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><uuid>zz</uuid><memory>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-bad-vcpu', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><memory>1</memory><vcpu>x</vcpu><os><type>hvm</type></os></domain>") },
  { name: 'define-current-vcpus-too-many', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><memory>1</memory><vcpu current='3'>2</vcpu><os><type>hvm</type></os></domain>") },
  { name: 'define-bad-boot-dev', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><memory>1</memory><os><type>hvm</type><boot dev='usb'/></os></domain>") },
  { name: 'define-bad-on-crash', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><memory>1</memory><os><type>hvm</type></os><on_crash>explode</on_crash></domain>") },
  { name: 'define-disk-no-target', argv: ['define dom.xml'], files: files(DOM('d', '', "<disk type='file'><source file='/a'/></disk>")) },
  { name: 'define-disk-no-source', argv: ['define dom.xml'], files: files(DOM('d', '', "<disk type='file' device='disk'><target dev='vdb'/></disk>")) },
  { name: 'define-disk-bad-name', argv: ['define dom.xml'], files: files(DOM('d', '', "<disk type='file' device='disk'><source file='/a'/><target dev='foo'/></disk>")) },
  { name: 'define-interface-bad-type', argv: ['define dom.xml'], files: files(DOM('d', '', "<interface type='teleport'/>")) },
  { name: 'define-name-with-slash', argv: ['define dom.xml'], files: files("<domain type='test'><name>a/b</name><memory>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-name-clash', argv: ['define dom.xml'], files: files("<domain type='test'><name>test</name><memory>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-uuid-clash', argv: ['define dom.xml'], files: files("<domain type='test'><name>other</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid><memory>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-title-newline', argv: ['define dom.xml'], files: files("<domain type='test'><name>a</name><title>a\nb</title><memory>1</memory><os><type>hvm</type></os></domain>") },
  { name: 'define-test-domain-xml-again', argv: ['dumpxml test --inactive > /dev/null; dumpxml --inactive test'] },

  // --- create (transient) ---
  { name: 'create-transient', argv: ['create dom.xml; list --all; dominfo tran; destroy tran; list --all'], files: files(DOM('tran')), masks: [{ name: 'cpu-time-from-clock', pattern: /(CPU time:\s+)\d+\.\ds/g, replace: '$1<cpu-time>' }] },
  { name: 'create-transient-undefine', argv: ['create dom.xml; undefine tran'], files: files(DOM('tran')) },
  { name: 'create-already-active', argv: ['create dom.xml'], files: files(DOM('test').replace(/<uuid>[^<]*<\/uuid>/, '<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>')) },
  { name: 'create-malformed', argv: ['create dom.xml'], files: files('<domain') },

  // --- lifecycle and wrong states ---
  { name: 'start-running', argv: ['start', 'test'] },
  { name: 'start-unknown', argv: ['start', 'nosuch'] },
  { name: 'start-by-id-not-allowed', argv: ['start', '1'] },
  { name: 'destroy-start', argv: ['destroy test; start test; list'] },
  { name: 'destroy-twice', argv: ['destroy test; destroy test'] },
  { name: 'shutdown', argv: ['shutdown test; domstate test --reason'] },
  { name: 'shutdown-shutoff', argv: ['destroy test; shutdown test'] },
  { name: 'shutdown-bad-mode', argv: ['shutdown', 'test', '--mode', 'magic'] },
  { name: 'reboot', argv: ['reboot test; domstate test --reason; dominfo test | grep Id'] },
  { name: 'reboot-shutoff', argv: ['destroy test; reboot test'] },
  { name: 'reset', argv: ['reset', 'test'] },
  { name: 'suspend-resume', argv: ['suspend test; domstate test; resume test; domstate test'] },
  { name: 'suspend-twice', argv: ['suspend test; suspend test'] },
  { name: 'resume-running', argv: ['resume', 'test'] },
  { name: 'suspend-shutoff', argv: ['destroy test; suspend test'] },
  { name: 'start-new-id', argv: ['destroy test; start test; domid test; destroy test; start test; domid test'] },

  // --- identity ---
  { name: 'domid', argv: ['domid', 'test'] },
  { name: 'domid-by-uuid', argv: ['domid', '6695eb01-f6a4-8304-79aa-97f2502e193f'] },
  { name: 'domid-shutoff', argv: ['destroy test; domid test'] },
  { name: 'domid-by-id-refused', argv: ['domid', '1'] },
  { name: 'domname', argv: ['domname', '1'] },
  { name: 'domname-by-uuid', argv: ['domname', '6695eb01-f6a4-8304-79aa-97f2502e193f'] },
  { name: 'domname-by-name-refused', argv: ['domname', 'test'] },
  { name: 'domuuid', argv: ['domuuid', 'test'] },
  { name: 'domuuid-by-id', argv: ['domuuid', '1'] },
  { name: 'domhostname', argv: ['domhostname', 'test'] },
  { name: 'domhostname-shutoff', argv: ['destroy test; domhostname test'] },
  { name: 'domhostname-bad-source', argv: ['domhostname', 'test', '--source', 'dns'] },

  // --- autostart / undefine ---
  { name: 'autostart', argv: ['autostart test; dominfo test | grep Autostart; autostart test --disable; list --autostart'] },
  { name: 'undefine-running-becomes-transient', argv: ['undefine test; list --all --transient; destroy test; list --all'] },
  { name: 'undefine-unknown', argv: ['undefine', 'nosuch'] },
  { name: 'undefine-wipe-needs-storage', argv: ['undefine', 'test', '--wipe-storage'] },
  { name: 'undefine-nvram-exclusive', argv: ['undefine', 'test', '--nvram', '--keep-nvram'] },

  // --- memory and vCPUs ---
  { name: 'setmem', argv: ['setmem test 1048576; dominfo test | grep memory'] },
  { name: 'setmem-units', argv: ['setmem test 1G; dommemstat test | grep actual'] },
  { name: 'setmem-too-big', argv: ['setmem', 'test', '16G'] },
  { name: 'setmem-bad-size', argv: ['setmem', 'test', 'lots'] },
  { name: 'setmem-config-running', argv: ['setmem test 1024 --config; dumpxml test --inactive | grep currentMemory'] },
  { name: 'setmaxmem-running-refused', argv: ['setmaxmem', 'test', '4G'] },
  { name: 'setmaxmem-shutoff', argv: ['destroy test; setmaxmem test 4G; dominfo test | grep memory'] },
  { name: 'vcpucount', argv: ['vcpucount', 'test'] },
  { name: 'vcpucount-defined', argv: ['define dom.xml; vcpucount vc; vcpucount vc --maximum; vcpucount vc --active --config'], files: files(DOM('vc')) },
  { name: 'vcpucount-live-shutoff', argv: ['destroy test; vcpucount test --live'] },
  { name: 'vcpucount-exclusive', argv: ['vcpucount', 'test', '--live', '--config'] },
  { name: 'setvcpus-live', argv: ['setvcpus test 1; vcpucount test'] },
  { name: 'setvcpus-too-many', argv: ['setvcpus', 'test', '3'] },
  { name: 'setvcpus-over-driver-max', argv: ['setvcpus', 'test', '64'] },
  { name: 'setvcpus-zero', argv: ['setvcpus', 'test', '0'] },
  { name: 'setvcpus-maximum-needs-config', argv: ['setvcpus', 'test', '2', '--maximum'] },
  { name: 'setvcpus-maximum-config', argv: ['define dom.xml; setvcpus vc 2 --maximum --config; vcpucount vc'], files: files(DOM('vc')) },
  { name: 'setvcpus-missing-count', argv: ['setvcpus', 'test'] },

  // --- scheduler, description ---
  { name: 'schedinfo', argv: ['schedinfo', 'test'] },
  { name: 'schedinfo-set-weight', argv: ['schedinfo', 'test', '--weight', '100'] },
  { name: 'schedinfo-set-unknown', argv: ['schedinfo', 'test', '--set', 'foo=1'] },
  { name: 'schedinfo-live-config-query', argv: ['schedinfo', 'test', '--live', '--config'] },
  { name: 'desc-none', argv: ['desc', 'test'] },
  { name: 'desc-title-none', argv: ['desc', 'test', '--title'] },
  { name: 'desc-set-and-get', argv: ['desc test new words here; desc test; desc test --title Hello; list --title'] },
  { name: 'desc-defined', argv: ['define dom.xml; desc full; desc full --title'], files: files(FULL) },

  // --- read-only connections refuse changes ---
  { name: 'ro-destroy', argv: ['-r', 'destroy', 'test'] },
  { name: 'ro-start', argv: ['-r', 'destroy test'] },
  { name: 'ro-suspend', argv: ['-r', 'suspend', 'test'] },
  { name: 'ro-define', argv: ['-r', 'define', 'dom.xml'], files: files(DOM('ro')) },
  { name: 'ro-undefine', argv: ['-r', 'undefine', 'test'] },
  { name: 'ro-setmem', argv: ['-r', 'setmem', 'test', '1024'] },
  { name: 'ro-setvcpus', argv: ['-r', 'setvcpus', 'test', '1'] },
  { name: 'ro-autostart', argv: ['-r', 'autostart', 'test'] },
  { name: 'ro-dumpxml', argv: ['-r', 'dumpxml', 'test'] },
  { name: 'ro-dumpxml-secure-refused', argv: ['-r', 'dumpxml', 'test', '--security-info'] },
  { name: 'ro-vcpucount', argv: ['-r', 'vcpucount', 'test'] },
  { name: 'ro-domhostname', argv: ['-r', 'domhostname', 'test'] },
  { name: 'ro-desc-set', argv: ['-r', 'desc', 'test', 'hello'] },

  // --- bad options ---
  { name: 'dumpxml-unknown-option', argv: ['dumpxml', 'test', '--bogus'] },
  { name: 'dumpxml-missing-domain', argv: ['dumpxml'] },
  { name: 'destroy-extra-argument', argv: ['destroy', 'test', 'extra'] },
];
