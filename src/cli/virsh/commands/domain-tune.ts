// virsh's tuning commands of the "Domain Management" group (virsh-domain.c): memtune, blkiotune,
// numatune, perf, domiftune, blkdeviotune and set-lifecycle-action. Each either prints the
// current typed parameters ("name : value") or sets the ones given. Messages are virsh's; help
// texts ours. Part of the group's command list (see domain.ts).
import { TypedParamType, type TypedParam } from '../../../driver/types.js';
import { CommandFailure, defineCommand, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { impactFlags, impactOpts, typedParamValue } from './domain-cpu.js';
import { orFail } from './domain-monitor.js';
import { commandDomain, domainOpt } from './lookup.js';

/** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED */
const UNLIMITED = 9007199254740991n;
const NUMA_MODES = ['strict', 'preferred', 'interleave', 'restrictive'];
const LLONG_MAX = 0x7fffffffffffffffn;
const ULLONG_MAX = 0xffffffffffffffffn;

function printParams(ctl: Ctl, params: TypedParam[], show: (p: TypedParam) => string = typedParamValue): void {
  for (const p of params) ctl.print(`${p.field.padEnd(15)}: ${show(p)}\n`);
}

/** The get half of a tunable: count first, then the values (virsh's two calls). */
async function showParams(
  ctl: Ctl,
  get: (n: number) => Promise<{ params: TypedParam[]; nparams: number }>,
  countError: string,
  getError: string,
  show?: (p: TypedParam) => string,
): Promise<boolean> {
  const n = (await orFail(countError, () => get(0))).nparams;
  if (n === 0) return true;
  const { params } = await orFail(getError, () => get(n));
  printParams(ctl, params, show);
  return true;
}

// --- memtune ---
/** virScaleInteger's suffixes, as powers of 1024 (or 1000 for the SI forms). */
function scaleSuffix(suffix: string, base: bigint): bigint | undefined {
  if (suffix === '') return base;
  const m = /^([kmgtpe])(i?b)?$/i.exec(suffix) ?? /^([kmgtpe])b$/i.exec(suffix);
  if (/^b(ytes?)?$/i.test(suffix)) return 1n;
  if (!m) return undefined;
  const power = BigInt('kmgtpe'.indexOf(m[1].toLowerCase()) + 1);
  const si = m[2] !== undefined && m[2].toLowerCase() === 'b' && suffix.length === 2;
  return (si ? 1000n : 1024n) ** power;
}

/** virshMemtuneGetSize: KiB from a scaled number; a negative number means unlimited. */
function memtuneSize(cmd: ParsedCommand, name: string): bigint | undefined {
  const raw = cmd.string(name);
  if (raw === undefined) return undefined;
  const fail = () => new CommandFailure(`Unable to parse integer parameter ${name}`);
  const m = /^\s*([+-]?\d+)(.*)$/.exec(raw);
  if (!m) throw fail();
  const v = BigInt(m[1]);
  if (v < -(1n << 63n) || v > LLONG_MAX) throw fail();
  if (v < 0n) return UNLIMITED;
  const scale = scaleSuffix(m[2], 1024n);
  if (scale === undefined) throw fail();
  const bytes = v * scale;
  if (bytes > LLONG_MAX) throw fail();
  return (bytes + 1023n) / 1024n;
}

const memtune = defineCommand({
  name: 'memtune',
  info: { help: 'Get or set memory parameters', desc: "Prints a domain's memory limits, or changes the ones given (sizes in KiB unless a unit is given; -1 for no limit)." },
  opts: [
    domainOpt(),
    { name: 'hard-limit', type: 'int', help: 'the most memory the guest may use' },
    { name: 'soft-limit', type: 'int', help: 'the memory the guest is held to when the host is short' },
    { name: 'swap-hard-limit', type: 'int', help: 'the most memory plus swap the guest may use' },
    { name: 'min-guarantee', type: 'int', help: 'the least memory the guest is promised' },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const params: TypedParam[] = [];
    for (const [opt, field] of [
      ['hard-limit', 'hard_limit'],
      ['soft-limit', 'soft_limit'],
      ['swap-hard-limit', 'swap_hard_limit'],
      ['min-guarantee', 'min_guarantee'],
    ]) {
      const v = memtuneSize(cmd, opt);
      if (v !== undefined) params.push({ field, type: TypedParamType.ULLong, value: v });
    }
    if (params.length === 0) {
      const show = (p: TypedParam) => (p.type === TypedParamType.ULLong && p.value === UNLIMITED ? 'unlimited' : typedParamValue(p));
      return showParams(ctl, (n) => dom.getMemoryParameters(n, flags), 'Unable to get number of memory parameters', 'Unable to get memory parameters', show);
    }
    await orFail('Unable to change memory parameters', () => dom.setMemoryParameters(params, flags));
    return true;
  },
});

// --- blkiotune ---
const BLKIO_OPTS: [string, string][] = [
  ['device-weights', 'device_weight'],
  ['device-read-iops-sec', 'device_read_iops_sec'],
  ['device-write-iops-sec', 'device_write_iops_sec'],
  ['device-read-bytes-sec', 'device_read_bytes_sec'],
  ['device-write-bytes-sec', 'device_write_bytes_sec'],
];

const blkiotune = defineCommand({
  name: 'blkiotune',
  info: { help: 'Get or set blkio parameters', desc: "Prints a domain's block I/O weights and limits, or changes the ones given." },
  opts: [
    domainOpt(),
    { name: 'weight', type: 'int', help: 'the I/O weight (100 to 1000)' },
    { name: 'device-weights', type: 'string', help: "per-device weights: 'path,weight,path,weight'" },
    { name: 'device-read-iops-sec', type: 'string', help: "per-device read operations per second: 'path,n,…'" },
    { name: 'device-write-iops-sec', type: 'string', help: "per-device write operations per second: 'path,n,…'" },
    { name: 'device-read-bytes-sec', type: 'string', help: "per-device bytes read per second: 'path,n,…'" },
    { name: 'device-write-bytes-sec', type: 'string', help: "per-device bytes written per second: 'path,n,…'" },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const params: TypedParam[] = [];
    const weight = cmd.int('weight');
    if (weight !== undefined) {
      if (weight <= 0) throw new CommandFailure(`Invalid value of ${weight} for I/O weight`);
      params.push({ field: 'weight', type: TypedParamType.UInt, value: weight });
    }
    for (const [opt, field] of BLKIO_OPTS) {
      const v = cmd.string(opt);
      if (v !== undefined) params.push({ field, type: TypedParamType.String, value: v });
    }
    if (params.length === 0) return showParams(ctl, (n) => dom.getBlkioParameters(n, flags), 'Unable to get number of blkio parameters', 'Unable to get blkio parameters');
    await orFail('Unable to change blkio parameters', () => dom.setBlkioParameters(params, flags));
    return true;
  },
});

// --- numatune ---
const numatune = defineCommand({
  name: 'numatune',
  info: { help: 'Get or set numa parameters', desc: "Prints a domain's NUMA memory policy, or changes its mode or node set." },
  opts: [
    domainOpt(),
    { name: 'mode', type: 'string', help: 'the policy: strict, interleave, preferred or restrictive (or its number)' },
    { name: 'nodeset', type: 'string', help: 'the host NUMA nodes to use' },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const params: TypedParam[] = [];
    const nodeset = cmd.stringReq('nodeset');
    if (nodeset !== undefined) params.push({ field: 'numa_nodeset', type: TypedParamType.String, value: nodeset });
    const mode = cmd.stringReq('mode');
    if (mode !== undefined) {
      let m = NUMA_MODES.indexOf(mode);
      if (m < 0) {
        m = parseCInt(mode) ?? -1;
        if (!/^\s*[+-]?(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(mode)) throw new CommandFailure(`Invalid mode: ${mode}`);
      }
      params.push({ field: 'numa_mode', type: TypedParamType.Int, value: m });
    }
    if (params.length === 0) {
      const show = (p: TypedParam) => (p.field === 'numa_mode' && p.type === TypedParamType.Int ? (NUMA_MODES[p.value as number] ?? '(null)') : typedParamValue(p));
      return showParams(ctl, (n) => dom.getNumaParameters(n, flags), 'Unable to get number of memory parameters', 'Unable to get numa parameters', show);
    }
    await orFail('Unable to change numa parameters', () => dom.setNumaParameters(params, flags));
    return true;
  },
});

/** virStrToLong_i with base 0 (decimal, 0x hex, 0 octal). */
function parseCInt(s: string): number | undefined {
  const t = s.trim();
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[0-7]*$/.test(body)) v = parseInt(body, 8);
  else if (/^\d+$/.test(body)) v = parseInt(body, 10);
  else return undefined;
  return neg ? -v : v;
}

// --- perf ---
function eventParams(list: string | undefined, state: boolean, out: TypedParam[]): void {
  if (list === undefined) return;
  for (const name of list.split(',')) if (name !== '') out.push({ field: name, type: TypedParamType.Boolean, value: state });
}

function printPerf(ctl: Ctl, params: TypedParam[]): void {
  for (const p of params) ctl.printExtra(`${p.field.padEnd(15)}: ${p.type === TypedParamType.Boolean && p.value ? 'enabled' : 'disabled'}\n`);
}

const perf = defineCommand({
  name: 'perf',
  info: { help: 'Get or set perf event', desc: 'Prints which perf events are counted for a domain, or turns some on or off.' },
  opts: [
    domainOpt(),
    { name: 'enable', type: 'string', help: 'events to turn on (comma-separated)' },
    { name: 'disable', type: 'string', help: 'events to turn off (comma-separated)' },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const enable = cmd.stringReq('enable');
    const disable = cmd.stringReq('disable');
    const { dom } = await commandDomain(ctl, cmd);
    const params: TypedParam[] = [];
    eventParams(enable, true, params);
    eventParams(disable, false, params);
    if (params.length === 0) {
      printPerf(ctl, await orFail('Unable to get perf events', () => dom.getPerfEvents(flags)));
      return true;
    }
    await orFail('Unable to enable/disable perf events', () => dom.setPerfEvents(params, flags));
    printPerf(ctl, params);
    return true;
  },
});

// --- domiftune ---
type Rate = { average: bigint; peak: bigint; burst: bigint; floor: bigint };

/** virshParseRateStr: "average,peak,burst,floor" with empty fields allowed. */
function parseRate(s: string): Rate {
  const tok = s.split(',');
  if (tok.length > 4) throw new CommandFailure(`Rate string '${s}' has too many fields`);
  const r: Rate = { average: 0n, peak: 0n, burst: 0n, floor: 0n };
  (['average', 'peak', 'burst', 'floor'] as const).forEach((k, i) => {
    const t = tok[i];
    if (t === undefined || t === '') return;
    if (!/^\s*\+?\d+$/.test(t) || BigInt(t.trim()) > ULLONG_MAX) throw new CommandFailure(`field '${k}' is malformed`);
    r[k] = BigInt(t.trim());
  });
  return r;
}

const UINT_MAX = 4294967295n;
const uint = (field: string, v: bigint): TypedParam => ({ field, type: TypedParamType.UInt, value: Number(v) });

const domiftune = defineCommand({
  name: 'domiftune',
  info: { help: 'get/set parameters of a virtual interface', desc: "Prints a domain interface's bandwidth limits, or changes them." },
  opts: [
    domainOpt(),
    { name: 'interface', type: 'data', required: true, help: 'the interface (target device or MAC address)' },
    { name: 'inbound', type: 'string', help: "incoming limits: 'average,peak,burst,floor'" },
    { name: 'outbound', type: 'string', help: "outgoing limits: 'average,peak,burst'" },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const device = cmd.stringReq('interface') ?? '';
    const inStr = cmd.stringReq('inbound');
    const outStr = cmd.stringReq('outbound');
    const params: TypedParam[] = [];
    if (inStr !== undefined) {
      const r = parseRate(inStr);
      if (r.average > UINT_MAX || r.peak > UINT_MAX || r.burst > UINT_MAX) throw new CommandFailure(`inbound rate larger than maximum ${UINT_MAX}`);
      if (!r.average && (r.burst || r.peak) && !r.floor) throw new CommandFailure('either inbound average or floor is mandatory');
      params.push(uint('inbound.average', r.average));
      if (r.peak) params.push(uint('inbound.peak', r.peak));
      if (r.burst) params.push(uint('inbound.burst', r.burst));
      if (r.floor) params.push(uint('inbound.floor', r.floor));
    }
    if (outStr !== undefined) {
      const r = parseRate(outStr);
      if (r.average > UINT_MAX || r.peak > UINT_MAX || r.burst > UINT_MAX) throw new CommandFailure(`outbound rate larger than maximum ${UINT_MAX}`);
      if (!r.average && (r.burst || r.peak)) throw new CommandFailure('outbound average is mandatory');
      if (r.floor) throw new CommandFailure('outbound floor is unsupported yet');
      params.push(uint('outbound.average', r.average));
      if (r.peak) params.push(uint('outbound.peak', r.peak));
      if (r.burst) params.push(uint('outbound.burst', r.burst));
    }
    if (params.length === 0) {
      return showParams(ctl, (n) => dom.getInterfaceParameters(device, n, flags), 'Unable to get number of interface parameters', 'Unable to get interface parameters');
    }
    await orFail('Unable to set interface parameters', () => dom.setInterfaceParameters(device, params, flags));
    return true;
  },
});

// --- blkdeviotune ---
const SCALED_IOTUNE = ['total-bytes-sec', 'read-bytes-sec', 'write-bytes-sec', 'total-bytes-sec-max', 'read-bytes-sec-max', 'write-bytes-sec-max'];
const PLAIN_IOTUNE = [
  'total-iops-sec',
  'read-iops-sec',
  'write-iops-sec',
  'total-iops-sec-max',
  'read-iops-sec-max',
  'write-iops-sec-max',
  'size-iops-sec',
  'total-bytes-sec-max-length',
  'read-bytes-sec-max-length',
  'write-bytes-sec-max-length',
  'total-iops-sec-max-length',
  'read-iops-sec-max-length',
  'write-iops-sec-max-length',
];
/** The options in virsh's order, each with its old underscore spelling as an alias. */
const IOTUNE_OPT_ORDER = [
  'total-bytes-sec', 'read-bytes-sec', 'write-bytes-sec', 'total-iops-sec', 'read-iops-sec', 'write-iops-sec',
  'total-bytes-sec-max', 'read-bytes-sec-max', 'write-bytes-sec-max', 'total-iops-sec-max', 'read-iops-sec-max', 'write-iops-sec-max',
  'size-iops-sec', 'group-name',
  'total-bytes-sec-max-length', 'read-bytes-sec-max-length', 'write-bytes-sec-max-length', 'total-iops-sec-max-length', 'read-iops-sec-max-length', 'write-iops-sec-max-length',
];

function iotuneOpts(): OptDef[] {
  const out: OptDef[] = [];
  for (const name of IOTUNE_OPT_ORDER) {
    out.push({ name: name.replaceAll('-', '_'), type: 'alias', help: name });
    if (name === 'group-name') out.push({ name, type: 'string', help: 'the throttling group to share limits with' });
    else out.push({ name, type: 'int', help: `the ${name.replaceAll('-', ' ')} limit` });
  }
  return out;
}

const blkdeviotune = defineCommand({
  name: 'blkdeviotune',
  info: { help: 'Set or query a block device I/O tuning parameters.', desc: "Prints a disk's I/O throttling limits, or changes the ones given." },
  opts: [domainOpt(), { name: 'device', type: 'data', required: true, help: 'the disk (target or source path)' }, ...iotuneOpts(), ...impactOpts()],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const disk = cmd.stringReq('device') ?? '';
    const params: TypedParam[] = [];
    const intError = (e: unknown) => {
      // The option parser's own message comes first, then virsh's.
      ctl.error((e as Error).message);
      return new CommandFailure('Unable to parse integer parameter');
    };
    for (const opt of SCALED_IOTUNE) {
      let v: bigint | undefined;
      try {
        v = cmd.scaled(opt, 1, ULLONG_MAX);
      } catch (e) {
        throw intError(e);
      }
      if (v !== undefined) params.push({ field: opt.replaceAll('-', '_'), type: TypedParamType.ULLong, value: v });
    }
    for (const opt of PLAIN_IOTUNE) {
      let v: bigint | undefined;
      try {
        v = cmd.ulonglong(opt);
      } catch (e) {
        throw intError(e);
      }
      if (v !== undefined) params.push({ field: opt.replaceAll('-', '_'), type: TypedParamType.ULLong, value: v });
    }
    const group = cmd.stringReq('group-name');
    if (group !== undefined) params.push({ field: 'group_name', type: TypedParamType.String, value: group });
    if (params.length === 0) {
      const n = (await orFail('Unable to get number of block I/O throttle parameters', () => dom.getBlockIoTune(null, 0, flags))).nparams;
      if (n === 0) return true;
      const { params: got } = await orFail('Unable to get block I/O throttle parameters', () => dom.getBlockIoTune(disk, n, flags));
      printParams(ctl, got);
      return true;
    }
    await orFail('Unable to change block I/O throttle', () => dom.setBlockIoTune(disk, params, flags));
    return true;
  },
});

// --- set-lifecycle-action ---
const LIFECYCLE_TYPES = ['poweroff', 'reboot', 'crash'];
const LIFECYCLE_ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart'];

const setLifecycleAction = defineCommand({
  name: 'set-lifecycle-action',
  info: { help: 'change lifecycle actions', desc: 'Sets what happens to a domain when the guest powers off, reboots or crashes.' },
  opts: [
    domainOpt(),
    { name: 'type', type: 'data', required: true, help: 'the event: poweroff, reboot or crash' },
    { name: 'action', type: 'data', required: true, help: 'the action: destroy, restart, rename-restart, preserve, coredump-destroy or coredump-restart' },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const typeStr = cmd.stringReq('type') ?? '';
    const actionStr = cmd.stringReq('action') ?? '';
    const type = LIFECYCLE_TYPES.indexOf(typeStr);
    if (type < 0) throw new CommandFailure(`Invalid lifecycle type '${typeStr}'.`);
    const action = LIFECYCLE_ACTIONS.indexOf(actionStr);
    if (action < 0) throw new CommandFailure(`Invalid lifecycle action '${actionStr}'.`);
    const { dom } = await commandDomain(ctl, cmd);
    await orFail('Unable to change lifecycle action.', () => dom.setLifecycleAction(type, action, flags));
    return true;
  },
});

export const tuneCommands = { blkdeviotune, blkiotune, domiftune, memtune, numatune, perf, setLifecycleAction };
