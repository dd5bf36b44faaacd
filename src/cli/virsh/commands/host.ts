// virsh's "Host and Hypervisor" group (virsh-host.c): connection facts, node resources, CPU models.
import type { Connect } from '../../../api/connect.js';
import { LIB_VERSION } from '../../../api/connect.js';
import { isEl, parseXml, type XmlEl } from '../../../conf/xml/parse.js';
import { attr, children, path } from '../../../conf/xml/read.js';
import { TypedParamType, type TypedParam } from '../../../driver/types.js';
import { ErrorDomain } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';

const UINT_MAX = 0xffffffffn;

/** VSH_EXCLUSIVE_OPTIONS_EXPR */
function exclusive(ctl: Ctl, a: string, hasA: boolean, b: string, hasB: boolean): boolean {
  if (!(hasA && hasB)) return false;
  ctl.error(`Options --${a} and --${b} are mutually exclusive`);
  return true;
}

/** Run an API call, turning its failure into virsh's own line followed by libvirt's error. */
async function orFail<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new CommandFailure(what, e);
  }
}

/** Left-justify in a field, as printf's %-Ns. */
const left = (s: string, n: number) => s.padEnd(n);
/** Right-justify in a field, as printf's %Ns / %Nd. */
const right = (s: string | number | bigint, n: number) => String(s).padStart(n);

/** virBitmapFormat over the bytes of a CPU map: "0-3,5". */
export function formatBitmapData(data: Uint8Array): string {
  const bits: number[] = [];
  for (let i = 0; i < data.length * 8; i++) if (data[i >> 3] & (1 << (i & 7))) bits.push(i);
  const parts: string[] = [];
  for (let k = 0; k < bits.length; ) {
    let end = k;
    while (end + 1 < bits.length && bits[end + 1] === bits[end] + 1) end++;
    parts.push(end === k ? `${bits[k]}` : `${bits[k]}-${bits[end]}`);
    k = end + 1;
  }
  return parts.join(',');
}

/** Parse the capabilities XML as virsh does; a failure is virsh's own message (the parse error already reported). */
async function capabilitiesTree(conn: Connect, url: string, parseFailure: string): Promise<XmlEl | undefined> {
  let xml: string;
  try {
    xml = await conn.getCapabilities();
  } catch (e) {
    throw new CommandFailure('unable to get node capabilities', e);
  }
  try {
    return await parseXml(xml, url, ErrorDomain.Xml);
  } catch (e) {
    throw new CommandFailure(parseFailure, e);
  }
}

/** /capabilities/host/topology/cells/cell */
function cellsOf(caps: XmlEl): XmlEl[] {
  if (caps.name !== 'capabilities') return [];
  const cells = path(caps, 'host', 'topology', 'cells');
  return cells ? children(cells, 'cell') : [];
}

/** virStrToLong_ul / _i on an attribute: digits only, optional sign, whole string. */
function parseIntAttr(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

const capabilities = defineCommand({
  name: 'capabilities',
  info: { help: 'show the capabilities of the hypervisor', desc: 'Prints the XML description of what the host and its hypervisor driver offer.' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    const caps = await orFail('failed to get capabilities', () => conn.getCapabilities());
    ctl.print(`${caps}\n`);
  },
});

const domcapabilities = defineCommand({
  name: 'domcapabilities',
  info: { help: 'show the capabilities of an emulator', desc: 'Prints what a given emulator, architecture, machine type and virtualization type support, as seen by the host and libvirt.' },
  opts: [
    { name: 'virttype', type: 'string', help: 'virtualization type (/domain/@type)' },
    { name: 'emulatorbin', type: 'string', help: 'emulator binary path (/domain/devices/emulator)' },
    { name: 'arch', type: 'string', help: 'architecture of the domain (/domain/os/type/@arch)' },
    { name: 'machine', type: 'string', help: 'machine type (/domain/os/type/@machine)' },
  ],
  async run(ctl, cmd) {
    const virttype = cmd.stringReq('virttype') ?? null;
    const emulatorbin = cmd.stringReq('emulatorbin') ?? null;
    const arch = cmd.stringReq('arch') ?? null;
    const machine = cmd.stringReq('machine') ?? null;
    const conn = await ctl.conn();
    const caps = await orFail('failed to get emulator capabilities', () => conn.getDomainCapabilities(emulatorbin, arch, machine, virttype, 0));
    ctl.print(`${caps}\n`);
  },
});

const freecell = defineCommand({
  name: 'freecell',
  info: { help: 'free memory of NUMA cells', desc: 'Shows how much memory is free in one NUMA cell, in all of them, or on the whole host.' },
  opts: [
    { name: 'cellno', type: 'int', help: 'number of the NUMA cell' },
    { name: 'all', type: 'bool', help: 'list free memory of every NUMA cell' },
  ],
  async run(ctl, cmd) {
    const all = cmd.has('all');
    const hasCell = cmd.has('cellno');
    if (exclusive(ctl, 'all', all, 'cellno', hasCell)) return false;
    const cell = hasCell ? cmd.int('cellno')! : -1;
    const conn = await ctl.conn();
    if (!all) {
      if (hasCell) {
        const [mem] = await conn.nodeGetCellsFreeMemory(cell, 1);
        ctl.print(`${cell}: ${mem / 1024n} KiB\n`);
        return true;
      }
      const free = await conn.nodeGetFreeMemory();
      ctl.print(`Total: ${free / 1024n} KiB\n`);
      return true;
    }
    const caps = await capabilitiesTree(conn, '(capabilities)', 'unable to get node capabilities');
    if (!caps) return false;
    const rows: [number, bigint][] = [];
    for (const node of cellsOf(caps)) {
      const id = parseIntAttr(attr(node, 'id'));
      if (id === undefined || id < 0) {
        ctl.error('conversion from string failed');
        return false;
      }
      let mems: bigint[];
      try {
        mems = await conn.nodeGetCellsFreeMemory(id, 1);
      } catch (e) {
        throw new CommandFailure(`failed to get free memory for NUMA node number: ${id}`, e);
      }
      rows.push([id, mems[0]]);
    }
    let total = 0n;
    for (const [id, mem] of rows) {
      ctl.print(`${right(id, 5)}: ${right(mem / 1024n, 10)} KiB\n`);
      total += mem;
    }
    ctl.printExtra('--------------------\n');
    ctl.printExtra(`${right('Total', 5)}: ${right(total / 1024n, 10)} KiB\n`);
    return true;
  },
});

/** Page sizes (KiB) from the capabilities: the host's list, else those of the cells; sorted, unique. */
function pageSizesOf(caps: XmlEl): number[] | string | undefined {
  const hostCpu = caps.name === 'capabilities' ? path(caps, 'host', 'cpu') : undefined;
  let nodes = hostCpu ? children(hostCpu, 'pages') : [];
  if (nodes.length === 0) nodes = cellsOf(caps).flatMap((c) => children(c, 'pages'));
  if (nodes.length === 0) return undefined;
  const sizes: number[] = [];
  for (const n of nodes) {
    const v = attr(n, 'size');
    const size = v !== undefined && /^\s*\+?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(size) || size > 0xffffffff) return v ?? '(null)';
    sizes.push(size);
  }
  sizes.sort((a, b) => a - b);
  return sizes.filter((s, i) => i === 0 || s !== sizes[i - 1]);
}

const freepages = defineCommand({
  name: 'freepages',
  info: { help: 'free pages of NUMA cells', desc: 'Shows how many pages of a given size are free in a NUMA cell, or in all of them.' },
  opts: [
    { name: 'cellno', type: 'int', help: 'number of the NUMA cell' },
    { name: 'pagesize', type: 'int', help: 'size of the pages, in KiB by default' },
    { name: 'all', type: 'bool', help: 'list free pages of every NUMA cell' },
  ],
  async run(ctl, cmd) {
    const all = cmd.has('all');
    const hasCell = cmd.has('cellno');
    const hasSize = cmd.has('pagesize');
    if (exclusive(ctl, 'all', all, 'cellno', hasCell)) return false;
    const bytes = cmd.scaled('pagesize', 1024, UINT_MAX) ?? 0n;
    const kib = Number((bytes + 1023n) / 1024n);
    if (all) {
      const conn = await ctl.conn();
      const caps = await capabilitiesTree(conn, 'capabilities', 'unable to parse node capabilities');
      if (!caps) return false;
      let sizes: number[];
      if (!hasSize) {
        const found = pageSizesOf(caps);
        if (found === undefined) {
          ctl.error('could not get information about supported page sizes');
          return false;
        }
        if (typeof found === 'string') {
          ctl.error(`unable to parse page size: ${found}`);
          return false;
        }
        sizes = found;
      } else {
        sizes = [kib];
      }
      for (const node of cellsOf(caps)) {
        const raw = attr(node, 'id');
        const cell = parseIntAttr(raw);
        if (cell === undefined) {
          ctl.error(`unable to parse numa node id: ${raw ?? '(null)'}`);
          return false;
        }
        const counts = await conn.nodeGetFreePages(sizes, cell, 1, 0);
        ctl.print(`Node ${cell}:\n`);
        sizes.forEach((s, j) => ctl.print(`${s}KiB: ${counts[j]}\n`));
        ctl.print('\n');
      }
      return true;
    }
    if (!hasCell) {
      ctl.error('missing cellno argument');
      return false;
    }
    const cell = cmd.int('cellno')!;
    if (cell < -1) {
      ctl.error('cell number must be non-negative integer or -1');
      return false;
    }
    if (!hasSize) {
      ctl.error('missing pagesize argument');
      return false;
    }
    const conn = await ctl.conn();
    const counts = await conn.nodeGetFreePages([kib], cell, 1, 0);
    ctl.print(`${kib}KiB: ${counts[0]}\n`);
    return true;
  },
});

/** virNodeAllocPages flags */
const ALLOC_PAGES_ADD = 1 << 0;
const ALLOC_PAGES_SET = 1 << 1;

const allocpages = defineCommand({
  name: 'allocpages',
  info: { help: 'change the size of a page pool', desc: 'Allocates or frees pages of a given size in the pool of a NUMA cell, or of every cell.' },
  opts: [
    { name: 'pagesize', type: 'int', required: true, help: 'size of the pages, in KiB by default' },
    { name: 'pagecount', type: 'int', required: true, help: 'number of pages' },
    { name: 'cellno', type: 'int', help: 'number of the NUMA cell' },
    { name: 'add', type: 'bool', help: 'grow the pool by the count rather than setting its size' },
    { name: 'all', type: 'bool', help: 'apply to every NUMA cell' },
  ],
  async run(ctl, cmd) {
    const all = cmd.has('all');
    const hasCell = cmd.has('cellno');
    if (exclusive(ctl, 'all', all, 'cellno', hasCell)) return false;
    const startCell = hasCell ? cmd.int('cellno')! : -1;
    const size = cmd.scaled('pagesize', 1024, UINT_MAX * 1024n)!;
    const pageSizes = [Number((size + 1023n) / 1024n)];
    const pageCounts = [cmd.ulonglong('pagecount')!];
    const flags = cmd.has('add') ? ALLOC_PAGES_ADD : ALLOC_PAGES_SET;
    const conn = await ctl.conn();
    if (!all) {
      await conn.nodeAllocPages(pageSizes, pageCounts, startCell, 1, flags);
      return true;
    }
    const caps = await capabilitiesTree(conn, '(capabilities)', 'unable to get node capabilities');
    if (!caps) return false;
    for (const node of cellsOf(caps)) {
      const id = parseIntAttr(attr(node, 'id'));
      if (id === undefined || id < 0) {
        ctl.error('conversion from string failed');
        return false;
      }
      await conn.nodeAllocPages(pageSizes, pageCounts, id, 1, flags);
    }
    return true;
  },
});

const maxvcpus = defineCommand({
  name: 'maxvcpus',
  info: { help: 'largest vCPU count for guests', desc: 'Shows the most virtual CPUs a guest may have on this connection.' },
  opts: [{ name: 'type', type: 'string', help: 'type of domain' }],
  async run(ctl, cmd) {
    const type = cmd.stringReq('type') ?? null;
    const conn = await ctl.conn();
    let vcpus = -1;
    let domcaps: string | undefined;
    try {
      domcaps = await conn.getDomainCapabilities(null, null, null, type, 0);
    } catch {
      // Older or simpler drivers have no domain capabilities; virsh asks the plain API then.
    }
    if (domcaps !== undefined) {
      const root = await parseXml(domcaps, '(domainCapabilities)', ErrorDomain.Xml);
      const vcpu = children(root, 'vcpu')[0];
      const max = parseIntAttr(attr(vcpu, 'max'));
      if (max !== undefined) vcpus = max;
    }
    if (vcpus < 0) vcpus = await conn.getMaxVcpus(type);
    ctl.print(`${vcpus}\n`);
    return true;
  },
});

const nodeinfo = defineCommand({
  name: 'nodeinfo',
  info: { help: 'basic facts about the host', desc: 'Prints the host CPU model and counts, its frequency, NUMA cells and memory size.' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    const info = await orFail('failed to get node information', () => conn.nodeGetInfo());
    let out = `${left('CPU model:', 20)} ${info.model}\n`;
    out += `${left('CPU(s):', 20)} ${info.cpus}\n`;
    if (info.mhz) out += `${left('CPU frequency:', 20)} ${info.mhz} MHz\n`;
    out += `${left('CPU socket(s):', 20)} ${info.sockets}\n`;
    out += `${left('Core(s) per socket:', 20)} ${info.cores}\n`;
    out += `${left('Thread(s) per core:', 20)} ${info.threads}\n`;
    out += `${left('NUMA cell(s):', 20)} ${info.nodes}\n`;
    out += `${left('Memory size:', 20)} ${info.memory} KiB\n`;
    ctl.print(out);
  },
});

const nodecpumap = defineCommand({
  name: 'nodecpumap',
  info: { help: 'map of the host CPUs', desc: 'Prints how many CPUs the host has, how many are online, and which ones.' },
  opts: [{ name: 'pretty', type: 'bool', help: 'list online CPUs as ranges' }],
  async run(ctl, cmd) {
    const conn = await ctl.conn();
    const map = await orFail('Unable to get cpu map', () => conn.nodeGetCPUMap(0));
    let out = `${left('CPUs present:', 15)} ${map.cpus}\n`;
    out += `${left('CPUs online:', 15)} ${map.online}\n`;
    out += `${left('CPU map:', 15)} `;
    if (cmd.has('pretty')) {
      out += formatBitmapData(map.cpumap.subarray(0, (map.cpus + 7) >> 3));
    } else {
      for (let cpu = 0; cpu < map.cpus; cpu++) out += map.cpumap[cpu >> 3] & (1 << (cpu & 7)) ? 'y' : '-';
    }
    ctl.print(`${out}\n`);
  },
});

/** virsh's names for the node CPU counters, in its output order, keyed by the API's field names. */
const CPU_FIELDS = [
  { field: 'user', label: 'user:' },
  { field: 'kernel', label: 'system:' },
  { field: 'idle', label: 'idle:' },
  { field: 'iowait', label: 'iowait:' },
  { field: 'intr', label: 'intr:' },
  { field: 'utilization', label: 'usage:' },
] as const;
const USAGE = 5;

/** printf("%5.1lf") including glibc's spelling of 0/0. */
function percent(v: number): string {
  if (Number.isNaN(v)) return right('-nan', 5);
  return right(v.toFixed(1), 5);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const nodecpustats = defineCommand({
  name: 'nodecpustats',
  info: { help: 'host CPU counters', desc: 'Prints the CPU time counters of the host, or of one CPU, in nanoseconds or as percentages over one second.' },
  opts: [
    { name: 'cpu', type: 'int', help: 'only this CPU' },
    { name: 'percent', type: 'bool', help: 'show percentages measured over one second' },
  ],
  async run(ctl, cmd) {
    const asPercent = cmd.has('percent');
    const cpuNum = cmd.has('cpu') ? cmd.int('cpu')! : -1;
    const conn = await ctl.conn();
    const { nparams } = await orFail('Unable to get number of cpu stats', () => conn.nodeGetCPUStats(cpuNum, 0, 0));
    if (nparams === 0) return true;
    const stats: bigint[] = CPU_FIELDS.map(() => 0n);
    const present: boolean[] = CPU_FIELDS.map(() => false);
    for (let pass = 0; pass < 2; pass++) {
      const { params } = await orFail('Unable to get node cpu stats', () => conn.nodeGetCPUStats(cpuNum, nparams, 0));
      for (const p of params) {
        const k = CPU_FIELDS.findIndex((f) => f.field === p.field);
        if (k < 0) continue;
        if (pass === 0) {
          stats[k] = p.value;
          present[k] = true;
        } else if (present[k]) {
          stats[k] = BigInt.asUintN(64, p.value - stats[k]);
        }
      }
      if (present[USAGE] || !asPercent) break;
      await sleep(1000);
    }
    let out = '';
    if (!asPercent) {
      for (let i = 0; i < USAGE; i++) if (present[i]) out += `${left(CPU_FIELDS[i].label, 15)} ${right(stats[i], 20)}\n`;
      ctl.print(out);
      return true;
    }
    if (present[USAGE]) {
      // "%5.1llu": a precision on an integer conversion only pads with zeros to one digit.
      out += `${left('usage:', 15)} ${right(stats[USAGE], 5)}%\n`;
      out += `${left('idle:', 15)} ${right(BigInt.asUintN(64, 100n - stats[USAGE]), 5)}%\n`;
    } else {
      let total = 0;
      for (let i = 0; i < USAGE; i++) total += Number(stats[i]);
      const usage = ((Number(stats[0]) + Number(stats[1])) / total) * 100;
      out += `${left('usage:', 15)} ${percent(usage)}%\n`;
      for (let i = 0; i < USAGE; i++) if (present[i]) out += `${left(CPU_FIELDS[i].label, 15)} ${percent((Number(stats[i]) / total) * 100)}%\n`;
    }
    ctl.print(out);
    return true;
  },
});

const nodememstats = defineCommand({
  name: 'nodememstats',
  info: { help: 'host memory counters', desc: 'Prints the memory counters of the host, or of one NUMA cell, in KiB.' },
  opts: [{ name: 'cell', type: 'int', help: 'only this NUMA cell' }],
  async run(ctl, cmd) {
    const cellNum = cmd.has('cell') ? cmd.int('cell')! : -1;
    const conn = await ctl.conn();
    const { nparams } = await orFail('Unable to get number of memory stats', () => conn.nodeGetMemoryStats(cellNum, 0, 0));
    if (nparams === 0) return true;
    const { params } = await orFail('Unable to get memory stats', () => conn.nodeGetMemoryStats(cellNum, nparams, 0));
    ctl.print(params.map((p) => `${left(p.field, 7)}: ${right(p.value, 20)} KiB\n`).join(''));
    return true;
  },
});

const nodesevinfo = defineCommand({
  name: 'nodesevinfo',
  info: { help: 'SEV facts about the host', desc: 'Prints what the host offers for AMD Secure Encrypted Virtualization.' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    const params = await orFail('Unable to get host SEV information', () => conn.nodeGetSEVInfo(0));
    ctl.print(params.map((p) => `${left(p.field, 18)}: ${String(p.value)}\n`).join(''));
    return true;
  },
});

/** virNodeSuspendTarget names, by number. */
const SUSPEND_TARGETS = ['mem', 'disk', 'hybrid'];

const nodesuspend = defineCommand({
  name: 'nodesuspend',
  info: { help: 'suspend the host for a while', desc: 'Puts the host to sleep (to RAM, to disk, or both) and wakes it up after the given number of seconds.' },
  opts: [
    { name: 'target', type: 'data', required: true, help: 'mem (to RAM), disk (to disk) or hybrid (both)' },
    { name: 'duration', type: 'int', required: true, help: 'seconds to stay suspended, 60 or more' },
  ],
  async run(ctl, cmd) {
    const target = cmd.stringReq('target')!;
    const duration = cmd.longlong('duration')!;
    const t = SUSPEND_TARGETS.indexOf(target);
    if (t < 0) {
      ctl.error('Invalid target');
      return false;
    }
    if (duration < 0n) {
      ctl.error('Invalid duration');
      return false;
    }
    const conn = await ctl.conn();
    await orFail('The host was not suspended', () => conn.nodeSuspendForDuration(t, duration, 0));
    return true;
  },
});

const sysinfo = defineCommand({
  name: 'sysinfo',
  info: { help: 'show the hypervisor sysinfo', desc: 'Prints the host system information (SMBIOS) as XML, when the driver has it.' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    ctl.print(await orFail('failed to get sysinfo', () => conn.getSysinfo(0)));
  },
});

const hostname = defineCommand({
  name: 'hostname',
  info: { help: 'show the hypervisor host name', desc: '' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    ctl.print(`${await orFail('failed to get hostname', () => conn.getHostname())}\n`);
  },
});

const uri = defineCommand({
  name: 'uri',
  info: { help: 'show the canonical URI of the connection', desc: '' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    ctl.print(`${await orFail('failed to get URI', () => conn.getURI())}\n`);
  },
});

/** Serialise a parsed element back to XML text (for handing CPU definitions to the driver). */
function serialize(el: XmlEl, rename?: string, dropAttrs = false): string {
  const name = rename ?? el.name;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = `<${name}`;
  if (!dropAttrs) for (const k of el.attrOrder) out += ` ${k}="${esc(el.attrs[k]).replace(/"/g, '&quot;')}"`;
  if (el.children.length === 0) return `${out}/>`;
  out += '>';
  for (const c of el.children) {
    if (isEl(c)) out += serialize(c);
    else if ('text' in c) out += esc(c.text);
    else if ('cdata' in c) out += `<![CDATA[${c.cdata}]]>`;
    else out += `<!--${c.comment}-->`;
  }
  return `${out}</${name}>`;
}

/**
 * vshExtractCPUDefXMLs: the <cpu> definitions in a file holding bare CPUs, domains, host
 * capabilities or domain capabilities (whose usable host-model <mode> stands for a CPU).
 */
async function extractCpuDefs(ctl: Ctl, file: string): Promise<string[] | undefined> {
  const buffer = await ctl.readFile(file);
  let doc = buffer;
  const declEnd = buffer.startsWith('<?xml') ? buffer.indexOf('?>') : -1;
  if (declEnd >= 0) doc = buffer.slice(declEnd + 2);
  const root = await parseXml(`<container>${doc}</container>`, file, ErrorDomain.Xml);
  const found: string[] = [];
  // XPath union: the matches come out in document order.
  const walk = (el: XmlEl, depth: string) => {
    for (const c of children(el)) {
      const at = `${depth}/${c.name}`;
      if (at === '/cpu' || at === '/domain/cpu' || at === '/capabilities/host/cpu') found.push(serialize(c));
      else if (at === '/domainCapabilities/cpu/mode' && c.attrs.name === 'host-model' && c.attrs.supported === 'yes') found.push(serialize(c, 'cpu', true));
      if (at === '/domain' || at === '/capabilities' || at === '/capabilities/host' || at === '/domainCapabilities' || at === '/domainCapabilities/cpu') walk(c, at);
    }
  };
  walk(root, '');
  if (found.length === 0) {
    ctl.error(`File '${file}' does not contain any <cpu> element or valid domain XML, host capabilities XML, or domain capabilities XML`);
    return undefined;
  }
  return found;
}

/** virCPUCompareResult */
const CPU_INCOMPATIBLE = 0;
const CPU_IDENTICAL = 1;
const CPU_SUPERSET = 2;
/** virConnectCompareCPUFlags / virConnectBaselineCPUFlags */
const COMPARE_FAIL_INCOMPATIBLE = 1 << 0;
const COMPARE_VALIDATE_XML = 1 << 1;
const BASELINE_EXPAND_FEATURES = 1 << 0;
const BASELINE_MIGRATABLE = 1 << 1;

const fileOpt = (help: string, required = true): OptDef => (required ? { name: 'file', type: 'data', required: true, help } : { name: 'file', type: 'string', help });

const cpuCompare = defineCommand({
  name: 'cpu-compare',
  info: { help: 'compare the host CPU with a CPU from an XML file', desc: 'Tells whether a CPU described in XML can run on the host CPU.' },
  opts: [
    fileOpt('XML file describing a CPU'),
    { name: 'error', type: 'bool', help: 'fail when the CPUs are incompatible' },
    { name: 'validate', type: 'bool', help: 'check the XML against the schema' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('error')) flags |= COMPARE_FAIL_INCOMPATIBLE;
    if (cmd.has('validate')) flags |= COMPARE_VALIDATE_XML;
    const from = cmd.stringReq('file')!;
    const conn = await ctl.conn();
    const cpus = await extractCpuDefs(ctl, from);
    if (!cpus) return false;
    const result = await orFail(`Failed to compare host CPU with ${from}`, () => conn.compareCPU(cpus[0], flags));
    switch (result) {
      case CPU_INCOMPATIBLE:
        ctl.print(`CPU described in ${from} is incompatible with host CPU\n`);
        return false;
      case CPU_IDENTICAL:
        ctl.print(`CPU described in ${from} is identical to host CPU\n`);
        return true;
      case CPU_SUPERSET:
        ctl.print(`Host CPU is a superset of CPU described in ${from}\n`);
        return true;
      default:
        ctl.error(`Failed to compare host CPU with ${from}`);
        return false;
    }
  },
});

const cpuBaseline = defineCommand({
  name: 'cpu-baseline',
  info: { help: 'compute a baseline CPU', desc: 'Computes a CPU that every CPU described in the file can provide.' },
  opts: [
    fileOpt('XML file describing CPUs'),
    { name: 'features', type: 'bool', help: 'list every feature of the chosen model too' },
    { name: 'migratable', type: 'bool', help: 'leave out features that prevent migration' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('features')) flags |= BASELINE_EXPAND_FEATURES;
    if (cmd.has('migratable')) flags |= BASELINE_MIGRATABLE;
    const from = cmd.stringReq('file')!;
    const conn = await ctl.conn();
    const cpus = await extractCpuDefs(ctl, from);
    if (!cpus) return false;
    ctl.print(await conn.baselineCPU(cpus, flags));
    return true;
  },
});

const cpuModels = defineCommand({
  name: 'cpu-models',
  info: { help: 'list CPU models', desc: 'Lists the CPU models known for an architecture.' },
  opts: [{ name: 'arch', type: 'data', required: true, help: 'the architecture' }],
  async run(ctl, cmd) {
    const arch = cmd.stringReq('arch')!;
    const conn = await ctl.conn();
    const models = await orFail('failed to get CPU model names', () => conn.getCPUModelNames(arch, 0));
    if (models.length === 0) ctl.printExtra('all CPU models are accepted\n');
    else ctl.print(models.map((m) => `${m}\n`).join(''));
    return true;
  },
});

/** "major.minor.release" from libvirt's version number. */
function versionText(v: number): string {
  return `${Math.floor(v / 1_000_000)}.${Math.floor((v % 1_000_000) / 1000)}.${v % 1000}`;
}

const version = defineCommand({
  name: 'version',
  info: { help: 'show versions', desc: 'Prints the versions of the library, its API and the running hypervisor.' },
  opts: [{ name: 'daemon', type: 'bool', help: 'include the version of the daemon' }],
  async run(ctl, cmd) {
    const conn = await ctl.conn();
    const hvType = await orFail('failed to get hypervisor type', () => conn.getType());
    let out = `Compiled against library: libvirt ${versionText(LIB_VERSION)}\n`;
    out += `Using library: libvirt ${versionText(LIB_VERSION)}\n`;
    out += `Using API: ${hvType} ${versionText(LIB_VERSION)}\n`;
    ctl.print(out);
    const hv = await orFail('failed to get the hypervisor version', () => conn.getVersion());
    if (hv === 0) ctl.print(`Cannot extract running ${hvType} hypervisor version\n`);
    else ctl.print(`Running hypervisor: ${hvType} ${versionText(hv)}\n`);
    if (cmd.has('daemon')) {
      try {
        ctl.print(`Running against daemon: ${versionText(await conn.getLibVersion())}\n`);
      } catch {
        // virsh reports this and still succeeds.
        ctl.error('failed to get the daemon version');
      }
    }
    return true;
  },
});

/** Node memory tunables, in the order virsh adds them. */
const MEMORY_TUNABLES = [
  { opt: 'shm-pages-to-scan', field: 'shm_pages_to_scan' },
  { opt: 'shm-sleep-millisecs', field: 'shm_sleep_millisecs' },
  { opt: 'shm-merge-across-nodes', field: 'shm_merge_across_nodes' },
] as const;

const nodeMemoryTune = defineCommand({
  name: 'node-memory-tune',
  info: { help: 'show or change host memory tunables', desc: 'Shows the host memory tunables, or changes those given.\n    To show them, run with no options:\n\n    virsh # node-memory-tune' },
  opts: [
    { name: 'shm-pages-to-scan', type: 'int', help: 'pages the shared memory service scans before it sleeps' },
    { name: 'shm-sleep-millisecs', type: 'int', help: 'milliseconds the shared memory service sleeps between scans' },
    { name: 'shm-merge-across-nodes', type: 'int', help: 'whether pages of different NUMA nodes may be merged' },
  ],
  async run(ctl, cmd) {
    const params: TypedParam[] = [];
    for (const t of MEMORY_TUNABLES) {
      const v = cmd.uint(t.opt);
      if (v !== undefined) params.push({ field: t.field, type: TypedParamType.UInt, value: v });
    }
    const conn = await ctl.conn();
    if (params.length) {
      await orFail('Unable to change memory parameters', () => conn.nodeSetMemoryParameters(params, 0));
      return true;
    }
    const { nparams } = await orFail('Unable to get number of memory parameters', () => conn.nodeGetMemoryParameters(0, 0));
    if (nparams === 0) return true;
    const got = await orFail('Unable to get memory parameters', () => conn.nodeGetMemoryParameters(nparams, 0));
    let out = 'Shared memory:\n';
    for (const p of got.params) out += `\t${left(p.field, 15)} ${typedParamText(p.value)}\n`;
    ctl.print(out);
    return true;
  },
});

/** vshGetTypedParamValue for the scalar kinds node parameters use. */
function typedParamText(v: number | bigint | boolean | string): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

const hypervisorOpts: OptDef[] = [
  { name: 'virttype', type: 'string', help: 'virtualization type (/domain/@type)' },
  { name: 'emulator', type: 'string', help: 'emulator binary path (/domain/devices/emulator)' },
  { name: 'arch', type: 'string', help: 'CPU architecture (/domain/os/type/@arch)' },
  { name: 'machine', type: 'string', help: 'machine type (/domain/os/type/@machine)' },
];

function hypervisorArgs(cmd: ParsedCommand) {
  return {
    virttype: cmd.stringReq('virttype') ?? null,
    emulator: cmd.stringReq('emulator') ?? null,
    arch: cmd.stringReq('arch') ?? null,
    machine: cmd.stringReq('machine') ?? null,
  };
}

const hypervisorCpuCompare = defineCommand({
  name: 'hypervisor-cpu-compare',
  info: { help: 'compare a CPU with what the hypervisor can provide on this host', desc: 'Tells whether a CPU described in XML can be provided by the hypervisor on this host.' },
  opts: [
    fileOpt('XML file describing a CPU'),
    ...hypervisorOpts,
    { name: 'error', type: 'bool', help: 'fail when the CPUs are incompatible' },
    { name: 'validate', type: 'bool', help: 'check the XML against the schema' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('error')) flags |= COMPARE_FAIL_INCOMPATIBLE;
    if (cmd.has('validate')) flags |= COMPARE_VALIDATE_XML;
    const from = cmd.stringReq('file')!;
    const a = hypervisorArgs(cmd);
    const conn = await ctl.conn();
    const cpus = await extractCpuDefs(ctl, from);
    if (!cpus) return false;
    const result = await orFail(`Failed to compare hypervisor CPU with ${from}`, () => conn.compareHypervisorCPU(a.emulator, a.arch, a.machine, a.virttype, cpus[0], flags));
    switch (result) {
      case CPU_INCOMPATIBLE:
        ctl.print(`CPU described in ${from} is incompatible with the CPU provided by hypervisor on the host\n`);
        return false;
      case CPU_IDENTICAL:
        ctl.print(`CPU described in ${from} is identical to the CPU provided by hypervisor on the host\n`);
        return true;
      case CPU_SUPERSET:
        ctl.print(`The CPU provided by hypervisor on the host is a superset of CPU described in ${from}\n`);
        return true;
      default:
        ctl.error(`Failed to compare hypervisor CPU with ${from}`);
        return false;
    }
  },
});

const hypervisorCpuBaseline = defineCommand({
  name: 'hypervisor-cpu-baseline',
  info: { help: 'compute a baseline CPU the hypervisor can provide', desc: 'Computes a CPU that every CPU described in the file can provide, shaped for the given hypervisor.' },
  opts: [
    fileOpt('XML file describing CPUs', false),
    ...hypervisorOpts,
    { name: 'features', type: 'bool', help: 'list every feature of the chosen model too' },
    { name: 'migratable', type: 'bool', help: 'leave out features that prevent migration' },
    { name: 'model', type: 'string', help: 'a single CPU model with no extra features, instead of a file' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('features')) flags |= BASELINE_EXPAND_FEATURES;
    if (cmd.has('migratable')) flags |= BASELINE_MIGRATABLE;
    const from = cmd.stringReq('file');
    const a = hypervisorArgs(cmd);
    const model = cmd.stringReq('model');
    if (exclusive(ctl, 'file', !!from, 'model', !!model)) return false;
    if (!from && !model) {
      ctl.error('Either --file or --model must be provided');
      return false;
    }
    const conn = await ctl.conn();
    let list: string[];
    if (from) {
      const cpus = await extractCpuDefs(ctl, from);
      if (!cpus) return false;
      list = cpus;
    } else {
      list = [`<cpu><model>${model}</model></cpu>`];
    }
    ctl.print(await conn.baselineHypervisorCPU(a.emulator, a.arch, a.machine, a.virttype, list, flags));
    return true;
  },
});

export const commands: CommandDef[] = [
  allocpages,
  capabilities,
  cpuBaseline,
  cpuCompare,
  cpuModels,
  domcapabilities,
  freecell,
  freepages,
  hostname,
  hypervisorCpuBaseline,
  hypervisorCpuCompare,
  maxvcpus,
  nodeMemoryTune,
  nodecpumap,
  nodecpustats,
  nodeinfo,
  nodememstats,
  nodesevinfo,
  nodesuspend,
  sysinfo,
  uri,
  version,
];
