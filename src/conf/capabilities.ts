// Host capabilities (libvirt's virCaps, capabilities.c): a typed description of the host and of the
// guests a driver can run, and its one formatter into libvirt's canonical <capabilities> document.
import { XmlWriter } from './xml/writer.js';

/** Architecture names and word sizes, in libvirt's virArch order (virarch.c). */
export const ARCH_WORDSIZE: Readonly<Record<string, number>> = {
  alpha: 64,
  armv6l: 32,
  armv7l: 32,
  armv7b: 32,
  aarch64: 64,
  cris: 32,
  i686: 32,
  ia64: 64,
  lm32: 32,
  m68k: 32,
  microblaze: 32,
  microblazeel: 32,
  mips: 32,
  mipsel: 32,
  mips64: 64,
  mips64el: 64,
  openrisc: 32,
  parisc: 32,
  parisc64: 64,
  ppc: 32,
  ppcle: 32,
  ppc64: 64,
  ppc64le: 64,
  ppcemb: 32,
  riscv32: 32,
  riscv64: 64,
  s390: 32,
  s390x: 64,
  sh4: 32,
  sh4eb: 64,
  sparc: 32,
  sparc64: 64,
  unicore32: 32,
  x86_64: 64,
  xtensa: 32,
  xtensaeb: 32,
};

/** virArchFromString: known names only ("none" is libvirt's unset value, not an architecture). */
export function isKnownArch(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ARCH_WORDSIZE, name);
}

/** The host CPU as a host-type virCPUDef formats it inside <host><cpu>. */
export interface CapsHostCpuModel {
  model?: string;
  vendor?: string;
  microcode?: number;
  signature?: { family: number; model: number; stepping: number };
  counter?: { frequency: bigint | number; scaling?: 'yes' | 'no' };
  topology?: { sockets: number; dies: number; cores: number; threads: number };
  features?: string[];
}

/** One CPU of a NUMA cell (virCapsHostNUMACellCPU); topology fields appear only with siblings. */
export interface CapsCellCpu {
  id: number;
  socketId?: number;
  dieId?: number;
  coreId?: number;
  /** Bitmap text, e.g. "0-1" or "3". */
  siblings?: string;
}

export interface CapsCellPages {
  /** KiB */
  size: number;
  avail: bigint;
}

export interface CapsNumaCell {
  id: number;
  /** KiB; 0 leaves out <memory>. */
  memory: bigint;
  pages: CapsCellPages[];
  distances?: { id: number; value: number }[];
  cpus: CapsCellCpu[];
}

export interface CapsSecModel {
  model: string;
  doi: string;
  baseLabels?: { type: string; label: string }[];
}

/** virCapsHostPMTarget, in bit order. */
export type PowerTarget = 'suspend_mem' | 'suspend_disk' | 'suspend_hybrid';

export interface CapsHost {
  uuid?: string;
  arch?: string;
  /** Host CPU flag names (<features><pae/>…). */
  features: string[];
  cpu?: CapsHostCpuModel;
  /** Supported page sizes in KiB. */
  pageSizes: number[];
  powerManagement: PowerTarget[];
  iommu: boolean;
  migration?: { live: boolean; transports: string[] };
  netprefix?: string;
  /** Present (even with no cells) when the driver reports a NUMA topology. */
  numa?: { cells: CapsNumaCell[] };
  secModels: CapsSecModel[];
}

export interface CapsMachine {
  name: string;
  canonical?: string;
  maxCpus?: number;
  deprecated?: boolean;
}

export interface CapsGuestDomain {
  /** Virtualisation type: 'test', 'kvm', 'qemu', … */
  type: string;
  emulator?: string;
  loader?: string;
  machines?: CapsMachine[];
}

/** Guest features in libvirt's fixed order (virCapsGuestFeatureType); `toggles` marks those formatted with default/toggle. */
export const GUEST_FEATURES = [
  { name: 'pae', toggles: false },
  { name: 'nonpae', toggles: false },
  { name: 'ia64_be', toggles: false },
  { name: 'acpi', toggles: true },
  { name: 'apic', toggles: true },
  { name: 'cpuselection', toggles: false },
  { name: 'deviceboot', toggles: false },
  { name: 'disksnapshot', toggles: true },
  { name: 'hap', toggles: true },
] as const;
export type GuestFeatureName = (typeof GUEST_FEATURES)[number]['name'];

export interface CapsGuestFeature {
  name: GuestFeatureName;
  defaultOn?: boolean;
  toggle?: boolean;
}

export interface CapsGuest {
  osType: string;
  arch: string;
  wordsize: number;
  emulator?: string;
  loader?: string;
  machines?: CapsMachine[];
  domains: CapsGuestDomain[];
  features: CapsGuestFeature[];
}

export interface Capabilities {
  host: CapsHost;
  guests: CapsGuest[];
  /** Storage pool types (<pool><enum name='type'>). */
  poolTypes?: string[];
}

const onOff = (b: boolean) => (b ? 'on' : 'off');
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function formatHostCpu(w: XmlWriter, cpu: CapsHostCpuModel): void {
  if (cpu.model !== undefined) w.text('model', cpu.model);
  if (cpu.vendor !== undefined) w.text('vendor', cpu.vendor);
  if (cpu.microcode) w.empty('microcode', { version: cpu.microcode });
  if (cpu.signature) w.empty('signature', [['family', cpu.signature.family], ['model', cpu.signature.model], ['stepping', cpu.signature.stepping]]);
  if (cpu.counter) w.empty('counter', [['name', 'tsc'], ['frequency', cpu.counter.frequency], ['scaling', cpu.counter.scaling]]);
  const t = cpu.topology;
  if (t) w.empty('topology', [['sockets', t.sockets], ['dies', t.dies], ['cores', t.cores], ['threads', t.threads]]);
  for (const f of cpu.features ?? []) w.empty('feature', { name: f });
}

function formatMachine(w: XmlWriter, m: CapsMachine, withDeprecated: boolean): void {
  const attrs: [string, string | number | undefined][] = [['canonical', m.canonical], ['maxCpus', m.maxCpus && m.maxCpus > 0 ? m.maxCpus : undefined]];
  if (withDeprecated && m.deprecated) attrs.push(['deprecated', 'yes']);
  w.text('machine', m.name, attrs);
}

function formatHost(w: XmlWriter, h: CapsHost): void {
  // libvirt leaves <host> out when it knows nothing at all about the host.
  if (!h.uuid && !h.arch && h.powerManagement.length === 0 && !h.iommu) return;
  w.element('host', undefined, (w) => {
    if (h.uuid) w.text('uuid', h.uuid);
    w.element('cpu', undefined, (w) => {
      if (h.arch) w.text('arch', h.arch);
      if (h.features.length) w.element('features', undefined, (w) => h.features.forEach((f) => w.empty(f)));
      if (h.cpu) formatHostCpu(w, h.cpu);
      for (const size of h.pageSizes) w.empty('pages', [['unit', 'KiB'], ['size', size]]);
    }, { keepEmpty: true });
    if (h.powerManagement.length) w.element('power_management', undefined, (w) => h.powerManagement.forEach((p) => w.empty(p)));
    else w.empty('power_management');
    w.empty('iommu', { support: yesNo(h.iommu) });
    if (h.migration) {
      const mig = h.migration;
      w.element('migration_features', undefined, (w) => {
        if (mig.live) w.empty('live');
        if (mig.transports.length) w.element('uri_transports', undefined, (w) => mig.transports.forEach((t) => w.text('uri_transport', t)));
      }, { keepEmpty: true });
    }
    if (h.netprefix) w.text('netprefix', h.netprefix);
    if (h.numa) formatTopology(w, h.numa.cells);
    for (const sm of h.secModels) {
      w.element('secmodel', undefined, (w) => {
        w.text('model', sm.model);
        w.text('doi', sm.doi);
        for (const l of sm.baseLabels ?? []) w.text('baselabel', l.label, { type: l.type });
      });
    }
  });
  w.raw('\n');
}

function formatTopology(w: XmlWriter, cells: CapsNumaCell[]): void {
  w.element('topology', undefined, (w) => {
    // <cells> keeps an open and a close tag even when there are no cells.
    w.element('cells', { num: cells.length }, (w) => {
      for (const c of cells) {
        w.element('cell', { id: c.id }, (w) => {
          if (c.memory) w.text('memory', c.memory, { unit: 'KiB' });
          for (const p of c.pages) w.text('pages', p.avail, [['unit', 'KiB'], ['size', p.size]]);
          if (c.distances?.length) w.element('distances', undefined, (w) => c.distances!.forEach((d) => w.empty('sibling', [['id', d.id], ['value', d.value]])));
          w.element('cpus', { num: c.cpus.length }, (w) => {
            for (const cpu of c.cpus) {
              if (cpu.siblings === undefined) w.empty('cpu', { id: cpu.id });
              else w.empty('cpu', [['id', cpu.id], ['socket_id', cpu.socketId ?? 0], ['die_id', cpu.dieId ?? 0], ['core_id', cpu.coreId ?? 0], ['siblings', cpu.siblings]]);
            }
          });
        }, { keepEmpty: true });
      }
    }, { keepEmpty: true });
  });
}

function formatGuest(w: XmlWriter, g: CapsGuest): void {
  w.element('guest', undefined, (w) => {
    w.text('os_type', g.osType);
    w.element('arch', { name: g.arch }, (w) => {
      w.text('wordsize', g.wordsize);
      if (g.emulator) w.text('emulator', g.emulator);
      if (g.loader) w.text('loader', g.loader);
      for (const m of g.machines ?? []) formatMachine(w, m, true);
      for (const d of g.domains) {
        w.element('domain', { type: d.type }, (w) => {
          if (d.emulator) w.text('emulator', d.emulator);
          if (d.loader) w.text('loader', d.loader);
          // Machines listed per domain type never carry the deprecated mark.
          for (const m of d.machines ?? []) formatMachine(w, m, false);
        });
      }
    });
    const present = GUEST_FEATURES.filter((info) => g.features.some((f) => f.name === info.name));
    if (present.length) {
      w.element('features', undefined, (w) => {
        for (const info of present) {
          const f = g.features.find((x) => x.name === info.name)!;
          if (!info.toggles) w.empty(f.name);
          else w.empty(f.name, [['default', onOff(f.defaultOn ?? false)], ['toggle', yesNo(f.toggle ?? false)]]);
        }
      });
    }
  });
  w.raw('\n');
}

/** virCapabilitiesFormatXML */
export function formatCapabilities(caps: Capabilities): string {
  const w = new XmlWriter();
  w.raw('<capabilities>\n\n');
  const inner = new XmlWriter(2);
  formatHost(inner, caps.host);
  for (const g of caps.guests) formatGuest(inner, g);
  if (caps.poolTypes?.length) {
    const types = caps.poolTypes;
    inner.element('pool', undefined, (w) => w.element('enum', { name: 'type' }, (w) => types.forEach((t) => w.text('value', t))));
    inner.raw('\n');
  }
  w.raw(inner.toString());
  w.raw('</capabilities>\n');
  return w.toString();
}
