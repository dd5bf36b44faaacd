// XML → domain definition (virDomainDefParseXML and its post-parse in domain_conf.c /
// domain_postparse.c), with the test driver's parser configuration: default arch i686, user
// aliases only, its own <test:…> namespace. Checks run in libvirt's order so the first error
// reported for a bad document is the same one.
import { ErrorCode, ErrorDomain } from '../../util/error.js';
import { isEl, parseXml, type XmlEl } from '../xml/parse.js';
import type { ChrDef, DomainDef, FeatureDef, TimerDef } from './domain-def.js';
import { emptyDevices } from './domain-def.js';
import {
  parseChr,
  parseController,
  parseDisk,
  parseFilesystem,
  parseGraphics,
  parseHostdev,
  parseInput,
  parseMemballoon,
  parseNet,
  parsePanic,
  parseRng,
  parseSound,
  parseVideo,
  parseWatchdog,
} from './devices-parse.js';
import { parseCpuset } from './cpuset.js';
import {
  attr,
  attrEnum,
  attrInt,
  attrUInt,
  attrYesNo,
  internal,
  kid,
  kids,
  kidText,
  parseMemoryEl,
  parseULL,
  parseUuid,
  randomUuid,
  report,
  str,
  text,
  unsupported,
  xmlErr,
} from './parse-util.js';
import { insertDisk } from './disk-order.js';
import { insertController, postParseDomain } from './post-parse.js';
import { cloneEl } from './xml-out.js';

export const TEST_NS_URI = 'http://libvirt.org/schemas/domain/test/1.0';

const VIRT_TYPES = ['none', 'qemu', 'kqemu', 'kvm', 'xen', 'lxc', 'uml', 'openvz', 'test', 'vmware', 'hyperv', 'vbox', 'phyp', 'parallels', 'bhyve', 'vz', 'hvf'];
const OS_TYPES = ['hvm', 'xen', 'linux', 'exe', 'uml', 'xenpvh'];
const BOOT_DEVS = ['fd', 'cdrom', 'hd', 'network'];
const LIFECYCLE_ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart'];
const LOCK_FAILURE = ['default', 'poweroff', 'restart', 'pause', 'ignore'];
const CLOCK_OFFSETS = ['utc', 'localtime', 'variable', 'timezone', 'absolute'];
const TIMER_NAMES = ['platform', 'pit', 'rtc', 'hpet', 'tsc', 'kvmclock', 'hypervclock', 'armvtimer'];
const FEATURES = ['acpi', 'apic', 'pae', 'hap', 'viridian', 'privnet', 'hyperv', 'kvm', 'pvspinlock', 'capabilities', 'pmu', 'vmport', 'gic', 'smm', 'ioapic', 'hpt', 'vmcoreinfo', 'htm', 'nested-hv', 'msrs', 'ccf-assist', 'xen', 'cfpc', 'sbbc', 'ibs', 'tcg', 'async-teardown'];
const PERF_EVENTS = ['cmt', 'mbmt', 'mbml', 'cpu_cycles', 'instructions', 'cache_references', 'cache_misses', 'branch_instructions', 'branch_misses', 'bus_cycles', 'stalled_cycles_frontend', 'stalled_cycles_backend', 'ref_cpu_cycles', 'cpu_clock', 'task_clock', 'page_faults', 'context_switches', 'cpu_migrations', 'page_faults_min', 'page_faults_maj', 'alignment_faults', 'emulation_faults'];
/** virArch names (the ones a test guest may plausibly name). */
const ARCHES = ['none', 'alpha', 'armv6l', 'armv7l', 'armv7b', 'aarch64', 'cris', 'i686', 'ia64', 'lm32', 'loongarch64', 'm68k', 'microblaze', 'microblazeel', 'mips', 'mipsel', 'mips64', 'mips64el', 'openrisc', 'parisc', 'parisc64', 'ppc', 'ppcle', 'ppc64', 'ppc64le', 'ppcemb', 'riscv32', 'riscv64', 's390', 's390x', 'sh4', 'sh4eb', 'sparc', 'sparc64', 'unicore32', 'x86_64', 'xtensa', 'xtensaeb'];

/** Parse a domain document: libxml2 syntax errors first, then the root check, then the definition. */
export async function parseDomainXml(xml: string): Promise<DomainDef> {
  // libxml2 reports an empty document before any context exists; libvirt shows "(null)" for it.
  if (xml === '') throw report(ErrorCode.XmlDetail, '(domain_definition):1: Document is empty\n(null)\n^');
  const root = await parseXml(xml, '(domain_definition)', ErrorDomain.Domain);
  return parseDomainRoot(root);
}

/** virDomainDefParseNode: `root` must be <domain>. */
export function parseDomainRoot(root: XmlEl): DomainDef {
  if (root.name !== 'domain') throw xmlErr(`expecting root element of 'domain', not '${root.name}'`);
  const def = parseDomainElement(root);
  postParseDomain(def);
  return def;
}

function parseDomainElement(dom: XmlEl): DomainDef {
  // IDs: the id attribute is runtime data and is ignored for an inactive parse.
  const name = kidText(dom, 'name');
  if (name === undefined) throw report(ErrorCode.NoName);
  let uuid: string;
  const uuidText = kidText(dom, 'uuid');
  if (uuidText === undefined) uuid = randomUuid();
  else {
    const u = parseUuid(uuidText);
    if (!u) throw internal('malformed uuid element');
    uuid = u;
  }
  let genid: string | undefined;
  const genids = kids(dom, 'genid');
  if (genids.length > 1) throw xmlErr("element 'genid' can only appear once");
  if (genids.length === 1) {
    const g = str(genids[0]);
    if (g === undefined) genid = randomUuid();
    else {
      const u = parseUuid(g);
      if (!u) throw internal('malformed genid element');
      genid = u;
    }
  }

  // Capabilities: virt type, OS type, arch.
  const virtType = dom.attrs.type;
  if (virtType === undefined) throw internal('missing domain type attribute');
  if (!VIRT_TYPES.includes(virtType) || virtType === 'none') throw unsupported(`invalid domain type ${virtType}`);
  const osEl = kid(dom, 'os');
  const typeEl = kid(osEl, 'type');
  const bootloader = text(kid(dom, 'bootloader'));
  let osType = str(typeEl);
  if (osType === undefined) {
    if (bootloader === undefined || bootloader === '') throw xmlErr('an os <type> must be specified');
    osType = 'xen';
  } else if (!OS_TYPES.includes(osType)) throw unsupported(`unknown OS type '${osType}'`);
  if (osType === 'linux' && virtType === 'xen') osType = 'xen';
  let arch = typeEl?.attrs.arch;
  if (arch !== undefined && (!ARCHES.includes(arch) || arch === 'none')) throw unsupported(`Unknown architecture ${arch}`);
  arch ??= 'i686';

  const title = kidText(dom, 'title');
  if (title !== undefined && title.includes('\n')) throw xmlErr("Domain title can't contain newlines");
  const description = kidText(dom, 'description');

  const def: DomainDef = {
    virtType,
    id: -1,
    name,
    uuid,
    genid,
    title,
    description,
    metadata: [],
    memoryKiB: 0n,
    currentMemoryKiB: 0n,
    vcpu: { max: 1, current: 1, placement: 'static' },
    iothreads: 0,
    iothreadids: [],
    cputune: { vcpupins: [], iothreadpins: [] },
    os: { type: osType, arch, machine: typeEl?.attrs.machine, initargs: [], initenv: [], boot: [] },
    features: [],
    clock: { offset: 'utc', timers: [] },
    onPoweroff: 'destroy',
    onReboot: 'restart',
    onCrash: 'destroy',
    perf: [],
    devices: emptyDevices(),
    seclabels: [],
  };
  if (bootloader !== undefined) {
    def.bootloader = bootloader;
    def.bootloaderArgs = text(kid(dom, 'bootloader_args'));
  }
  def.devices.emulator = kidText(dom, 'devices', 'emulator');

  parseSeclabels(def, dom);
  parseMemory(def, dom);
  parseTunables(def, dom);
  parseCpu(def, dom);
  if (def.vcpu.max === 0) throw internal('CPU IDs in <numa> exceed the <vcpu> count');
  parseNumatune(def, dom);
  const resources = kids(dom, 'resource');
  if (resources.length > 1) throw xmlErr('only one resource element is supported');
  if (resources.length === 1) def.resource = { partition: kidText(resources[0], 'partition') };
  parseFeatures(def, dom);
  parseLifecycle(def, dom);
  parsePerf(def, dom);
  parseClock(def, dom);
  parseBootOptions(def, osEl);
  parseDevices(def, dom);

  const metadata = kid(dom, 'metadata');
  if (metadata) def.metadata = kids(metadata).length || metadata.children.some(isEl) ? metadata.children.filter(isEl).map(cloneEl) : [];
  parseTestNamespace(def, dom);
  return def;
}

function parseSeclabels(def: DomainDef, dom: XmlEl): void {
  for (const s of kids(dom, 'seclabel')) {
    const type = s.attrs.type ?? 'dynamic';
    if (!['dynamic', 'static', 'none'].includes(type)) throw xmlErr(`invalid security type '${type}'`);
    const relabel = s.attrs.relabel !== undefined ? attrYesNo(s, 'relabel') : undefined;
    def.seclabels.push({
      type,
      model: s.attrs.model,
      relabel: relabel ?? (type === 'none' ? 'no' : 'yes'),
      label: type === 'dynamic' ? undefined : kidText(s, 'label'),
      imagelabel: undefined,
      baselabel: kidText(s, 'baselabel'),
    });
  }
}

function parseMemory(def: DomainDef, dom: XmlEl): void {
  const mem = kid(dom, 'memory');
  def.memoryKiB = parseMemoryEl(mem, './memory[1]', false) ?? 0n;
  def.currentMemoryKiB = parseMemoryEl(kid(dom, 'currentMemory'), './currentMemory[1]', false) ?? 0n;
  const maxEl = kid(dom, 'maxMemory');
  const maxKiB = parseMemoryEl(maxEl, './maxMemory[1]', false);
  let slots = 0;
  if (maxEl?.attrs.slots !== undefined) {
    const s = attrUIntLoose(maxEl.attrs.slots);
    if (s === undefined) throw xmlErr('Failed to parse memory slot count');
    slots = s;
  }
  if (maxKiB || slots) def.maxMemory = { slots, kib: maxKiB ?? 0n };
  if (mem?.attrs.dumpCore !== undefined) {
    def.dumpCore = attrEnum(mem, 'dumpCore', ['default', 'on', 'off'], { nonZero: true });
  }
  const mb = kid(dom, 'memoryBacking');
  if (mb && mb.children.some(isEl)) def.memoryBacking = cloneEl(mb);
}

function attrUIntLoose(v: string): number | undefined {
  return /^\s*\+?\d+$/.test(v) && Number(v) <= 0xffffffff ? Number(v) : undefined;
}

function parseTunables(def: DomainDef, dom: XmlEl): void {
  const blk = kid(dom, 'blkiotune');
  if (blk) {
    const w = kidText(blk, 'weight');
    let weight: number | undefined;
    if (w !== undefined) {
      weight = attrUIntLoose(w);
      if (weight === undefined) throw xmlErr("can't parse blkiotune weight value");
    }
    const devices = kids(blk, 'device').map((d) => {
      const path = kidText(d, 'path');
      if (path === undefined) throw xmlErr('missing block IO tuning device path');
      const num = (n: string) => {
        const v = kidText(d, n);
        return v === undefined ? undefined : attrUIntLoose(v);
      };
      const big = (n: string) => {
        const v = kidText(d, n);
        return v === undefined ? undefined : parseULL(v);
      };
      return { path, weight: num('weight'), readIops: num('read_iops_sec'), writeIops: num('write_iops_sec'), readBytes: big('read_bytes_sec'), writeBytes: big('write_bytes_sec') };
    });
    def.blkiotune = { weight, devices };
  }
  const mt = kid(dom, 'memtune');
  if (mt) {
    def.memtune = {
      hardLimit: memLimit(mt, 'hard_limit'),
      softLimit: memLimit(mt, 'soft_limit'),
      minGuarantee: memLimit(mt, 'min_guarantee'),
      swapHardLimit: memLimit(mt, 'swap_hard_limit'),
    };
  }
  parseVcpu(def, dom);
  const iot = kid(dom, 'iothreads');
  if (iot) {
    const n = attrUIntLoose(str(iot) ?? '');
    if (n === undefined) throw xmlErr('invalid iothreads count');
    def.iothreads = n;
  }
  const ids = kids(kid(dom, 'iothreadids'), 'iothread');
  for (const t of ids) {
    const id = attrUInt(t, 'id', { required: true, nonZero: true })!;
    if (def.iothreadids.some((x) => x.id === id)) throw xmlErr(`duplicate iothread id '${id}' found`);
    def.iothreadids.push({ id, explicit: true });
  }
  if (def.iothreadids.length > def.iothreads) def.iothreads = def.iothreadids.length;
  // Threads not listed get the lowest free ids (virDomainIOThreadIDDefArrayInit).
  for (let id = 1; def.iothreadids.length < def.iothreads; id++) {
    if (!def.iothreadids.some((x) => x.id === id)) def.iothreadids.push({ id, explicit: def.iothreadids.some((x) => x.explicit) });
  }
  const ct = kid(dom, 'cputune');
  if (ct) {
    const big = (n: string, what: string, signed = false) => {
      const v = kidText(ct, n);
      if (v === undefined) return undefined;
      const ok = signed ? /^\s*[+-]?\d+$/.test(v) : /^\s*\+?\d+$/.test(v);
      if (!ok) throw xmlErr(`can't parse cputune ${what} value`);
      return BigInt(v.trim());
    };
    const c = def.cputune;
    c.shares = big('shares', 'shares');
    c.period = big('period', 'period');
    c.quota = big('quota', 'quota', true);
    c.globalPeriod = big('global_period', 'global period');
    c.globalQuota = big('global_quota', 'global quota', true);
    c.emulatorPeriod = big('emulator_period', 'emulator period');
    c.emulatorQuota = big('emulator_quota', 'emulator quota', true);
    c.iothreadPeriod = big('iothread_period', 'iothread period');
    c.iothreadQuota = big('iothread_quota', 'iothread quota', true);
    for (const p of kids(ct, 'vcpupin')) {
      const vcpu = attrUInt(p, 'vcpu', { required: true })!;
      if (vcpu >= def.vcpu.max) throw unsupported(`vcpu id '${vcpu}' is out of range of maximum vcpu count`.replace('unsupported configuration: ', ''));
      const cpuset = p.attrs.cpuset;
      if (cpuset === undefined) throw xmlErr("missing cpuset for vcpupin");
      if (c.vcpupins.some((x) => x.vcpu === vcpu)) throw internal('duplicate vcpupin for vcpu');
      c.vcpupins.push({ vcpu, cpuset: parseCpuset(cpuset) });
    }
    const ep = kids(ct, 'emulatorpin');
    if (ep.length > 1) throw xmlErr('only one emulatorpin is supported');
    if (ep.length === 1) {
      const cs = ep[0].attrs.cpuset;
      if (cs === undefined) throw xmlErr('missing cpuset for emulatorpin');
      c.emulatorpin = parseCpuset(cs);
    }
    for (const p of kids(ct, 'iothreadpin')) {
      const id = attrUInt(p, 'iothread', { required: true, nonZero: true })!;
      c.iothreadpins.push({ iothread: id, cpuset: parseCpuset(p.attrs.cpuset ?? '') });
    }
  }
}

function memLimit(parent: XmlEl, name: string): bigint | undefined {
  return parseMemoryEl(kid(parent, name), `./memtune/${name}[1]`, false);
}

function parseVcpu(def: DomainDef, dom: XmlEl): void {
  const v = kid(dom, 'vcpu');
  if (!v) return;
  const raw = text(v) ?? '';
  const max = /^\s*\+?\d+$/.test(raw) && Number(raw) <= 0xffffffff ? Number(raw) : undefined;
  if (max === undefined) throw xmlErr('maximum vcpus count must be an integer');
  const current = attrUInt(v, 'current') ?? max;
  const placement = attrEnum(v, 'placement', ['static', 'auto']) ?? 'static';
  let cpuset: string | undefined;
  if (placement !== 'auto' && v.attrs.cpuset !== undefined) {
    cpuset = parseCpuset(v.attrs.cpuset);
    if (cpuset === '') throw unsupported(`Invalid value of 'cpuset': ${v.attrs.cpuset}`);
  }
  if (current > max) throw unsupported('maximum vCPU count must not be less than current vCPU count');
  def.vcpu = { max, current, placement, cpuset };
}

function parseCpu(def: DomainDef, dom: XmlEl): void {
  const c = kid(dom, 'cpu');
  if (!c) return;
  const modelEl = kid(c, 'model');
  const mode = c.attrs.mode ?? (modelEl || kid(c, 'topology') || kids(c, 'feature').length ? 'custom' : undefined);
  if (mode !== undefined && !['custom', 'host-model', 'host-passthrough', 'maximum'].includes(mode)) throw xmlErr(`Invalid value for attribute 'mode' in element 'cpu': '${mode}'.`);
  const cpu: NonNullable<DomainDef['cpu']> = { mode: c.attrs.mode ?? mode, features: [] };
  if (mode === 'custom' || mode === undefined) {
    if (modelEl) cpu.match = c.attrs.match ?? 'exact';
    else cpu.match = c.attrs.match;
  }
  cpu.check = c.attrs.check;
  cpu.migratable = c.attrs.migratable;
  if (modelEl) {
    const name = str(modelEl);
    if (name !== undefined) {
      cpu.model = { name, fallback: modelEl.attrs.fallback ?? (mode === 'custom' ? 'allow' : undefined), vendorId: modelEl.attrs.vendor_id };
    }
  }
  cpu.vendor = kidText(c, 'vendor');
  const topo = kid(c, 'topology');
  if (topo) {
    const n = (a: string, dflt?: number) => {
      const v = attrUInt(topo, a, { required: dflt === undefined });
      return v ?? dflt ?? 0;
    };
    const t = { sockets: n('sockets'), dies: n('dies', 1), cores: n('cores'), threads: n('threads') };
    if (!t.sockets || !t.cores || !t.threads || !t.dies) throw xmlErr('Invalid CPU topology');
    cpu.topology = t;
    const total = t.sockets * t.dies * t.cores * t.threads;
    if (total !== def.vcpu.max && kid(dom, 'vcpu')) {
      throw xmlErr(`CPU topology doesn't match maximum vcpu count`);
    }
  }
  const cache = kid(c, 'cache');
  if (cache) cpu.cache = { level: attrUInt(cache, 'level'), mode: cache.attrs.mode ?? 'emulate' };
  for (const f of kids(c, 'feature')) {
    const name = f.attrs.name;
    if (name === undefined) throw report(ErrorCode.XmlError, 'Invalid CPU feature name');
    cpu.features.push({ policy: f.attrs.policy ?? (mode === 'custom' ? 'require' : undefined), name });
  }
  const numa = kid(c, 'numa');
  if (numa) {
    cpu.numa = kids(numa, 'cell').map((cell, i) => ({
      id: attrUInt(cell, 'id') ?? i,
      cpus: parseCpuset(cell.attrs.cpus ?? ''),
      memoryKiB: parseMemoryEl({ ...cell, children: [{ text: cell.attrs.memory ?? '' }] }, './@memory', true) ?? 0n,
      memAccess: cell.attrs.memAccess,
      discard: cell.attrs.discard,
    }));
  }
  def.cpu = cpu;
}

function parseNumatune(def: DomainDef, dom: XmlEl): void {
  const nt = kid(dom, 'numatune');
  if (!nt) return;
  const memory = kid(nt, 'memory');
  const out: NonNullable<DomainDef['numatune']> = { memnodes: [] };
  if (memory) {
    const mode = attrEnum(memory, 'mode', ['strict', 'preferred', 'interleave', 'restrictive']) ?? 'strict';
    const nodeset = memory.attrs.nodeset;
    let placement = memory.attrs.placement;
    if (placement !== undefined && !['static', 'auto'].includes(placement)) throw xmlErr(`Unsupported numatune placement '${placement}'`);
    if (placement === undefined) placement = nodeset !== undefined ? 'static' : def.vcpu.placement;
    if (placement === 'static' && nodeset === undefined) throw xmlErr('nodeset for NUMA memory tuning must be set if \'placement\' is \'static\'');
    out.memory = { mode, nodeset: nodeset !== undefined ? parseCpuset(nodeset) : undefined, placement };
  }
  for (const mn of kids(nt, 'memnode')) {
    out.memnodes.push({ cellid: attrUInt(mn, 'cellid', { required: true })!, mode: mn.attrs.mode ?? 'strict', nodeset: parseCpuset(mn.attrs.nodeset ?? '') });
  }
  def.numatune = out;
}

function parseFeatures(def: DomainDef, dom: XmlEl): void {
  const fe = kid(dom, 'features');
  if (!fe) return;
  const found: FeatureDef[] = [];
  for (const f of kids(fe)) {
    if (!FEATURES.includes(f.name)) throw unsupported(`unexpected feature '${f.name}'`);
    found.push({ name: f.name, attrs: f.attrOrder.map((k) => [k, f.attrs[k]]), children: kids(f).map(cloneEl) });
  }
  // libvirt formats features in its own enum order, one entry per kind.
  found.sort((a, b) => FEATURES.indexOf(a.name) - FEATURES.indexOf(b.name));
  def.features = found.filter((f, i) => i === 0 || found[i - 1].name !== f.name);
}

function parseLifecycle(def: DomainDef, dom: XmlEl): void {
  const action = (name: string, values: string[]) => {
    const v = kidText(dom, name);
    if (v === undefined) return undefined;
    if (!values.includes(v)) throw unsupported(`unknown ${name} action: ${v}`);
    return v;
  };
  def.onReboot = action('on_reboot', LIFECYCLE_ACTIONS) ?? 'restart';
  def.onPoweroff = action('on_poweroff', LIFECYCLE_ACTIONS) ?? 'destroy';
  def.onCrash = action('on_crash', LIFECYCLE_ACTIONS) ?? 'destroy';
  const lf = action('on_lockfailure', LOCK_FAILURE);
  if (lf !== undefined && lf !== 'default') def.onLockfailure = lf;
  const pm = kid(dom, 'pm');
  if (pm) {
    const mem = kid(pm, 'suspend-to-mem');
    const disk = kid(pm, 'suspend-to-disk');
    def.pm = { suspendToMem: mem ? attrYesNo(mem, 'enabled', true) : undefined, suspendToDisk: disk ? attrYesNo(disk, 'enabled', true) : undefined };
  }
}

function parsePerf(def: DomainDef, dom: XmlEl): void {
  for (const e of kids(kid(dom, 'perf'), 'event')) {
    const name = attrEnum(e, 'name', PERF_EVENTS, { required: true })!;
    const enabled = attrYesNo(e, 'enabled', true)!;
    const existing = def.perf.findIndex(([n]) => n === name);
    if (existing >= 0) continue;
    def.perf.push([name, enabled]);
  }
  def.perf.sort((a, b) => PERF_EVENTS.indexOf(a[0]) - PERF_EVENTS.indexOf(b[0]));
}

function parseClock(def: DomainDef, dom: XmlEl): void {
  const c = kid(dom, 'clock');
  if (!c) return;
  const offset = c.attrs.offset;
  if (offset !== undefined) {
    if (!CLOCK_OFFSETS.includes(offset)) throw unsupported(`unknown clock offset '${offset}'`);
    def.clock.offset = offset;
  }
  const adj = c.attrs.adjustment;
  switch (def.clock.offset) {
    case 'utc':
    case 'localtime':
      if (adj !== undefined) {
        if (adj === 'reset') def.clock.adjustment = 'reset';
        else {
          if (!/^[+-]?\d+$/.test(adj)) throw unsupported(`unknown clock adjustment '${adj}'`);
          // A numeric adjustment turns utc/localtime into 'variable' with that basis.
          def.clock.basis = def.clock.offset;
          def.clock.offset = 'variable';
          def.clock.adjustment = String(BigInt(adj));
        }
      }
      break;
    case 'variable':
      if (adj !== undefined && !/^[+-]?\d+$/.test(adj)) throw xmlErr('variable clock adjustment must be an integer'.replace('variable', 'variable'));
      def.clock.adjustment = adj !== undefined ? String(BigInt(adj)) : '0';
      def.clock.basis = attrEnum(c, 'basis', ['utc', 'localtime']) ?? 'utc';
      break;
    case 'timezone':
      def.clock.timezone = c.attrs.timezone;
      if (def.clock.timezone === undefined) throw xmlErr("missing 'timezone' attribute for clock with offset='timezone'");
      break;
    case 'absolute':
      def.clock.start = c.attrs.start ?? '0';
      break;
  }
  for (const t of kids(c, 'timer')) def.clock.timers.push(parseTimer(t));
}

function parseTimer(t: XmlEl): TimerDef {
  const name = t.attrs.name;
  if (name === undefined) throw xmlErr('missing timer name');
  if (!TIMER_NAMES.includes(name)) throw xmlErr(`unknown timer name '${name}'`);
  const timer: TimerDef = { name, present: attrYesNo(t, 'present') };
  if (t.attrs.tickpolicy !== undefined) timer.tickpolicy = attrEnum(t, 'tickpolicy', ['delay', 'catchup', 'merge', 'discard']);
  if (t.attrs.track !== undefined) timer.track = attrEnum(t, 'track', ['boot', 'guest', 'wall', 'realtime']);
  if (t.attrs.frequency !== undefined) timer.frequency = parseULL(t.attrs.frequency);
  if (t.attrs.mode !== undefined) timer.mode = attrEnum(t, 'mode', ['auto', 'native', 'emulate', 'paravirt', 'smpsafe']);
  const cu = kid(t, 'catchup');
  if (cu) timer.catchup = { threshold: attrUInt(cu, 'threshold'), slew: attrUInt(cu, 'slew'), limit: attrUInt(cu, 'limit') };
  return timer;
}

function parseBootOptions(def: DomainDef, os: XmlEl | undefined): void {
  const o = def.os;
  const t = o.type;
  if (t === 'hvm' || t === 'xen' || t === 'xenpvh' || t === 'uml') {
    o.kernel = kidText(os, 'kernel');
    o.initrd = kidText(os, 'initrd');
    o.cmdline = kidText(os, 'cmdline');
    o.dtb = kidText(os, 'dtb');
    o.root = kidText(os, 'root');
    if (t === 'hvm' && os?.attrs.firmware !== undefined) o.firmware = attrEnum(os, 'firmware', ['none', 'bios', 'efi'], { nonZero: true });
    const loader = kid(os, 'loader');
    if (loader) {
      o.loader = { path: str(loader), readonly: attrYesNo(loader, 'readonly'), secure: attrYesNo(loader, 'secure'), type: attrEnum(loader, 'type', ['none', 'rom', 'pflash'], { nonZero: true }) };
      if (o.loader.path !== undefined && o.loader.type === undefined) o.loader.type = 'rom';
      const nvram = kid(os, 'nvram');
      if (nvram) o.nvram = { path: str(nvram), template: nvram.attrs.template };
    }
    if (t === 'hvm') {
      const boots = kids(os, 'boot');
      for (const b of boots.slice(0, BOOT_DEVS.length)) o.boot.push(attrEnum(b, 'dev', BOOT_DEVS, { required: true })!);
      const bm = kid(os, 'bootmenu');
      if (bm) {
        const enable = attrYesNo(bm, 'enable');
        if (enable) o.bootmenu = { enable, timeout: enable === 'yes' ? attrUInt(bm, 'timeout') : undefined };
      }
      const bios = kid(os, 'bios');
      if (bios) {
        let useserial: string | undefined;
        try {
          useserial = attrYesNo(bios, 'useserial');
        } catch {
          useserial = 'no';
        }
        o.bios = { useserial, rebootTimeout: attrInt(bios, 'rebootTimeout') };
      }
    }
  } else if (t === 'exe') {
    o.init = kidText(os, 'init');
    o.cmdline = kidText(os, 'cmdline');
    for (const a of kids(os, 'initarg')) o.initargs.push(text(a) ?? '');
    for (const e of kids(os, 'initenv')) {
      const n = e.attrs.name;
      if (n === undefined) throw xmlErr('No name supplied for <initenv> element');
      o.initenv.push([n, text(e) ?? '']);
    }
    o.initdir = kidText(os, 'initdir');
    o.inituser = kidText(os, 'inituser');
    o.initgroup = kidText(os, 'initgroup');
  }
  const smbios = kid(os, 'smbios');
  if (smbios) o.smbios = attrEnum(smbios, 'mode', ['none', 'emulate', 'host', 'sysinfo'], { required: true, nonZero: true });
}

function parseDevices(def: DomainDef, dom: XmlEl): void {
  const devs = kid(dom, 'devices');
  const d = def.devices;
  for (const e of kids(devs, 'disk')) insertDisk(def, parseDisk(e));
  for (const e of kids(devs, 'controller')) insertController(def, parseController(e));
  for (const e of kids(devs, 'filesystem')) d.filesystems.push(parseFilesystem(e));
  for (const e of kids(devs, 'interface')) d.nets.push(parseNet(e));
  kids(devs, 'parallel').forEach((e) => {
    const chr = parseChr(e, 'parallel');
    if (chr.targetPort === -1) chr.targetPort = Math.max(-1, ...d.parallels.map((p) => p.targetPort)) + 1;
    d.parallels.push(chr);
  });
  for (const e of kids(devs, 'serial')) d.serials.push(parseChr(e, 'serial'));
  kids(devs, 'console').forEach((e, i) => {
    const chr = parseChr(e, 'console');
    chr.targetPort = i;
    d.consoles.push(chr);
  });
  for (const e of kids(devs, 'channel')) d.channels.push(parseChr(e, 'channel'));
  for (const e of kids(devs, 'input')) d.inputs.push(parseInput(e, def.os.type));
  for (const e of kids(devs, 'graphics')) d.graphics.push(parseGraphics(e));
  for (const e of kids(devs, 'sound')) d.sounds.push(parseSound(e));
  for (const e of kids(devs, 'video')) {
    const v = parseVideo(e);
    // A video the user marks primary goes first.
    if (v.primary && d.videos.length > 0) {
      if (d.videos[0].primary) throw xmlErr('Only one primary video device is supported');
      d.videos.unshift(v);
    } else d.videos.push(v);
  }
  for (const e of kids(devs, 'hostdev')) d.hostdevs.push(parseHostdev(e));
  const wds = kids(devs, 'watchdog');
  for (const e of wds) d.watchdogs.push(parseWatchdog(e));
  const balloons = kids(devs, 'memballoon');
  if (balloons.length > 1) throw xmlErr('only a single memory balloon device is supported');
  if (balloons.length === 1) d.memballoon = parseMemballoon(balloons[0]);
  for (const e of kids(devs, 'rng')) d.rngs.push(parseRng(e));
  for (const e of kids(devs, 'panic')) d.panics.push(parsePanic(e));
}

/** The test driver's <test:…> elements (testDomainDefNamespaceParse). */
function parseTestNamespace(def: DomainDef, dom: XmlEl): void {
  const own = dom.children.filter((c): c is XmlEl => isEl(c) && c.ns === TEST_NS_URI);
  const snapshots = own.filter((c) => c.name === 'domainsnapshot').map(cloneEl);
  const transient = own.some((c) => c.name === 'transient');
  const hasManagedSave = own.some((c) => c.name === 'hasmanagedsave');
  let runstate = 1;
  const rs = own.find((c) => c.name === 'runstate');
  if (rs) {
    const v = (text(rs) ?? '').trim();
    if (!/^\+?\d+$/.test(v)) throw xmlErr('invalid runstate');
    const n = Number(v);
    if (n >= 8) throw xmlErr(`runstate '${n}' out of range'`);
    runstate = n;
  }
  if (transient && runstate === 5) throw xmlErr("transient domain cannot have runstate 'shutoff'");
  if (hasManagedSave && runstate !== 5) throw xmlErr("domain with managedsave data can only have runstate 'shutoff'");
  def.testNs = { runstate, transient, hasManagedSave, snapshots };
}

export type { ChrDef };
