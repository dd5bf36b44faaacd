// virsh's "Networking" group (virsh-network.c): virtual networks, their DHCP leases and ports.
// The XML-output and edit helpers at the end are shared with the pool and volume groups.
import type { Connect } from '../../../api/connect.js';
import type { Network } from '../../../api/network.js';
import { ListNetworksFlags, NetworkUpdateCommand, NetworkUpdateFlags, NetworkUpdateSection, NetworkXMLFlags } from '../../../api/network.js';
import { ErrorCode, VirError } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import { chooseEvent, filterOrEveryObject, waitForEvents, waitOptions } from './domain-events.js'; // events area
import { exclusive } from './shared/exclusive-options.js';
import { strcasecmp } from './shared/virsh-strings.js';
import { editInTempFile } from './shared/xml-editor.js';

// --- shared helpers (virsh-util.c, vsh.c) ---

export const BY_UUID = 1;
export const BY_NAME = 2;

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

/** VIRSH_COMMON_OPT_FILE */
export function fileOpt(help: string): OptDef {
  return { name: 'file', type: 'data', required: true, help };
}

/**
 * virshDumpXML: the document as the driver formatted it, or only the nodes an XPath expression
 * selects (each on its own line, or wrapped in <nodes>).
 */
export async function dumpXml(ctl: Ctl, xml: string, url: string, xpath: string | undefined, wrap: boolean): Promise<boolean> {
  if (xpath === undefined) {
    ctl.print(xml);
    return true;
  }
  const { xpathSelect } = await import('../../../conf/network/xpath-select.js');
  const parts = await xpathSelect(xml, url, xpath);
  if (wrap) {
    const inner = parts.map((p) => p.replace(/^/gm, '  ')).join('\n');
    ctl.print(parts.length ? `<nodes>\n${inner}\n</nodes>\n` : '<nodes/>\n');
  } else {
    for (const p of parts) ctl.print(`${p}\n`);
  }
  return true;
}

/**
 * virsh-edit.c: write the XML to a temporary file, run $VISUAL/$EDITOR on it, and define the
 * result when it changed. Without a terminal to ask "Try again?", a failed define is reported
 * and the edit counts as done (virsh then names the object "(null)").
 */
export async function editLoop(
  ctl: Ctl,
  opts: { getXml(): Promise<string>; define(xml: string): Promise<string>; notChanged: string; edited(name: string): string },
): Promise<boolean> {
  const doc = await opts.getXml();
  const edited = await editInTempFile(doc);
  if (edited === doc) {
    ctl.printExtra(opts.notChanged);
    return true;
  }
  const reread = await opts.getXml();
  let name = '(null)';
  if (reread !== doc) ctl.error('The XML configuration was changed by another user.');
  else {
    try {
      name = await opts.define(edited);
    } catch {
      ctl.error('Failed.');
    }
  }
  ctl.printExtra(opts.edited(name));
  return true;
}

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
  let last: unknown;
  if (by & BY_UUID && n.length === 36) {
    try {
      return { net: await conn.networkLookupByUUIDString(n), name: n };
    } catch (e) {
      last = e;
    }
  }
  if (by & BY_NAME) {
    try {
      return { net: await conn.networkLookupByName(n), name: n };
    } catch (e) {
      last = e;
    }
  }
  throw new CommandFailure(`failed to get network '${n}'`, last);
}

/** Run a network call; on failure print virsh's line, then libvirt's reason. */
async function attempt<T>(p: Promise<T>, failure: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new CommandFailure(failure, e);
  }
}

// --- commands ---

const netAutostart = defineCommand({
  name: 'net-autostart',
  info: { help: 'set a network to start on boot', desc: 'Mark a network to be started automatically when the host boots, or clear that mark.' },
  opts: [networkOpt(), { name: 'disable', type: 'bool', help: 'stop starting it automatically' }],
  async run(ctl, cmd) {
    const { net, name } = await networkFromOpt(ctl, cmd);
    const autostart = !cmd.has('disable');
    await attempt(net.setAutostart(autostart), autostart ? `failed to mark network ${name} as autostarted` : `failed to unmark network ${name} as autostarted`);
    ctl.printExtra(autostart ? `Network ${name} marked as autostarted\n` : `Network ${name} unmarked as autostarted\n`);
  },
});

function createOrDefine(kind: 'create' | 'define'): CommandDef {
  const create = kind === 'create';
  return defineCommand({
    name: `net-${kind}`,
    info: create
      ? { help: 'start a network from an XML file', desc: 'Start a transient network described by an XML file.' }
      : { help: 'define (or redefine) a persistent network from an XML file', desc: 'Add a persistent network from an XML description, or replace the definition of an existing one.' },
    opts: [fileOpt('XML file describing the network'), { name: 'validate', type: 'bool', help: 'check the XML against the schema first' }],
    async run(ctl, cmd) {
      const from = cmd.stringReq('file')!;
      const flags = cmd.has('validate') ? 1 : 0;
      const xml = await ctl.readFile(from);
      const conn = await ctl.conn();
      const net = await attempt(
        create ? conn.networkCreateXML(xml, flags) : conn.networkDefineXML(xml, flags),
        create ? `Failed to create network from ${from}` : `Failed to define network from ${from}`,
      );
      ctl.printExtra(`Network ${net.name} ${create ? 'created' : 'defined'} from ${from}\n`);
    },
  });
}

function simpleAction(name: string, info: { help: string; desc: string }, act: (n: Network) => Promise<void>, ok: string, failed: string): CommandDef {
  return defineCommand({
    name,
    info,
    opts: [networkOpt()],
    async run(ctl, cmd) {
      const { net, name: n } = await networkFromOpt(ctl, cmd);
      await attempt(act(net), `${failed} ${n}`);
      ctl.printExtra(`Network ${n} ${ok}\n`);
    },
  });
}

const netDestroy = simpleAction('net-destroy', { help: 'stop a network', desc: 'Stop a running network at once.' }, (n) => n.destroy(), 'destroyed', 'Failed to destroy network');
const netStart = simpleAction('net-start', { help: 'start a defined, inactive network', desc: 'Start a network that has been defined but is not running.' }, (n) => n.create(), 'started', 'Failed to start network');
const netUndefine = simpleAction(
  'net-undefine',
  { help: 'remove a persistent network', desc: 'Remove the persistent definition of a network.' },
  (n) => n.undefine(),
  'has been undefined',
  'Failed to undefine network',
);

const netDumpxml = defineCommand({
  name: 'net-dumpxml',
  info: { help: 'show a network as XML', desc: 'Print the XML description of a network on standard output.' },
  opts: [
    networkOpt(),
    { name: 'inactive', type: 'bool', help: 'show the definition used at the next start' },
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'put the XPath results inside one <nodes> element' },
  ],
  async run(ctl, cmd) {
    const { net } = await networkFromOpt(ctl, cmd);
    const flags = cmd.has('inactive') ? NetworkXMLFlags.INACTIVE : 0;
    const xpath = cmd.string('xpath');
    const xml = await net.getXMLDesc(flags);
    return dumpXml(ctl, xml, 'network', xpath, cmd.has('wrap'));
  },
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

/** virshNetworkListCollect: every network matching `flags`, sorted by name. */
async function collectNetworks(conn: Connect, flags: number): Promise<Network[]> {
  let list: Network[];
  try {
    list = await conn.listAllNetworks(flags);
  } catch (e) {
    if (!isCode(e, ErrorCode.InvalidArg)) throw new CommandFailure('Failed to list networks', e);
    // an older daemon: ask again with only the state filter, and apply the rest here
    try {
      list = await conn.listAllNetworks(flags & (ListNetworksFlags.ACTIVE | ListNetworksFlags.INACTIVE));
    } catch (e2) {
      throw new CommandFailure('Failed to list networks', e2);
    }
    const F = ListNetworksFlags;
    const keep: Network[] = [];
    for (const n of list) {
      if (flags & (F.PERSISTENT | F.TRANSIENT)) {
        const p = await n.isPersistent();
        if (!((flags & F.PERSISTENT && p) || (flags & F.TRANSIENT && !p))) continue;
      }
      if (flags & (F.AUTOSTART | F.NO_AUTOSTART)) {
        const a = await n.getAutostart();
        if (!((flags & F.AUTOSTART && a) || (flags & F.NO_AUTOSTART && !a))) continue;
      }
      keep.push(n);
    }
    list = keep;
  }
  return list.sort((a, b) => strcasecmp(a.name, b.name));
}

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
    const F = ListNetworksFlags;
    let flags: number = F.ACTIVE;
    if (cmd.has('inactive')) flags = F.INACTIVE;
    if (cmd.has('all')) flags = F.ACTIVE | F.INACTIVE;
    if (cmd.has('persistent')) flags |= F.PERSISTENT;
    if (cmd.has('transient')) flags |= F.TRANSIENT;
    if (cmd.has('autostart')) flags |= F.AUTOSTART;
    if (cmd.has('no-autostart')) flags |= F.NO_AUTOSTART;
    const optName = cmd.has('name');
    const optUuid = cmd.has('uuid');
    let optTable = cmd.has('table');
    if (+optTable + +optName + +optUuid > 1) {
      ctl.error('Only one argument from --table, --name and --uuid may be specified.');
      return false;
    }
    if (!optUuid && !optName) optTable = true;
    const list = await collectNetworks(await ctl.conn(), flags);
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

const netName = defineCommand({
  name: 'net-name',
  info: { help: 'print the name of a network given its UUID', desc: '' },
  opts: [networkOpt('UUID of the network')],
  async run(ctl, cmd) {
    const { net } = await networkFromOpt(ctl, cmd, BY_UUID);
    ctl.print(`${net.name}\n`);
  },
});

const netUuid = defineCommand({
  name: 'net-uuid',
  info: { help: 'print the UUID of a network given its name', desc: '' },
  opts: [networkOpt('name of the network')],
  async run(ctl, cmd) {
    const { net } = await networkFromOpt(ctl, cmd, BY_NAME);
    ctl.print(`${net.uuid}\n`);
  },
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

const netEdit = defineCommand({
  name: 'net-edit',
  info: { help: "edit a network's XML configuration", desc: 'Open the XML definition of a network in an editor and define the result.' },
  opts: [networkOpt()],
  async run(ctl, cmd) {
    const { net } = await networkFromOpt(ctl, cmd);
    const conn = await ctl.conn();
    const getXml = async () => {
      try {
        return await net.getXMLDesc(NetworkXMLFlags.INACTIVE);
      } catch (e) {
        if (!isCode(e, ErrorCode.InvalidArg)) throw e;
        // a daemon without the inactive flag
        return net.getXMLDesc(0);
      }
    };
    return editLoop(ctl, {
      getXml,
      define: async (xml) => (await conn.networkDefineXML(xml)).name,
      notChanged: `Network ${net.name} XML configuration not changed.\n`,
      edited: (name) => `Network ${name} XML configuration edited.\n`,
    });
  },
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
  opts: [networkOpt(), fileOpt('XML file describing the port'), { name: 'validate', type: 'bool', help: 'check the XML against the schema first' }],
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
