// virsh's "Networking" group (virsh-network.c): virtual networks, their DHCP leases and ports.
// The capacity, info-line and error helpers at the top serve the pool and volume groups too.
import type { Network } from '../../../api/network.js';
import { ListNetworksFlags, NetworkUpdateCommand, NetworkUpdateFlags, NetworkUpdateSection, NetworkXMLFlags } from '../../../api/network.js';
import { ErrorCode, VirError } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import { chooseEvent, filterOrEveryObject, waitForEvents, waitOptions } from './domain-events.js'; // events area
import { exclusive } from './shared/exclusive-options.js';
import {
  BY_NAME,
  BY_UUID,
  actionCommand,
  attempt,
  autostartCommand,
  collectByState,
  dumpxmlCommand,
  editCommand,
  fileOpt,
  fromFileCommand,
  lookupByUuidOrName,
  propertyCommand,
  stateListFlags,
  validateOpt,
  type ObjectKind,
} from './shared/object-commands.js';
import { strcasecmp } from './shared/virsh-strings.js';
import { dumpXml } from './shared/xml-output.js';

// --- shared helpers (virsh-util.c, vsh.c) ---

export function isCode(e: unknown, code: ErrorCode): boolean {
  return e instanceof VirError && e.code === code;
}

/** Run a query whose failure virsh shows as a fallback text instead of an error. */
export async function orElse<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch {
    return fallback;
  }
}

/** vshPrettyCapacity + "%.2lf %s": the value in the largest binary unit it reaches. */
export function prettyCapacity(val: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let div = 1n;
  for (const unit of units) {
    if (val < div * 1024n) return `${printfFixed(Number(val) / Number(div), 2)} ${unit}`;
    div *= 1024n;
  }
  return `${printfFixed(Number(val) / Number(div), 2)} EiB`;
}

/**
 * printf("%.Nf") of a non-negative double: the exact binary value rounded half to even, as glibc
 * does (Number#toFixed rounds exact halves up, so 1.125 would become 1.13 instead of 1.12).
 */
export function printfFixed(x: number, digits: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = biased - 1075;
  }
  let num = mant * 10n ** BigInt(digits);
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  let q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  if (digits === 0) return q.toString();
  const s = q.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** "%-15s %s\n" lines of the *-info commands. */
export function infoLine(label: string, value: string): string {
  return `${label.padEnd(15)} ${value}\n`;
}

// The Domain and Backup groups take these from here; their home is shared/.
export { dumpXml } from './shared/xml-output.js';
export { editLoop } from './shared/xml-editor.js';

// --- network lookups ---

/** VIRSH_COMMON_OPT_NETWORK */
function networkOpt(help = 'network name or UUID'): OptDef {
  return { name: 'network', type: 'data', required: true, help };
}

/**
 * virshCommandOptNetworkBy: by UUID when the text has a UUID's length, else (or then) by name;
 * a miss is "failed to get network" followed by libvirt's reason.
 */
export async function networkFromOpt(ctl: Ctl, cmd: ParsedCommand, by = BY_UUID | BY_NAME): Promise<{ net: Network; name: string }> {
  const n = cmd.stringReq('network')!;
  const conn = await ctl.conn();
  const net = await lookupByUuidOrName(n, by, 'network', { byUuid: (u) => conn.networkLookupByUUIDString(u), byName: (m) => conn.networkLookupByName(m) });
  return { net, name: n };
}

const NETWORK: ObjectKind<Network> = {
  noun: 'network',
  label: 'Network',
  opt: networkOpt,
  find: async (ctl, cmd, by) => {
    const { net, name } = await networkFromOpt(ctl, cmd, by);
    return { obj: net, name };
  },
};

// --- commands ---

const netAutostart = autostartCommand(NETWORK, 'net-autostart', {
  help: 'set a network to start on boot',
  desc: 'Mark a network to be started automatically when the host boots, or clear that mark.',
});

function createOrDefine(verb: 'create' | 'define'): CommandDef {
  const create = verb === 'create';
  return fromFileCommand(NETWORK, {
    name: `net-${verb}`,
    info: create
      ? { help: 'start a network from an XML file', desc: 'Start a transient network described by an XML file.' }
      : { help: 'define (or redefine) a persistent network from an XML file', desc: 'Add a persistent network from an XML description, or replace the definition of an existing one.' },
    verb,
    fileHelp: 'XML file describing the network',
    opts: [validateOpt],
    flags: (_ctl, cmd) => (cmd.has('validate') ? 1 : 0),
    call: (conn, xml, flags) => (create ? conn.networkCreateXML(xml, flags) : conn.networkDefineXML(xml, flags)),
  });
}

const netDestroy = actionCommand(NETWORK, {
  name: 'net-destroy',
  info: { help: 'stop a network', desc: 'Stop a running network at once.' },
  verb: 'destroy',
  done: 'destroyed',
  act: (n) => n.destroy(),
});
const netStart = actionCommand(NETWORK, {
  name: 'net-start',
  info: { help: 'start a defined, inactive network', desc: 'Start a network that has been defined but is not running.' },
  verb: 'start',
  done: 'started',
  act: (n) => n.create(),
});
const netUndefine = actionCommand(NETWORK, {
  name: 'net-undefine',
  info: { help: 'remove a persistent network', desc: 'Remove the persistent definition of a network.' },
  verb: 'undefine',
  done: 'has been undefined',
  act: (n) => n.undefine(),
});

const netDumpxml = dumpxmlCommand(NETWORK, {
  name: 'net-dumpxml',
  info: { help: 'show a network as XML', desc: 'Print the XML description of a network on standard output.' },
  url: 'network',
  inactive: { help: 'show the definition used at the next start', flag: NetworkXMLFlags.INACTIVE },
});

const netInfo = defineCommand({
  name: 'net-info',
  info: { help: 'show network information', desc: 'Print the basic facts about a network.' },
  opts: [networkOpt()],
  async run(ctl, cmd) {
    const { net } = await networkFromOpt(ctl, cmd);
    let out = infoLine('Name:', net.name) + infoLine('UUID:', net.uuid);
    const active = await orElse(net.isActive().then((b) => (b ? 'yes' : 'no')), null);
    if (active !== null) out += infoLine('Active:', active);
    out += infoLine('Persistent:', await orElse(net.isPersistent().then((b) => (b ? 'yes' : 'no')), 'unknown'));
    out += infoLine('Autostart:', await orElse(net.getAutostart().then((b) => (b ? 'yes' : 'no')), 'no autostart'));
    const bridge = await orElse(net.getBridgeName(), null);
    if (bridge !== null) out += infoLine('Bridge:', bridge);
    ctl.print(out);
  },
});

const netList = defineCommand({
  name: 'net-list',
  info: { help: 'list networks', desc: 'List the networks, running ones by default.' },
  opts: [
    { name: 'inactive', type: 'bool', help: 'only networks that are not running' },
    { name: 'all', type: 'bool', help: 'running and stopped networks' },
    { name: 'persistent', type: 'bool', help: 'only persistent networks' },
    { name: 'transient', type: 'bool', help: 'only transient networks' },
    { name: 'autostart', type: 'bool', help: 'only networks started at boot' },
    { name: 'no-autostart', type: 'bool', help: 'only networks not started at boot' },
    { name: 'uuid', type: 'bool', help: 'print UUIDs only' },
    { name: 'name', type: 'bool', help: 'print names only' },
    { name: 'table', type: 'bool', help: 'print a table (the default)' },
  ],
  async run(ctl, cmd) {
    const flags = stateListFlags(cmd, ListNetworksFlags);
    const optName = cmd.has('name');
    const optUuid = cmd.has('uuid');
    let optTable = cmd.has('table');
    if (+optTable + +optName + +optUuid > 1) {
      ctl.error('Only one argument from --table, --name and --uuid may be specified.');
      return false;
    }
    if (!optUuid && !optName) optTable = true;
    const conn = await ctl.conn();
    const list = await collectByState((f) => conn.listAllNetworks(f), flags, ListNetworksFlags, 'Failed to list networks');
    if (!optTable) {
      ctl.print(list.map((n) => `${optUuid ? n.uuid : n.name}\n`).join(''));
      return;
    }
    const table = new Table(['Name', 'State', 'Autostart', 'Persistent']);
    for (const n of list) {
      const autostart = await orElse(n.getAutostart().then((a) => (a ? 'yes' : 'no')), 'no autostart');
      // a failed query reads as true in virsh's C test
      const active = await orElse(n.isActive(), true);
      const persistent = await orElse(n.isPersistent(), true);
      table.addRow([n.name, active ? 'active' : 'inactive', autostart, persistent ? 'yes' : 'no']);
    }
    printTable(ctl, table);
  },
});

const netName = propertyCommand(NETWORK, {
  name: 'net-name',
  info: { help: 'print the name of a network given its UUID', desc: '' },
  optHelp: 'UUID of the network',
  by: BY_UUID,
  value: (n) => n.name,
});

const netUuid = propertyCommand(NETWORK, {
  name: 'net-uuid',
  info: { help: 'print the UUID of a network given its name', desc: '' },
  optHelp: 'name of the network',
  by: BY_NAME,
  value: (n) => n.uuid,
});

const UPDATE_COMMANDS = ['none', 'modify', 'delete', 'add-last', 'add-first'];
const UPDATE_SECTIONS = ['none', 'bridge', 'domain', 'ip', 'ip-dhcp-host', 'ip-dhcp-range', 'forward', 'forward-interface', 'forward-pf', 'portgroup', 'dns-host', 'dns-txt', 'dns-srv'];

const netUpdate = defineCommand({
  name: 'net-update',
  info: { help: "change one part of a network's configuration", desc: '' },
  opts: [
    networkOpt(),
    { name: 'command', type: 'data', required: true, help: 'what to do: add-first, add-last (or add), delete or modify' },
    { name: 'section', type: 'data', required: true, help: 'the part of the configuration to change' },
    { name: 'xml', type: 'data', required: true, help: "the element as XML (when it starts with '<'), or a file holding it" },
    { name: 'parent-index', type: 'int', help: 'index of the parent element to look in' },
    { name: 'config', type: 'bool', help: 'change the definition used at the next start' },
    { name: 'live', type: 'bool', help: 'change the running network' },
    { name: 'current', type: 'bool', help: "change the network's current state" },
  ],
  async run(ctl, cmd) {
    const config = cmd.has('config');
    const live = cmd.has('live');
    if (exclusive(ctl, cmd, 'current', 'live') || exclusive(ctl, cmd, 'current', 'config')) return false;
    const { net } = await networkFromOpt(ctl, cmd);
    const commandStr = cmd.stringReq('command')!;
    const command = commandStr === 'add' ? NetworkUpdateCommand.ADD_LAST : UPDATE_COMMANDS.indexOf(commandStr);
    if (command <= 0) {
      ctl.error(`unrecognized command name '${commandStr}'`);
      return false;
    }
    const sectionStr = cmd.stringReq('section')!;
    const section = UPDATE_SECTIONS.indexOf(sectionStr);
    if (section <= 0) {
      ctl.error(`unrecognized section name '${sectionStr}'`);
      return false;
    }
    void NetworkUpdateSection;
    const parentIndex = cmd.int('parent-index') ?? -1;
    let xml = cmd.stringReq('xml')!;
    if (!xml.startsWith('<')) xml = await ctl.readFile(xml);
    let flags: number = NetworkUpdateFlags.AFFECT_CURRENT;
    if (config) flags |= NetworkUpdateFlags.AFFECT_CONFIG;
    if (live) flags |= NetworkUpdateFlags.AFFECT_LIVE;
    await attempt(net.update(command, section, parentIndex, xml, flags), `Failed to update network ${net.name}`);
    let what: string;
    if (config) what = live ? 'persistent config and live state' : 'persistent config';
    else if (live || (await orElse(net.isActive(), true))) what = 'live state';
    else what = 'persistent config';
    ctl.printExtra(`Updated network ${net.name} ${what}`);
  },
});

const netEdit = editCommand(NETWORK, {
  name: 'net-edit',
  info: { help: "edit a network's XML configuration", desc: 'Open the XML definition of a network in an editor and define the result.' },
  xmlReader: async (net) => async () => {
    try {
      return await net.getXMLDesc(NetworkXMLFlags.INACTIVE);
    } catch (e) {
      if (!isCode(e, ErrorCode.InvalidArg)) throw e;
      // a daemon without the inactive flag
      return net.getXMLDesc(0);
    }
  },
  define: (conn, xml) => conn.networkDefineXML(xml),
});

/** virshNetworkEvent: how the lifecycle events read. */
const NET_LIFECYCLE = ['Defined', 'Undefined', 'Started', 'Stopped'];

const netEvent = defineCommand({
  name: 'net-event',
  info: { help: 'wait for network events', desc: 'List the network event types, or wait for network events and print them.' },
  opts: [
    { name: 'network', type: 'string', help: 'only events of this network (name or UUID)' },
    { name: 'event', type: 'string', help: 'the event type to wait for' },
    { name: 'loop', type: 'bool', help: 'keep waiting after the first event, until the timeout or Ctrl-C' },
    { name: 'timeout', type: 'int', help: 'give up after this many seconds' },
    { name: 'list', type: 'bool', help: 'list the event types' },
    { name: 'timestamp', type: 'bool', help: 'print the time of each event' },
  ],
  // (events area) on the public event API
  async run(ctl, cmd) {
    const event = chooseEvent(ctl, cmd, ['lifecycle']);
    if (event === 'listed') return true;
    if (event === undefined) return false;
    const opts = waitOptions(cmd);
    const net = cmd.has('network') ? await filterOrEveryObject(ctl, async () => (await networkFromOpt(ctl, cmd)).net) : null;
    const conn = await ctl.conn();
    return waitForEvents(ctl, opts, async (sink) => {
      const id = await conn.networkEventRegisterAny(net, event, (n, ev) => {
        if (ev.eventID === 0) sink.print(`event 'lifecycle' for network ${n.name}: ${NET_LIFECYCLE[ev.event] ?? 'unknown'}\n`);
      });
      return [() => conn.networkEventDeregisterAny(id)];
    });
  },
});

const netDhcpLeases = defineCommand({
  name: 'net-dhcp-leases',
  info: { help: 'show the DHCP leases of a network', desc: 'Print the addresses the DHCP server of a network has handed out.' },
  opts: [networkOpt(), { name: 'mac', type: 'string', help: 'only the lease of this MAC address' }],
  async run(ctl, cmd) {
    const mac = cmd.stringReq('mac');
    const { net, name } = await networkFromOpt(ctl, cmd);
    const leases = await attempt(net.getDHCPLeases(mac ?? null, 0), `Failed to get leases info for ${name}`);
    leases.sort((a, b) => strcasecmp(a.mac ?? '', b.mac ?? ''));
    const table = new Table(['Expiry Time', 'MAC address', 'Protocol', 'IP address', 'Hostname', 'Client ID or DUID']);
    for (const l of leases) {
      const d = new Date(Number(l.expirytime) * 1000);
      const two = (n: number) => String(n).padStart(2, '0');
      const when = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
      const proto = l.type === 0 ? 'ipv4' : l.type === 1 ? 'ipv6' : '-';
      table.addRow([when, l.mac ?? '-', proto, `${l.ipaddr}/${l.prefix}`, l.hostname ?? '-', l.clientid ?? '-']);
    }
    printTable(ctl, table);
  },
});

function portOpt(): OptDef {
  return { name: 'port', type: 'data', required: true, help: 'UUID of the port' };
}

/**
 * virshCommandOptNetworkPort. virsh's port commands start out "successful", so a port that
 * cannot be found prints virsh's line and still ends with status 0.
 */
async function portFromOpt(ctl: Ctl, cmd: ParsedCommand, net: Network) {
  const n = cmd.stringReq('port')!;
  try {
    return await net.portLookupByUUIDString(n);
  } catch {
    ctl.error(`failed to get network port '${n}'`);
    return undefined;
  }
}

/** The network of a port command: a miss prints virsh's line only (the command still succeeds). */
async function networkQuiet(ctl: Ctl, cmd: ParsedCommand): Promise<Network | undefined> {
  try {
    return (await networkFromOpt(ctl, cmd)).net;
  } catch (e) {
    if (!(e instanceof CommandFailure)) throw e;
    ctl.error(e.message);
    return undefined;
  }
}

const netPortList = defineCommand({
  name: 'net-port-list',
  info: { help: 'list the ports of a network', desc: 'List the ports guests have on a network.' },
  opts: [networkOpt(), { name: 'uuid', type: 'bool', help: 'print UUIDs only' }, { name: 'table', type: 'bool', help: 'print a table (the default)' }],
  async run(ctl, cmd) {
    const optUuid = cmd.has('uuid');
    const optTable = cmd.has('table');
    if (+optTable + +optUuid > 1) {
      ctl.error('Only one argument from --table and --uuid may be specified.');
      return false;
    }
    const { net } = await networkFromOpt(ctl, cmd);
    const ports = await net.listAllPorts(0);
    const uuids = ports.map((p) => p.uuid).sort();
    if (optUuid) {
      ctl.print(uuids.map((u) => `${u}\n`).join(''));
      return;
    }
    const table = new Table(['UUID']);
    for (const u of uuids) table.addRow([u]);
    printTable(ctl, table);
  },
});

const netPortCreate = defineCommand({
  name: 'net-port-create',
  info: { help: 'add a port to a network from an XML file', desc: 'Create a network port described by an XML file.' },
  opts: [networkOpt(), fileOpt('XML file describing the port'), validateOpt],
  async run(ctl, cmd) {
    const { net } = await networkFromOpt(ctl, cmd);
    const from = cmd.stringReq('file')!;
    const flags = cmd.has('validate') ? 1 << 1 : 0;
    const xml = await ctl.readFile(from);
    const port = await attempt(net.portCreateXML(xml, flags), `Failed to create network from ${from}`);
    ctl.printExtra(`Network port ${port.uuid} created from ${from}\n`);
  },
});

const netPortDumpxml = defineCommand({
  name: 'net-port-dumpxml',
  info: { help: 'show a network port as XML', desc: 'Print the XML description of a network port on standard output.' },
  opts: [
    networkOpt(),
    portOpt(),
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'put the XPath results inside one <nodes> element' },
  ],
  async run(ctl, cmd) {
    const net = await networkQuiet(ctl, cmd);
    const port = net && (await portFromOpt(ctl, cmd, net));
    if (!port) return true;
    const xml = await port.getXMLDesc(0);
    return dumpXml(ctl, xml, 'network-port', cmd.string('xpath'), cmd.has('wrap'));
  },
});

const netPortDelete = defineCommand({
  name: 'net-port-delete',
  info: { help: 'remove a network port', desc: 'Delete the given port of a network.' },
  opts: [networkOpt(), portOpt()],
  async run(ctl, cmd) {
    const net = await networkQuiet(ctl, cmd);
    const port = net && (await portFromOpt(ctl, cmd, net));
    if (!port) return true;
    await attempt(port.delete(0), `Failed to delete network port ${port.uuid}`);
    ctl.printExtra(`Network port ${port.uuid} deleted\n`);
  },
});

export const commands: CommandDef[] = [
  netAutostart,
  createOrDefine('create'),
  createOrDefine('define'),
  netDestroy,
  netDhcpLeases,
  netDumpxml,
  netEdit,
  netEvent,
  netInfo,
  netList,
  netName,
  netStart,
  netUndefine,
  netUpdate,
  netUuid,
  netPortList,
  netPortCreate,
  netPortDumpxml,
  netPortDelete,
];
