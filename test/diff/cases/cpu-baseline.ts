// Differential cases for cpu-baseline on the test driver: the baseline of several host CPUs as
// libvirt's CPU drivers compute it from the installed CPU map (x86 models and features, ppc64 and
// ARM by name), --features expansion, the flags the test driver refuses, and the errors of parsing
// host CPU definitions and of the baseline itself.
import type { DiffCase } from '../case.js';

/** Host CPU definitions: one file per scenario, each holding one or more <cpu> elements. */
const IN: Record<string, string> = {
  'two-intel': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <feature name='vmx'/>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>SandyBridge</model>
  <vendor>Intel</vendor>
  <feature name='vmx'/>
  <feature name='aes'/>
</cpu>
`,
  'three-intel': `<cpu>
  <arch>x86_64</arch>
  <model>Skylake-Client</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Broadwell</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>IvyBridge</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'same-model': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <feature name='vmx'/>
  <feature name='pdpe1gb'/>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <feature name='vmx'/>
</cpu>
`,
  'same-model-noextra': `<cpu>
  <arch>x86_64</arch>
  <model>Westmere</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Westmere</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'single': `<cpu>
  <arch>x86_64</arch>
  <model>Nehalem</model>
  <vendor>Intel</vendor>
  <feature name='vmx'/>
  <feature name='x2apic'/>
</cpu>
`,
  'intel-amd': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Opteron_G4</model>
  <vendor>AMD</vendor>
</cpu>
`,
  'intel-amd-novendor': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Opteron_G4</model>
</cpu>
`,
  'amd-two': `<cpu>
  <arch>x86_64</arch>
  <model>EPYC</model>
  <vendor>AMD</vendor>
  <feature name='svm'/>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Opteron_G5</model>
  <vendor>AMD</vendor>
  <feature name='svm'/>
</cpu>
`,
  'amd-epyc-rome-milan': `<cpu>
  <arch>x86_64</arch>
  <model>EPYC-Rome</model>
  <vendor>AMD</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>EPYC-Milan</model>
  <vendor>AMD</vendor>
</cpu>
`,
  'vendor-mismatch-model': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>AMD</vendor>
</cpu>
`,
  'unknown-vendor': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Foo</vendor>
</cpu>
`,
  'unknown-model': `<cpu>
  <arch>x86_64</arch>
  <model>NoSuchCPU</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'unknown-model-second': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Bogus</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'unknown-feature': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <feature name='nosuchflag'/>
</cpu>
`,
  'dup-feature': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <feature name='vmx'/>
  <feature name='vmx'/>
</cpu>
`,
  'no-arch': `<cpu>
  <model>Haswell</model>
</cpu>
`,
  'no-model': `<cpu>
  <arch>x86_64</arch>
</cpu>
`,
  'unknown-arch': `<cpu>
  <arch>bogusarch</arch>
  <model>Haswell</model>
</cpu>
`,
  'i686': `<cpu>
  <arch>i686</arch>
  <model>pentium3</model>
</cpu>
<cpu>
  <arch>i686</arch>
  <model>pentium2</model>
</cpu>
`,
  'qemu64-kvm64': `<cpu>
  <arch>x86_64</arch>
  <model>qemu64</model>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>kvm64</model>
</cpu>
`,
  'ppc64': `<cpu>
  <arch>ppc64</arch>
  <model>POWER8</model>
  <vendor>IBM</vendor>
</cpu>
<cpu>
  <arch>ppc64</arch>
  <model>POWER8</model>
</cpu>
`,
  'ppc64-mismatch': `<cpu>
  <arch>ppc64</arch>
  <model>POWER8</model>
</cpu>
<cpu>
  <arch>ppc64</arch>
  <model>POWER9</model>
</cpu>
`,
  'ppc64-unknown': `<cpu>
  <arch>ppc64</arch>
  <model>POWER99</model>
</cpu>
`,
  'ppc64le-vendor-mismatch': `<cpu>
  <arch>ppc64le</arch>
  <model>POWER9</model>
  <vendor>Freescale</vendor>
</cpu>
`,
  'aarch64': `<cpu>
  <arch>aarch64</arch>
  <model>cortex-a57</model>
</cpu>
<cpu>
  <arch>aarch64</arch>
  <model>whatever</model>
</cpu>
`,
  's390x': `<cpu>
  <arch>s390x</arch>
  <model>z13</model>
</cpu>
`,
  'mips': `<cpu>
  <arch>mips</arch>
  <model>foo</model>
</cpu>
`,
  'mode-attr': `<cpu mode='host-model'>
  <arch>x86_64</arch>
  <model>Haswell</model>
</cpu>
`,
  'migratable-attr': `<cpu migratable='on'>
  <arch>x86_64</arch>
  <model>Haswell</model>
</cpu>
`,
  'topology': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <topology sockets='1' cores='2' threads='1'/>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Broadwell</model>
  <vendor>Intel</vendor>
  <topology sockets='1' dies='1' cores='4' threads='2'/>
</cpu>
`,
  'topology-bad': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <topology sockets='0' cores='2' threads='1'/>
</cpu>
`,
  'empty-feature-name': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <feature name=''/>
</cpu>
`,
  'feature-policy': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <feature policy='disable' name='vmx'/>
</cpu>
`,
  'old-intel': `<cpu>
  <arch>x86_64</arch>
  <model>core2duo</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Conroe</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'icelake': `<cpu>
  <arch>x86_64</arch>
  <model>Icelake-Server</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Cascadelake-Server</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'icelake-single': `<cpu>
  <arch>x86_64</arch>
  <model>Icelake-Server</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'haswell-notsx': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell-noTSX</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'vendor-second-only': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>SandyBridge</model>
  <vendor>Intel</vendor>
</cpu>
`,
  'incompatible': `<cpu>
  <arch>x86_64</arch>
  <model>486</model>
  <vendor>Intel</vendor>
</cpu>
<cpu>
  <arch>x86_64</arch>
  <model>Opteron_G1</model>
</cpu>
`,
  'empty': ``,
  'malformed': `<cpu>
  <arch>x86_64
</cpu>
`,
  'domain': `<domain type='test'>
  <name>x</name>
  <cpu mode='custom' match='exact'>
    <model>Haswell</model>
  </cpu>
</domain>
`,
  'signature': `<cpu>
  <arch>x86_64</arch>
  <model>Skylake-Client</model>
  <vendor>Intel</vendor>
  <microcode version='200'/>
  <signature family='6' model='94' stepping='3'/>
  <counter name='tsc' frequency='2592000000' scaling='no'/>
</cpu>
`,
  'signature-bad': `<cpu>
  <arch>x86_64</arch>
  <model>Skylake-Client</model>
  <vendor>Intel</vendor>
  <signature family='0' model='94' stepping='3'/>
</cpu>
`,
  'cache': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <cache level='3' mode='emulate'/>
</cpu>
`,
  'cache-bad-level': `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <vendor>Intel</vendor>
  <cache level='4' mode='emulate'/>
</cpu>
`,

  // Compact single-line inputs: parser corner cases, other vendors and architectures.
  'arm-vendor': `<cpu><arch>armv7l</arch><model>cortex-a15</model><vendor>ARM</vendor></cpu>
`,
  'cache-mode': `<cpu><arch>x86_64</arch><model>Haswell</model><cache mode='x'/></cpu>
`,
  'cache2': `<cpu><arch>x86_64</arch><model>Haswell</model><cache mode='disable'/><cache mode='disable'/></cpu>
`,
  'counter': `<cpu><arch>x86_64</arch><model>Haswell</model><counter name='tsc'/></cpu>
`,
  'empty-model': `<cpu><arch>x86_64</arch><model></model></cpu>
`,
  'empty-vendor': `<cpu><arch>x86_64</arch><model>Haswell</model><vendor></vendor></cpu>
`,
  'feat-noname': `<cpu><arch>x86_64</arch><model>Haswell</model><feature/></cpu>
`,
  'feat-policy': `<cpu><arch>x86_64</arch><model>Haswell</model><feature policy='disable' name='vmx'/><feature policy='bogus' name='aes'/></cpu>
`,
  'hygon': `<cpu><arch>x86_64</arch><model>EPYC</model><vendor>Hygon</vendor></cpu>
`,
  'hygon2': `<cpu><arch>x86_64</arch><model>Dhyana</model><vendor>Hygon</vendor></cpu><cpu><arch>x86_64</arch><model>Dhyana</model></cpu>
`,
  'match': `<cpu match='exact'><arch>x86_64</arch><model>Haswell</model></cpu>
`,
  'maxphys': `<cpu><arch>x86_64</arch><model>Haswell</model><maxphysaddr mode='emulate' bits='-1'/></cpu>
`,
  'micro': `<cpu><arch>x86_64</arch><model>Haswell</model><microcode version='abc'/></cpu>
`,
  'migr-bad': `<cpu migratable='maybe'><arch>x86_64</arch><model>Haswell</model></cpu>
`,
  'mixed-arch': `<cpu><arch>x86_64</arch><model>Haswell</model><vendor>Intel</vendor></cpu><cpu><arch>i686</arch><model>Haswell</model><vendor>Intel</vendor></cpu>
`,
  'mixed-arch2': `<cpu><arch>ppc64</arch><model>POWER8</model></cpu><cpu><arch>x86_64</arch><model>Haswell</model></cpu>
`,
  'modern': `<cpu><arch>x86_64</arch><model>Skylake-Server-noTSX-IBRS</model><vendor>Intel</vendor></cpu><cpu><arch>x86_64</arch><model>Icelake-Server-noTSX</model><vendor>Intel</vendor></cpu><cpu><arch>x86_64</arch><model>Cooperlake</model><vendor>Intel</vendor></cpu>
`,
  'ppc-fsl': `<cpu><arch>ppc64</arch><model>POWERPC_e5500</model><vendor>Freescale</vendor></cpu><cpu><arch>ppc64</arch><model>POWERPC_e5500</model><vendor>IBM</vendor></cpu>
`,
  'ppc-unk-vendor': `<cpu><arch>ppc64</arch><model>POWER8</model><vendor>Acme</vendor></cpu>
`,
  'qemu64-vendors': `<cpu><arch>x86_64</arch><model>qemu64</model><vendor>Intel</vendor></cpu><cpu><arch>x86_64</arch><model>qemu64</model><vendor>AMD</vendor></cpu>
`,
  'snow': `<cpu><arch>x86_64</arch><model>Snowridge</model><vendor>Intel</vendor></cpu><cpu><arch>x86_64</arch><model>Skylake-Client</model><vendor>Intel</vendor></cpu>
`,
  'to486': `<cpu><arch>x86_64</arch><model>Haswell</model><vendor>Intel</vendor><feature name='pdpe1gb'/></cpu><cpu><arch>x86_64</arch><model>486</model></cpu>
`,
  'topo-bad2': `<cpu><arch>x86_64</arch><model>Haswell</model><topology sockets='1' cores='x' threads='1'/></cpu>
`,
  'ws-arch': `<cpu><arch> x86_64</arch><model>Haswell</model></cpu>
`,
  'ws-model': `<cpu><arch>x86_64</arch><model> Haswell</model></cpu>
`,
};

/** `virsh -c test:///default capabilities`, and the same with a modelled x86_64 host CPU. */
const CAPS_XML = `<capabilities>

  <host>
    <cpu>
      <arch>i686</arch>
      <features>
        <pae/>
        <nonpae/>
      </features>
      <pages unit='KiB' size='4'/>
      <pages unit='KiB' size='8'/>
      <pages unit='KiB' size='2048'/>
      <pages unit='KiB' size='1048576'/>
    </cpu>
    <power_management/>
    <iommu support='no'/>
    <topology>
      <cells num='2'>
        <cell id='0'>
          <memory unit='KiB'>2097152</memory>
          <pages unit='KiB' size='4'>524288</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <pages unit='KiB' size='1048576'>0</pages>
          <cpus num='8'>
            <cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/>
            <cpu id='1' socket_id='0' die_id='0' core_id='1' siblings='1'/>
            <cpu id='2' socket_id='0' die_id='0' core_id='2' siblings='2'/>
            <cpu id='3' socket_id='0' die_id='0' core_id='3' siblings='3'/>
            <cpu id='4' socket_id='0' die_id='0' core_id='4' siblings='4'/>
            <cpu id='5' socket_id='0' die_id='0' core_id='5' siblings='5'/>
            <cpu id='6' socket_id='0' die_id='0' core_id='6' siblings='6'/>
            <cpu id='7' socket_id='0' die_id='0' core_id='7' siblings='7'/>
          </cpus>
        </cell>
        <cell id='1'>
          <memory unit='KiB'>4194304</memory>
          <pages unit='KiB' size='8'>524288</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <pages unit='KiB' size='1048576'>0</pages>
          <cpus num='8'>
            <cpu id='8' socket_id='1' die_id='0' core_id='0' siblings='8'/>
            <cpu id='9' socket_id='1' die_id='0' core_id='1' siblings='9'/>
            <cpu id='10' socket_id='1' die_id='0' core_id='2' siblings='10'/>
            <cpu id='11' socket_id='1' die_id='0' core_id='3' siblings='11'/>
            <cpu id='12' socket_id='1' die_id='0' core_id='4' siblings='12'/>
            <cpu id='13' socket_id='1' die_id='0' core_id='5' siblings='13'/>
            <cpu id='14' socket_id='1' die_id='0' core_id='6' siblings='14'/>
            <cpu id='15' socket_id='1' die_id='0' core_id='7' siblings='15'/>
          </cpus>
        </cell>
      </cells>
    </topology>
    <secmodel>
      <model>testSecurity</model>
      <doi></doi>
    </secmodel>
  </host>

  <guest>
    <os_type>hvm</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <emulator>/usr/bin/test-hv</emulator>
      <domain type='test'/>
    </arch>
    <features>
      <pae/>
      <nonpae/>
    </features>
  </guest>

  <guest>
    <os_type>xen</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <emulator>/usr/bin/test-hv</emulator>
      <domain type='test'/>
    </arch>
    <features>
      <pae/>
      <nonpae/>
    </features>
  </guest>

</capabilities>


`;
const CAPS_WITH_MODEL_XML = `<capabilities>

  <host>
    <cpu>
      <arch>x86_64</arch>
      <model>Broadwell</model>
      <vendor>Intel</vendor>
      <features>
        <pae/>
        <nonpae/>
      </features>
      <pages unit='KiB' size='4'/>
      <pages unit='KiB' size='8'/>
      <pages unit='KiB' size='2048'/>
      <pages unit='KiB' size='1048576'/>
    </cpu>
    <power_management/>
    <iommu support='no'/>
    <topology>
      <cells num='2'>
        <cell id='0'>
          <memory unit='KiB'>2097152</memory>
          <pages unit='KiB' size='4'>524288</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <pages unit='KiB' size='1048576'>0</pages>
          <cpus num='8'>
            <cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/>
            <cpu id='1' socket_id='0' die_id='0' core_id='1' siblings='1'/>
            <cpu id='2' socket_id='0' die_id='0' core_id='2' siblings='2'/>
            <cpu id='3' socket_id='0' die_id='0' core_id='3' siblings='3'/>
            <cpu id='4' socket_id='0' die_id='0' core_id='4' siblings='4'/>
            <cpu id='5' socket_id='0' die_id='0' core_id='5' siblings='5'/>
            <cpu id='6' socket_id='0' die_id='0' core_id='6' siblings='6'/>
            <cpu id='7' socket_id='0' die_id='0' core_id='7' siblings='7'/>
          </cpus>
        </cell>
        <cell id='1'>
          <memory unit='KiB'>4194304</memory>
          <pages unit='KiB' size='8'>524288</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <pages unit='KiB' size='1048576'>0</pages>
          <cpus num='8'>
            <cpu id='8' socket_id='1' die_id='0' core_id='0' siblings='8'/>
            <cpu id='9' socket_id='1' die_id='0' core_id='1' siblings='9'/>
            <cpu id='10' socket_id='1' die_id='0' core_id='2' siblings='10'/>
            <cpu id='11' socket_id='1' die_id='0' core_id='3' siblings='11'/>
            <cpu id='12' socket_id='1' die_id='0' core_id='4' siblings='12'/>
            <cpu id='13' socket_id='1' die_id='0' core_id='5' siblings='13'/>
            <cpu id='14' socket_id='1' die_id='0' core_id='6' siblings='14'/>
            <cpu id='15' socket_id='1' die_id='0' core_id='7' siblings='15'/>
          </cpus>
        </cell>
      </cells>
    </topology>
    <secmodel>
      <model>testSecurity</model>
      <doi></doi>
    </secmodel>
  </host>

  <guest>
    <os_type>hvm</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <emulator>/usr/bin/test-hv</emulator>
      <domain type='test'/>
    </arch>
    <features>
      <pae/>
      <nonpae/>
    </features>
  </guest>

  <guest>
    <os_type>xen</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <emulator>/usr/bin/test-hv</emulator>
      <domain type='test'/>
    </arch>
    <features>
      <pae/>
      <nonpae/>
    </features>
  </guest>

</capabilities>


`;

const base = (name: string, ...flags: string[]): DiffCase => ({
  name: `cpu-baseline-${name}${flags.map((f) => f.replace(/^--/, '-')).join('')}`,
  argv: ['cpu-baseline', 'cpus.xml', ...flags],
  files: { 'cpus.xml': IN[name] },
});

export const cases: DiffCase[] = [
  ...Object.keys(IN).map((n) => base(n)),
  ...['two-intel', 'three-intel', 'same-model', 'single', 'intel-amd-novendor', 'amd-two', 'i686', 'ppc64', 'aarch64', 'old-intel', 'icelake-single', 'haswell-notsx', 'modern', 'snow', 'hygon2', 'to486', 'empty-vendor'].map((n) => base(n, '--features')),
  base('two-intel', '--migratable'),
  base('two-intel', '--features', '--migratable'),
  // The host CPU of test:///default's capabilities has no model.
  { name: 'cpu-baseline-capabilities', argv: ['cpu-baseline', 'caps.xml'], files: { 'caps.xml': CAPS_XML } },
  { name: 'cpu-baseline-capabilities-with-model', argv: ['cpu-baseline', 'caps.xml'], files: { 'caps.xml': CAPS_WITH_MODEL_XML } },
  { name: 'cpu-baseline-xml-declaration', argv: ['cpu-baseline', 'cpus.xml'], files: { 'cpus.xml': `<?xml version="1.0"?>\n${IN['two-intel']}` } },
  { name: 'cpu-baseline-no-file-option', argv: ['cpu-baseline'] },
  { name: 'cpu-baseline-read-only', argv: ['-r', 'cpu-baseline', 'cpus.xml'], files: { 'cpus.xml': IN['two-intel'] } },
  { name: 'cpu-baseline-file-option', argv: ['cpu-baseline', '--file', 'cpus.xml', '--features'], files: { 'cpus.xml': IN['single'] } },
];
