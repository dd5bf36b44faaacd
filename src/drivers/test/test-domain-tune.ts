// Test driver domains: the typed-parameter tunables (testDomain{Get,Set}{Memory,Numa,Blkio,
// Interface}Parameters, testDomain{Get,Set}PerfEvents, testDomainSetLifecycleAction in
// test_driver.c). Values live in the definition, so dumpxml shows what was set.
import type { BlkioDevice, DiskDef, DomainDef, NetDef } from '../../conf/domain/domain-def.js';
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import { TypedParamType, type TypedParam } from '../../driver/types.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { checkFlags, report, reportConf } from './test-domain.js';
import { validateParams } from './test-domain-params.js';
import type { TestState } from './test-state.js';

/** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED: what an unset memory limit reads as. */
const UNLIMITED = 9007199254740991n;
const STRING_OKAY = 4;
/** VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG (a literal: this module loads while test-domain.ts is still loading). */
const AFFECT = 3;
const NUMA_MODES = ['strict', 'preferred', 'interleave', 'restrictive'];
const PERF_EVENTS = ['cmt', 'mbmt', 'mbml', 'cpu_cycles', 'instructions', 'cache_references', 'cache_misses', 'branch_instructions', 'branch_misses', 'bus_cycles', 'stalled_cycles_frontend', 'stalled_cycles_backend', 'ref_cpu_cycles', 'cpu_clock', 'task_clock', 'page_faults', 'context_switches', 'cpu_migrations', 'page_faults_min', 'page_faults_maj', 'alignment_faults', 'emulation_faults'];
const LIFECYCLE_ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart'];

const reportNone = errorsFrom(ErrorDomain.None);
const U = TypedParamType.UInt;
const ULL = TypedParamType.ULLong;
const STR = TypedParamType.String;

const uint = (field: string, value: number): TypedParam => ({ field, type: U, value });
const ull = (field: string, value: bigint): TypedParam => ({ field, type: ULL, value });

/** The two-call pattern: with nparams 0 only the count is reported. */
function upTo(all: TypedParam[], nparams: number) {
  return { params: all.slice(0, nparams), nparams: Math.min(nparams, all.length) };
}

// --- blkio devices ("path,value,path,value") ---
type BlkioField = 'weight' | 'readIops' | 'writeIops' | 'readBytes' | 'writeBytes';
const BLKIO_FIELDS: [string, BlkioField][] = [
  ['device_weight', 'weight'],
  ['device_read_iops_sec', 'readIops'],
  ['device_write_iops_sec', 'writeIops'],
  ['device_read_bytes_sec', 'readBytes'],
  ['device_write_bytes_sec', 'writeBytes'],
];

/** virDomainDriverParseBlkioDeviceStr */
function parseBlkioDevices(str: string, type: string, field: BlkioField): BlkioDevice[] {
  if (str === '') return [];
  const parseError = () => reportNone(ErrorCode.InvalidArg, `unable to parse blkio device '${type}' '${str}'`);
  const commas = str.split(',').length - 1;
  if (!(commas & 1)) throw parseError();
  const out: BlkioDevice[] = [];
  let rest = str;
  for (;;) {
    const c = rest.indexOf(',');
    if (c < 0) throw parseError();
    const path = rest.slice(0, c);
    const tail = rest.slice(c + 1);
    const m = /^\s*\+?\d+/.exec(tail);
    const wide = field === 'readBytes' || field === 'writeBytes';
    const limit = wide ? 0xffffffffffffffffn : 0xffffffffn;
    if (!m || BigInt(m[0].trim()) > limit) throw reportNone(ErrorCode.InvalidArg, `invalid value '${tail}' for parameter '${type}' of device '${path}'`);
    const v = BigInt(m[0].trim());
    const dev: BlkioDevice = { path };
    if (wide) dev[field as 'readBytes' | 'writeBytes'] = v;
    else dev[field as 'weight' | 'readIops' | 'writeIops'] = Number(v);
    out.push(dev);
    const after = tail.slice(m[0].length);
    if (after === '') break;
    if (after[0] !== ',') throw parseError();
    rest = after.slice(1);
  }
  return out;
}

/** virDomainDriverMergeBlkioDevice */
function mergeBlkio(def: DomainDef, devs: BlkioDevice[], field: BlkioField): void {
  def.blkiotune ??= { devices: [] };
  for (const src of devs) {
    const dest = def.blkiotune.devices.find((d) => d.path === src.path);
    if (dest) {
      (dest as unknown as Record<string, unknown>)[field] = src[field];
      continue;
    }
    if (!src[field]) continue;
    def.blkiotune.devices.push(src);
  }
}

function blkioString(def: DomainDef, field: BlkioField): string {
  return (def.blkiotune?.devices ?? [])
    .filter((d) => d[field])
    .map((d) => `${d.path},${d[field]}`)
    .join(',');
}

// --- network bandwidth ---
type Rate = { average: number; peak: number; burst: number; floor: number };
const RATE_KEYS = ['average', 'peak', 'burst', 'floor'] as const;

function readRate(attrs: [string, string][] | undefined): Rate {
  const r: Rate = { average: 0, peak: 0, burst: 0, floor: 0 };
  for (const [k, v] of attrs ?? []) if ((RATE_KEYS as readonly string[]).includes(k)) r[k as keyof Rate] = Number(v);
  return r;
}

/** virNetDevBandwidthRateFormat's attribute order; zero values are left out. */
function writeRate(r: Rate): [string, string][] {
  const out: [string, string][] = [];
  for (const k of ['average', 'peak', 'floor', 'burst'] as const) if (r[k]) out.push([k, String(r[k])]);
  return out;
}

/** virDomainNetFind: by MAC address when the text is one, else by target device. */
function findNet(def: DomainDef, device: string): NetDef {
  const mac = /^([0-9a-fA-F]{1,2}[:-]){5}[0-9a-fA-F]{1,2}$/.test(device)
    ? device
        .split(/[:-]/)
        .map((x) => x.toLowerCase().padStart(2, '0'))
        .join(':')
    : undefined;
  const net = def.devices.nets.find((n) => (mac ? n.mac === mac : n.targetDev === device));
  if (!net) throw reportConf(ErrorCode.InvalidArg, `'${device}' is not a known interface`);
  return net;
}

export function tunePart(state: TestState): Partial<HypervisorDriver> {
  const store = state.domains;
  return {
    // --- memory ---
    async domainGetMemoryParameters(dom, nparams, flags) {
      checkFlags(flags, AFFECT | STRING_OKAY, 'testDomainGetMemoryParameters');
      if (nparams === 0) return { params: [], nparams: 3 };
      const { def } = store.require(dom).getOneDef(flags & ~STRING_OKAY);
      const m = def.memtune ?? {};
      return upTo([ull('hard_limit', m.hardLimit ?? UNLIMITED), ull('soft_limit', m.softLimit ?? UNLIMITED), ull('swap_hard_limit', m.swapHardLimit ?? UNLIMITED)], nparams);
    },
    async domainSetMemoryParameters(dom, params, flags) {
      checkFlags(flags, AFFECT, 'testDomainSetMemoryParameters');
      validateParams(params, { hard_limit: ULL, soft_limit: ULL, swap_hard_limit: ULL });
      const obj = store.require(dom);
      const { def } = obj.getOneDef(flags);
      const get = (f: string) => params.find((p) => p.field === f)?.value as bigint | undefined;
      const hard = get('hard_limit');
      const soft = get('soft_limit');
      const swap = get('swap_hard_limit');
      if (hard !== undefined || swap !== undefined) {
        // The check reads the running definition's limits, as the test driver does.
        const live = obj.def.memtune ?? {};
        const memLimit = hard ?? live.hardLimit ?? UNLIMITED;
        const swapLimit = swap ?? live.swapHardLimit ?? UNLIMITED;
        if (memLimit > swapLimit) throw reportConf(ErrorCode.InvalidArg, 'memory hard_limit tunable value must be lower than or equal to swap_hard_limit');
      }
      def.memtune ??= {};
      const limit = (v: bigint) => (v >= UNLIMITED ? undefined : v);
      if (soft !== undefined) def.memtune.softLimit = limit(soft);
      if (hard !== undefined) def.memtune.hardLimit = limit(hard);
      if (swap !== undefined) def.memtune.swapHardLimit = limit(swap);
    },

    // --- NUMA ---
    async domainGetNumaParameters(dom, nparams, flags) {
      checkFlags(flags, AFFECT | STRING_OKAY, 'testDomainGetNumaParameters');
      if (nparams === 0) return { params: [], nparams: 2 };
      const { def } = store.require(dom).getOneDef(flags & ~STRING_OKAY);
      const mem = def.numatune?.memory;
      const mode = mem ? NUMA_MODES.indexOf(mem.mode) : 0;
      return upTo([{ field: 'numa_mode', type: TypedParamType.Int, value: mode }, { field: 'numa_nodeset', type: STR, value: mem?.nodeset ?? '' }], nparams);
    },
    async domainSetNumaParameters(dom, params, flags) {
      checkFlags(flags, AFFECT, 'testDomainSetNumaParameters');
      validateParams(params, { numa_mode: TypedParamType.Int, numa_nodeset: STR });
      const { def, live } = store.require(dom).getOneDef(flags);
      let mode = -1;
      let nodeset: string | undefined;
      for (const p of params) {
        if (p.field === 'numa_mode') {
          mode = p.value as number;
          if (mode < 0 || mode >= NUMA_MODES.length) throw reportConf(ErrorCode.InvalidArg, `unsupported numatune mode: '${mode}'`);
        } else {
          const { parseBits, formatBits } = await import('../../conf/domain/cpuset.js');
          const bits = parseBits(p.value as string, 16384);
          if (bits.size === 0) throw reportConf(ErrorCode.OperationInvalid, `Invalid nodeset of 'numatune': ${p.value as string}`);
          nodeset = formatBits(bits);
        }
      }
      const mem = def.numatune?.memory;
      if (live && mode !== -1 && mem && NUMA_MODES.indexOf(mem.mode) !== mode) {
        throw reportConf(ErrorCode.OperationInvalid, "can't change numatune mode for running domain");
      }
      setNumatune(def, mode, nodeset);
    },

    // --- blkio ---
    async domainGetBlkioParameters(dom, nparams, flags) {
      checkFlags(flags, AFFECT | STRING_OKAY, 'testDomainGetBlkioParameters');
      if (nparams === 0) return { params: [], nparams: 6 };
      const { def } = store.require(dom).getOneDef(flags & ~STRING_OKAY);
      const all = [uint('weight', def.blkiotune?.weight ?? 0), ...BLKIO_FIELDS.map(([name, f]) => ({ field: name, type: STR, value: blkioString(def, f) }))];
      return upTo(all, nparams);
    },
    async domainSetBlkioParameters(dom, params, flags) {
      checkFlags(flags, AFFECT, 'testDomainSetBlkioParameters');
      validateParams(params, { weight: U, ...Object.fromEntries(BLKIO_FIELDS.map(([n]) => [n, STR])) });
      const { def } = store.require(dom).getOneDef(flags);
      // Every parameter is applied even after one fails; the first failure is reported.
      let failure: unknown;
      for (const p of params) {
        if (p.field === 'weight') {
          def.blkiotune ??= { devices: [] };
          def.blkiotune.weight = p.value as number;
          continue;
        }
        const field = BLKIO_FIELDS.find(([n]) => n === p.field)![1];
        try {
          mergeBlkio(def, parseBlkioDevices(p.value as string, p.field, field), field);
        } catch (e) {
          failure ??= e;
        }
      }
      if (failure) throw failure;
    },

    // --- interface bandwidth ---
    async domainGetInterfaceParameters(dom, device, nparams, flags) {
      checkFlags(flags, AFFECT | STRING_OKAY, 'testDomainGetInterfaceParameters');
      if (nparams === 0) return { params: [], nparams: 7 };
      const { def } = store.require(dom).getOneDef(flags & ~STRING_OKAY);
      const net = findNet(def, device);
      const i = readRate(net.bandwidth?.inbound);
      const o = readRate(net.bandwidth?.outbound);
      const all = [
        uint('inbound.average', i.average),
        uint('inbound.peak', i.peak),
        uint('inbound.burst', i.burst),
        uint('inbound.floor', i.floor),
        uint('outbound.average', o.average),
        uint('outbound.peak', o.peak),
        uint('outbound.burst', o.burst),
      ];
      return upTo(all, nparams);
    },
    async domainSetInterfaceParameters(dom, device, params, flags) {
      checkFlags(flags, AFFECT, 'testDomainSetInterfaceParameters');
      const names = ['inbound.average', 'inbound.peak', 'inbound.burst', 'inbound.floor', 'outbound.average', 'outbound.peak', 'outbound.burst'];
      validateParams(params, Object.fromEntries(names.map((n) => [n, U])));
      const { def } = store.require(dom).getOneDef(flags);
      const net = findNet(def, device);
      const inb: Rate = { average: 0, peak: 0, burst: 0, floor: 0 };
      const outb: Rate = { average: 0, peak: 0, burst: 0, floor: 0 };
      let inSpecified = false;
      let outSpecified = false;
      for (const p of params) {
        const [dir, key] = p.field.split('.') as ['inbound' | 'outbound', keyof Rate];
        (dir === 'inbound' ? inb : outb)[key] = p.value as number;
        if (dir === 'inbound' && (key === 'average' || key === 'floor')) inSpecified = true;
        if (dir === 'outbound' && key === 'average') outSpecified = true;
      }
      const hasIn = inb.average !== 0 || inb.floor !== 0;
      const hasOut = outb.average !== 0;
      if (!net.bandwidth) {
        net.bandwidth = { inbound: hasIn ? writeRate(inb) : undefined, outbound: hasOut ? writeRate(outb) : undefined };
        return;
      }
      if (hasIn) net.bandwidth.inbound = writeRate(inb);
      else if (inSpecified) net.bandwidth.inbound = undefined;
      if (hasOut) net.bandwidth.outbound = writeRate(outb);
      else if (outSpecified) net.bandwidth.outbound = undefined;
    },

    // --- perf events ---
    async domainGetPerfEvents(dom, flags) {
      checkFlags(flags, AFFECT | STRING_OKAY, 'testDomainGetPerfEvents');
      const { def } = store.require(dom).getOneDef(flags & ~STRING_OKAY);
      return PERF_EVENTS.map((name) => ({ field: name, type: TypedParamType.Boolean, value: def.perf.some(([n, e]) => n === name && e === 'yes') }));
    },
    async domainSetPerfEvents(dom, params, flags) {
      checkFlags(flags, AFFECT, 'testDomainSetPerfEvents');
      validateParams(params, Object.fromEntries(PERF_EVENTS.map((n) => [n, TypedParamType.Boolean])));
      const { def } = store.require(dom).getOneDef(flags);
      for (const p of params) {
        const enabled = p.value ? 'yes' : 'no';
        const at = def.perf.findIndex(([n]) => n === p.field);
        if (at >= 0) def.perf[at] = [p.field, enabled];
        else def.perf.push([p.field, enabled]);
      }
      // libvirt keeps the events in its enum order, which is how they are written back.
      def.perf.sort((a, b) => PERF_EVENTS.indexOf(a[0]) - PERF_EVENTS.indexOf(b[0]));
    },

    // --- block I/O throttling ---
    async domainGetBlockIoTune(dom, disk, nparams, flags) {
      checkFlags(flags, AFFECT | STRING_OKAY, 'testDomainGetBlockIoTune');
      if (nparams === 0) return { params: [], nparams: IOTUNE_FIELDS.length };
      const { def } = store.require(dom).getOneDef(flags & ~STRING_OKAY);
      const d = disk === null ? undefined : diskByName(def, disk);
      if (!d) throw report(ErrorCode.InvalidArg, `disk '${disk}' was not found in the domain config`);
      const vals = new Map(d.iotune ?? []);
      const all = IOTUNE_FIELDS.map((f): TypedParam => (f === 'group_name' ? { field: f, type: STR, value: vals.get(f) ?? '' } : ull(f, (vals.get(f) as bigint | undefined) ?? 0n)));
      return upTo(all, nparams);
    },
    async domainSetBlockIoTune(dom, path, params, flags) {
      checkFlags(flags, AFFECT, 'testDomainSetBlockIoTune');
      validateParams(params, Object.fromEntries(IOTUNE_FIELDS.map((f) => [f, f === 'group_name' ? STR : ULL])));
      const { def } = store.require(dom).getOneDef(flags);
      const d = diskByName(def, path);
      if (!d) throw report(ErrorCode.InvalidArg, `missing persistent configuration for disk '${path}'`);
      const info = new Map(d.iotune ?? []);
      for (const p of params) {
        if (p.field === 'group_name') {
          info.set(p.field, p.value as string);
          continue;
        }
        const v = p.value as bigint;
        if (v > IOTUNE_MAX) throw report(ErrorCode.ArgumentUnsupported, `block I/O throttle limit value must be no more than ${IOTUNE_MAX}`);
        info.set(p.field, v);
      }
      const get = (f: string) => (info.get(f) as bigint | undefined) ?? 0n;
      for (const kind of ['bytes_sec', 'iops_sec', 'bytes_sec_max', 'iops_sec_max']) {
        if (get(`total_${kind}`) && (get(`read_${kind}`) || get(`write_${kind}`))) {
          throw report(ErrorCode.InvalidArg, `total and read/write of ${kind} cannot be set at the same time`);
        }
      }
      for (const f of ['total_bytes_sec', 'read_bytes_sec', 'write_bytes_sec', 'total_iops_sec', 'read_iops_sec', 'write_iops_sec']) {
        if (get(f) > get(`${f}_max`)) throw report(ErrorCode.InvalidArg, `${f} cannot be set higher than ${f}_max `);
      }
      // Written back in the canonical order; zero limits and an empty group name are dropped.
      d.iotune = IOTUNE_FIELDS.flatMap((f): [string, bigint | string][] => {
        const v = info.get(f);
        return v === undefined || v === 0n || v === '' ? [] : [[f, v]];
      });
    },

    // --- lifecycle actions ---
    async domainSetLifecycleAction(dom, type, action, flags) {
      checkFlags(flags, AFFECT, 'testDomainSetLifecycleAction');
      lifecycleActionAllowed(type, action);
      const { live, config } = store.require(dom).getDefs(flags);
      const name = LIFECYCLE_ACTIONS[action];
      for (const def of [live, config]) {
        if (!def) continue;
        if (type === 0) def.onPoweroff = name;
        else if (type === 1) def.onReboot = name;
        else if (type === 2) def.onCrash = name;
      }
    },
  };
}

/** The block I/O tunables in the order the test driver reports them (and the XML lists them). */
const IOTUNE_FIELDS = [
  'total_bytes_sec', 'read_bytes_sec', 'write_bytes_sec', 'total_iops_sec', 'read_iops_sec', 'write_iops_sec',
  'total_bytes_sec_max', 'read_bytes_sec_max', 'write_bytes_sec_max', 'total_iops_sec_max', 'read_iops_sec_max', 'write_iops_sec_max',
  'size_iops_sec', 'group_name',
  'total_bytes_sec_max_length', 'read_bytes_sec_max_length', 'write_bytes_sec_max_length', 'total_iops_sec_max_length', 'read_iops_sec_max_length', 'write_iops_sec_max_length',
];
/** TEST_BLOCK_IOTUNE_MAX */
const IOTUNE_MAX = 1000000000000000n;

/** virDomainDiskByName: by target, or by source path. */
function diskByName(def: DomainDef, name: string): DiskDef | undefined {
  return def.devices.disks.find((d) => d.target.dev === name) ?? def.devices.disks.find((d) => d.source?.path === name);
}

/** virDomainDefLifecycleActionAllowed: power-off and reboot cannot dump core. */
function lifecycleActionAllowed(type: number, action: number): void {
  if (type > 1 || (action !== 4 && action !== 5)) return;
  const typeName = ['poweroff', 'reboot'][type];
  throw reportConf(ErrorCode.ConfigUnsupported, `Lifecycle event '${typeName}' doesn't support '${LIFECYCLE_ACTIONS[action]}' action`);
}

/** virDomainNumatuneSet for the whole-domain memory policy. */
function setNumatune(def: DomainDef, mode: number, nodeset: string | undefined): void {
  if (mode === -1 && nodeset === undefined) return;
  const specified = def.numatune?.memory !== undefined;
  const mem = def.numatune?.memory ?? { mode: 'strict', nodeset: undefined, placement: undefined };
  let placement: string | undefined = specified ? undefined : 'default';
  let newMode = mode;
  if (!specified && newMode === -1) newMode = 0;
  const next = { ...mem };
  if (newMode !== -1) next.mode = NUMA_MODES[newMode];
  if (nodeset !== undefined) {
    next.nodeset = nodeset;
    placement ??= 'static';
  }
  if (placement === 'default') placement = next.nodeset !== undefined || def.vcpu.placement === 'static' ? 'static' : 'auto';
  if (placement === 'static' && next.nodeset === undefined) {
    throw reportConf(ErrorCode.ConfigUnsupported, "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
  }
  if (placement === 'auto') next.nodeset = undefined;
  if (placement !== undefined) next.placement = placement;
  def.numatune ??= { memnodes: [] };
  def.numatune.memory = next;
}
