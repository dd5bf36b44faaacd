// virsh's CPU commands of the "Domain Management" group (virsh-domain.c): vCPU information and
// pinning, emulator pinning, vCPU hot(un)plug, IOThreads and CPU statistics. Messages and tables
// are virsh's; help texts ours. Part of the group's command list (see domain.ts).
import type { Connect } from '../../../api/connect.js';
import type { Domain } from '../../../api/domain.js';
import { bitsFromMap, formatBits, mapFromBits, parseBits } from '../../../conf/domain/cpuset.js';
import { IOThreadParam, TypedParamType, type TypedParam } from '../../../driver/types.js';
import { CommandFailure, defineCommand, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { printTable, Table } from '../../vsh/table.js';
import { typedParamValue } from './typed-param-text.js';
import { domainXmlTree, elKid, exclusive, optConfig, optCurrent, optLive, orFail } from './domain-monitor.js';
import { commandDomain, domainOpt } from './lookup.js';

const AFFECT_LIVE = 1;
const AFFECT_CONFIG = 2;
const VCPU_MAXIMUM = 4;

/** VIRSH_COMMON_OPT_DOMAIN_CONFIG / _LIVE / _CURRENT */
export const impactOpts = (): OptDef[] => [optConfig('change the persistent configuration'), optLive('change the running domain'), optCurrent('change the running domain, or the configuration if it is stopped')];

/** --current excludes --live and --config; the flags for the other two. */
export function impactFlags(cmd: ParsedCommand): number {
  exclusive(cmd, 'current', 'live');
  exclusive(cmd, 'current', 'config');
  let flags = 0;
  if (cmd.has('config')) flags |= AFFECT_CONFIG;
  if (cmd.has('live')) flags |= AFFECT_LIVE;
  return flags;
}

/** virBitmapDataFormat */
export function mapText(map: Uint8Array): string {
  return formatBits(bitsFromMap(map));
}

export { typedParamValue };

/** virshNodeGetCPUCount: the host CPU count from the CPU map, else from the node info. */
export async function nodeCpuCount(conn: Connect): Promise<number> {
  try {
    return (await conn.nodeGetCPUMap(0)).cpus;
  } catch {
    const info = await conn.nodeGetInfo();
    return info.nodes * info.sockets * info.cores * info.threads;
  }
}

/** virshParseCPUList: 'r' for every CPU, else a CPU set within the host's CPUs. */
export function parseCpuList(cpulist: string, maxcpu: number): Uint8Array {
  const maplen = Math.floor((maxcpu + 7) / 8);
  if (cpulist[0] === 'r') return mapFromBits(Array.from({ length: maxcpu }, (_, i) => i), maplen);
  let bits: Set<number>;
  try {
    bits = parseBits(cpulist, 1024);
  } catch (e) {
    throw new CommandFailure(`Invalid cpulist '${cpulist}'`, e);
  }
  if (bits.size === 0) throw new CommandFailure(`Invalid cpulist '${cpulist}'`);
  const last = Math.max(...bits);
  if (last >= maxcpu) throw new CommandFailure(`CPU ${last} in cpulist '${cpulist}' exceed the maxcpu ${maxcpu}`);
  // virBitmapToData sizes the map by the bitmap, i.e. up to its last CPU.
  return mapFromBits(bits, Math.floor(last / 8) + 1);
}

const VCPU_STATES = ['offline', 'running', 'blocked'];

function affinityLine(ctl: Ctl, map: Uint8Array, maxcpu: number, pretty: boolean): void {
  let s = `${'CPU Affinity:'.padEnd(15)} `;
  if (pretty) s += `${mapText(map)} (out of ${maxcpu})`;
  else for (let i = 0; i < maxcpu; i++) s += map[i >> 3] & (1 << (i & 7)) ? 'y' : '-';
  ctl.print(`${s}\n`);
}

/** virshDomainGetVcpuBitmap: the vCPUs enabled in the persistent configuration. */
async function configVcpus(ctl: Ctl, dom: Domain): Promise<number[]> {
  const root = await domainXmlTree(dom, 2);
  const v = elKid(root, 'vcpu');
  const max = Number(v ? v.children.map((c) => ('text' in c ? c.text : '')).join('') : NaN);
  if (!Number.isInteger(max)) throw new CommandFailure('Failed to retrieve maximum vcpu count');
  let cur = Number(v?.attrs.current ?? 0);
  if (!cur) cur = max;
  return Array.from({ length: cur }, (_, i) => i);
}

const vcpuinfo = defineCommand({
  name: 'vcpuinfo',
  info: { help: 'detailed domain vcpu information', desc: "Prints each vCPU of a domain: the host CPU it runs on, its state, its time and its affinity." },
  opts: [domainOpt(), { name: 'pretty', type: 'bool', help: 'show the affinity as CPU ranges' }],
  async run(ctl, cmd) {
    const pretty = cmd.has('pretty');
    const { dom } = await commandDomain(ctl, cmd);
    const conn = await ctl.conn();
    const maxcpu = await nodeCpuCount(conn);
    const info = await dom.getInfo();
    const maplen = Math.floor((maxcpu + 7) / 8);
    let vcpus;
    try {
      vcpus = await dom.getVcpus(info.nrVirtCpu, maplen);
    } catch (e) {
      if (info.state !== 5) throw e;
      // A stopped domain: its pinning from the configuration, nothing else.
      const ids = await configVcpus(ctl, dom);
      const maps = await dom.getVcpuPinInfo(ids.length, maplen, AFFECT_CONFIG);
      ids.forEach((id, k) => {
        if (k > 0) ctl.print('\n');
        ctl.print(`${'VCPU:'.padEnd(15)} ${id}\n${'CPU:'.padEnd(15)} N/A\n${'State:'.padEnd(15)} N/A\n${'CPU time'.padEnd(15)} N/A\n`);
        affinityLine(ctl, maps[id] ?? new Uint8Array(maplen), maxcpu, pretty);
      });
      return true;
    }
    vcpus.info.forEach((v, n) => {
      ctl.print(`${'VCPU:'.padEnd(15)} ${v.number}\n${'CPU:'.padEnd(15)} ${v.cpu}\n${'State:'.padEnd(15)} ${VCPU_STATES[v.state] ?? 'no state'}\n`);
      if (v.cpuTime !== 0n) ctl.print(`${'CPU time:'.padEnd(15)} ${(Number(v.cpuTime) / 1e9).toFixed(1)}s\n`);
      affinityLine(ctl, vcpus.cpumaps[n] ?? new Uint8Array(maplen), maxcpu, pretty);
      if (n < vcpus.info.length - 1) ctl.print('\n');
    });
    return true;
  },
});

/** virshCPUCountCollect for vcpupin: -1 when the domain is not in the asked state. */
async function vcpuCount(dom: Domain, flags: number): Promise<number> {
  if (flags & AFFECT_LIVE && !(await dom.isActive().catch(() => false))) return -1;
  if (flags & AFFECT_CONFIG && !(await dom.isPersistent().catch(() => false))) return -1;
  return dom.getVcpusFlags(flags);
}

const vcpupin = defineCommand({
  name: 'vcpupin',
  info: { help: 'control or query domain vcpu affinity', desc: 'Pins a vCPU to a set of host CPUs, or prints the pinning of every vCPU.' },
  opts: [
    domainOpt(),
    { name: 'vcpu', type: 'int', help: 'the vCPU number' },
    { name: 'cpulist', type: 'string', emptyOk: true, help: "host CPUs ('1-3,^2' style), or 'r' for all of them" },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const current = cmd.has('current');
    const flags = impactFlags(cmd);
    const cpulist = cmd.stringReq('cpulist');
    if (cpulist === undefined) exclusive(cmd, 'live', 'config');
    const vcpu = cmd.uint('vcpu');
    if (cpulist !== undefined && vcpu === undefined) throw new CommandFailure('vcpupin: Missing vCPU number in pin mode.');
    const conn = await ctl.conn();
    const maxcpu = await nodeCpuCount(conn);
    const { dom } = await commandDomain(ctl, cmd);
    if (cpulist === undefined) {
      const ncpus = await vcpuCount(dom, flags | VCPU_MAXIMUM);
      if (ncpus === -1) throw new CommandFailure(flags & AFFECT_LIVE ? 'cannot get vcpupin for offline domain' : 'cannot get vcpupin for transient domain');
      if (vcpu !== undefined && vcpu >= ncpus) {
        const live = flags & AFFECT_LIVE || (!(flags & AFFECT_CONFIG) && (await dom.isActive().catch(() => false)));
        throw new CommandFailure(live ? `vcpu ${vcpu} is out of range of live cpu count ${ncpus}` : `vcpu ${vcpu} is out of range of persistent cpu count ${ncpus}`);
      }
      const maplen = Math.floor((maxcpu + 7) / 8);
      const maps = await dom.getVcpuPinInfo(ncpus, maplen, flags);
      const table = new Table(['VCPU', 'CPU Affinity']);
      maps.forEach((m, i) => {
        if (vcpu === undefined || i === vcpu) table.addRow([String(i), mapText(m)]);
      });
      printTable(ctl, table);
      return true;
    }
    const map = parseCpuList(cpulist, maxcpu);
    await dom.pinVcpu(vcpu!, map, flags === 0 && !current ? null : flags);
    return true;
  },
});

const emulatorpin = defineCommand({
  name: 'emulatorpin',
  info: { help: 'control or query domain emulator affinity', desc: "Pins the domain's emulator threads to a set of host CPUs, or prints their pinning." },
  opts: [domainOpt(), { name: 'cpulist', type: 'string', emptyOk: true, help: "host CPUs ('1-3,^2' style), or 'r' for all of them" }, ...impactOpts()],
  async run(ctl, cmd) {
    const any = cmd.has('current') || cmd.has('live') || cmd.has('config');
    let flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const cpulist = cmd.stringReq('cpulist');
    const conn = await ctl.conn();
    const maxcpu = await nodeCpuCount(conn);
    if (cpulist === undefined) {
      const map = await dom.getEmulatorPinInfo(Math.floor((maxcpu + 7) / 8), flags);
      ctl.printExtra('emulator: CPU Affinity\n');
      ctl.printExtra('----------------------------------\n');
      ctl.printExtra('       *: ');
      ctl.print(`${mapText(map)}\n`);
      return true;
    }
    const map = parseCpuList(cpulist, maxcpu);
    if (!any) flags = AFFECT_LIVE;
    await dom.pinEmulator(map, flags);
    return true;
  },
});

const guestvcpus = defineCommand({
  name: 'guestvcpus',
  info: { help: 'query or modify state of vcpu in the guest (via agent)', desc: 'Prints or changes which vCPUs the guest has online, through the guest agent.' },
  opts: [
    domainOpt(),
    { name: 'cpulist', type: 'string', help: 'the vCPUs to change' },
    { name: 'enable', type: 'bool', help: 'bring them online' },
    { name: 'disable', type: 'bool', help: 'take them offline' },
  ],
  async run(ctl, cmd) {
    const enable = cmd.has('enable');
    const disable = cmd.has('disable');
    exclusive(cmd, 'enable', 'disable');
    if (enable && !cmd.has('cpulist')) throw new CommandFailure('Option --cpulist is required by option --enable');
    if (disable && !cmd.has('cpulist')) throw new CommandFailure('Option --cpulist is required by option --disable');
    const cpulist = cmd.stringReq('cpulist');
    if (cpulist !== undefined && !(enable || disable)) throw new CommandFailure('One of options --enable or --disable is required by option --cpulist');
    const { dom } = await commandDomain(ctl, cmd);
    if (cpulist !== undefined) {
      await dom.setGuestVcpus(cpulist, enable ? 1 : 0, 0);
      return true;
    }
    for (const p of await dom.getGuestVcpus(0)) ctl.print(`${p.field.padEnd(15)}: ${typedParamValue(p)}\n`);
    return true;
  },
});

const setvcpu = defineCommand({
  name: 'setvcpu',
  info: { help: 'attach/detach vcpu or groups of threads', desc: 'Adds or removes individual vCPUs of a domain.' },
  opts: [
    domainOpt(),
    { name: 'vcpulist', type: 'data', required: true, help: 'the vCPUs to change' },
    { name: 'enable', type: 'bool', help: 'add them' },
    { name: 'disable', type: 'bool', help: 'remove them' },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const enable = cmd.has('enable');
    exclusive(cmd, 'enable', 'disable');
    const flags = impactFlags(cmd);
    if (!(enable || cmd.has('disable'))) throw new CommandFailure('one of --enable, --disable is required');
    const vcpulist = cmd.stringReq('vcpulist') ?? '';
    const { dom } = await commandDomain(ctl, cmd);
    await dom.setVcpu(vcpulist, enable ? 1 : 0, flags);
    return true;
  },
});

// --- IOThreads ---
const iothreadinfo = defineCommand({
  name: 'iothreadinfo',
  info: { help: 'view domain IOThreads', desc: "Lists a domain's IOThreads and the host CPUs each may run on." },
  opts: [domainOpt(), ...impactOpts()],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const info = await orFail('Unable to get domain IOThreads information', () => dom.getIOThreadInfo(flags));
    if (info.length === 0) {
      ctl.printExtra('No IOThreads found for the domain');
      return true;
    }
    const table = new Table(['IOThread ID', 'CPU Affinity']);
    for (const t of info) table.addRow([String(t.iothreadId), mapText(t.cpumap)]);
    printTable(ctl, table);
    return true;
  },
});

const iothreadpin = defineCommand({
  name: 'iothreadpin',
  info: { help: 'control domain IOThread affinity', desc: 'Pins an IOThread to a set of host CPUs.' },
  opts: [
    domainOpt(),
    { name: 'iothread', type: 'int', required: true, help: 'the IOThread id' },
    { name: 'cpulist', type: 'data', required: true, help: "host CPUs ('1-3,^2' style), or 'r' for all of them" },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const id = cmd.uint('iothread') ?? 0;
    const cpulist = cmd.stringReq('cpulist') ?? '';
    const maxcpu = await nodeCpuCount(await ctl.conn());
    await dom.pinIOThread(id, parseCpuList(cpulist, maxcpu), flags);
    return true;
  },
});

function iothreadId(cmd: ParsedCommand): number {
  const id = cmd.int('id') ?? 0;
  if (id <= 0) throw new CommandFailure(`Invalid IOThread id value: '${id}'`);
  return id;
}

const iothreadadd = defineCommand({
  name: 'iothreadadd',
  info: { help: 'add an IOThread to the guest domain', desc: 'Gives a domain one more IOThread, with the given id.' },
  opts: [domainOpt(), { name: 'id', type: 'int', required: true, help: 'the new IOThread id' }, ...impactOpts()],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    await dom.addIOThread(iothreadId(cmd), flags);
    return true;
  },
});

const iothreaddel = defineCommand({
  name: 'iothreaddel',
  info: { help: 'delete an IOThread from the guest domain', desc: 'Removes the IOThread with the given id from a domain.' },
  opts: [domainOpt(), { name: 'id', type: 'int', required: true, help: 'the IOThread id' }, ...impactOpts()],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    await dom.delIOThread(iothreadId(cmd), flags);
    return true;
  },
});

const iothreadset = defineCommand({
  name: 'iothreadset',
  info: { help: 'modifies an existing IOThread of the guest domain', desc: "Changes an IOThread's polling and thread-pool settings." },
  opts: [
    domainOpt(),
    { name: 'id', type: 'int', required: true, help: 'the IOThread id' },
    { name: 'poll-max-ns', type: 'int', help: 'the longest polling time, in ns (0 turns polling off)' },
    { name: 'poll-grow', type: 'int', help: 'how much the polling time grows' },
    { name: 'poll-shrink', type: 'int', help: 'how much the polling time shrinks' },
    { name: 'thread-pool-min', type: 'int', help: 'the fewest worker threads' },
    { name: 'thread-pool-max', type: 'int', help: 'the most worker threads' },
    ...impactOpts(),
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const id = iothreadId(cmd);
    const params: TypedParam[] = [];
    const max = cmd.ulonglong('poll-max-ns');
    if (max !== undefined) params.push({ field: IOThreadParam.POLL_MAX_NS, type: TypedParamType.ULLong, value: max });
    for (const [f, field] of [
      ['poll-grow', IOThreadParam.POLL_GROW],
      ['poll-shrink', IOThreadParam.POLL_SHRINK],
    ]) {
      const v = cmd.uint(f);
      if (v !== undefined) params.push({ field, type: TypedParamType.UInt, value: v });
    }
    for (const [f, field] of [
      ['thread-pool-min', IOThreadParam.THREAD_POOL_MIN],
      ['thread-pool-max', IOThreadParam.THREAD_POOL_MAX],
    ]) {
      const v = cmd.int(f);
      if (v !== undefined) params.push({ field, type: TypedParamType.Int, value: v });
    }
    if (params.length === 0) throw new CommandFailure('Not enough arguments passed, nothing to set');
    await dom.setIOThreadParams(id, params, flags);
    return true;
  },
});

// --- cpu-stats ---
const TIME_FIELDS = new Set(['cpu_time', 'vcpu_time', 'user_time', 'system_time']);

function statLine(p: TypedParam): string {
  const head = `\t${p.field.padEnd(12)} `;
  if (TIME_FIELDS.has(p.field) && p.type === TypedParamType.ULLong) {
    const v = p.value as bigint;
    return `${head}${String(v / 1000000000n).padStart(9)}.${String(v % 1000000000n).padStart(9, '0')} seconds\n`;
  }
  return `${head}${typedParamValue(p)}\n`;
}

const cpuStats = defineCommand({
  name: 'cpu-stats',
  info: { help: 'show domain cpu statistics', desc: "Prints a running domain's CPU time, per host CPU and in total." },
  opts: [
    domainOpt(),
    { name: 'total', type: 'bool', help: 'only the total' },
    { name: 'start', type: 'int', help: 'the first host CPU to show' },
    { name: 'count', type: 'int', help: 'how many host CPUs to show' },
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    let showTotal = cmd.has('total');
    let showPerCpu = false;
    let cpu = 0;
    let count = -1;
    const start = cmd.int('start');
    if (start !== undefined) {
      if (start < 0) throw new CommandFailure('Invalid value for start CPU');
      cpu = start;
      showPerCpu = true;
    }
    const c = cmd.int('count');
    if (c !== undefined) {
      if (c < 0) throw new CommandFailure('Invalid value for number of CPUs to show');
      count = c;
      showPerCpu = true;
    }
    if (!showTotal && !showPerCpu) showTotal = showPerCpu = true;
    const failed = (e: unknown) => new CommandFailure(`Failed to retrieve CPU statistics for domain '${dom.name}'`, e);
    const stats = async (nparams: number, startCpu: number, ncpus: number) => {
      try {
        return await dom.getCPUStats(nparams, startCpu, ncpus, 0);
      } catch (e) {
        throw failed(e);
      }
    };
    if (showPerCpu) {
      const maxId = (await stats(0, 0, 0)).nparams;
      if (cpu >= maxId) throw new CommandFailure(`Start CPU ${cpu} is out of range (min: 0, max: ${maxId - 1})`);
      if (count < 0 || count > maxId) {
        if (count > maxId) ctl.print(`Only ${maxId} CPUs available to show\n`);
        count = maxId - cpu;
      }
      const nparams = (await stats(0, 0, 1)).nparams;
      if (!nparams) {
        ctl.print('No per-CPU stats available');
        if (!showTotal) return false;
      } else {
        while (count > 0) {
          const ncpus = Math.min(count, 128);
          const got = await stats(nparams, cpu, ncpus);
          for (let i = 0; i < ncpus; i++) {
            const slot = got.params.slice(i * nparams, (i + 1) * nparams);
            if (slot.length === 0) continue;
            ctl.print(`CPU${cpu + i}:\n`);
            for (const p of slot) ctl.print(statLine(p));
          }
          cpu += ncpus;
          count -= ncpus;
        }
        if (!showTotal) return true;
      }
    }
    const nTotal = (await stats(0, -1, 1)).nparams;
    if (!nTotal) {
      ctl.print('No total stats available');
      return false;
    }
    const total = await stats(nTotal, -1, 1);
    ctl.print('Total:\n');
    for (const p of total.params) ctl.print(statLine(p));
    return true;
  },
});

export const cpuCommands = { cpuStats, emulatorpin, guestvcpus, iothreadadd, iothreaddel, iothreadinfo, iothreadpin, iothreadset, setvcpu, vcpuinfo, vcpupin };
