// virsh's device commands of the "Domain Management" group (virsh-domain.c): attach, detach and
// update devices from XML files or from options, link state and media changes. virsh builds or
// picks the device XML itself (and prints it with --print-xml), then hands it to the driver.
// Messages are virsh's; help texts ours. Part of the group's command list (see domain.ts).
import type { Domain } from '../../../api/domain.js';
import type { XmlChild, XmlEl } from '../../../conf/xml/parse.js';
import { CommandFailure, defineCommand, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { exclusive, optConfig, optCurrent, optLive, orFail } from './domain-monitor.js';
import { commandDomain, domainOpt } from './lookup.js';

const AFFECT_LIVE = 1;
const AFFECT_CONFIG = 2;
const MODIFY_FORCE = 4;

const persistentOpt: OptDef = { name: 'persistent', type: 'bool', help: 'make the change to the running domain persistent too' };
const deviceImpactOpts = (): OptDef[] => [
  persistentOpt,
  optConfig('change the persistent configuration'),
  optLive('change the running domain'),
  optCurrent('change the running domain, or the configuration if it is stopped'),
];
const printXmlOpt = (help: string): OptDef => ({ name: 'print-xml', type: 'bool', help });

/** The --persistent/--config/--live/--current flags of the device commands. */
function deviceFlags(cmd: ParsedCommand): { flags: number; current: boolean; persistent: boolean } {
  const persistent = cmd.has('persistent');
  const current = cmd.has('current');
  exclusive(cmd, 'persistent', 'current');
  exclusive(cmd, 'current', 'live');
  exclusive(cmd, 'current', 'config');
  let flags = 0;
  if (cmd.has('config') || persistent) flags |= AFFECT_CONFIG;
  if (cmd.has('live')) flags |= AFFECT_LIVE;
  return { flags, current, persistent };
}

/** --persistent on a running domain changes it live too. */
async function persistentLive(dom: Domain, persistent: boolean, flags: number): Promise<number> {
  if (persistent && (await dom.isActive().catch(() => false))) return flags | AFFECT_LIVE;
  return flags;
}

// --- raw node text (virXMLNodeToString on a document read with its blanks) ---
function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}
function escAttr(s: string): string {
  return escText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function rawXml(node: XmlChild): string {
  if ('text' in node) return escText(node.text);
  if ('cdata' in node) return `<![CDATA[${node.cdata}]]>`;
  if ('comment' in node) return `<!--${node.comment}-->`;
  const q = node.prefix ? `${node.prefix}:${node.name}` : node.name;
  let attrs = '';
  for (const k of node.attrOrder) attrs += ` ${k}="${escAttr(node.attrs[k])}"`;
  if (node.children.length === 0) return `<${q}${attrs}/>`;
  return `<${q}${attrs}>${node.children.map(rawXml).join('')}</${q}>`;
}

function kids(el: XmlEl, name: string): XmlEl[] {
  return el.children.filter((c): c is XmlEl => 'name' in c && c.name === name);
}

async function domainDoc(dom: Domain, flags: number): Promise<XmlEl> {
  const xml = await dom.getXMLDesc(flags);
  const { parseXml } = await import('../../../conf/xml/parse.js');
  const { ErrorDomain } = await import('../../../util/error.js');
  return parseXml(xml, '(domain_definition)', ErrorDomain.Xml);
}

// --- attach/detach/update from a file ---
function fileDeviceCommand(name: string, help: string, desc: string, verb: 'attach' | 'detach' | 'update') {
  const opts: OptDef[] = [domainOpt(), { name: 'file', type: 'data', required: true, help: 'the XML file of the device' }, ...deviceImpactOpts()];
  if (verb === 'update') opts.push({ name: 'force', type: 'bool', help: 'force the change, e.g. eject a locked CD-ROM' });
  return defineCommand({
    name,
    info: { help, desc },
    opts,
    async run(ctl, cmd) {
      const { flags: f, current, persistent } = deviceFlags(cmd);
      const { dom } = await commandDomain(ctl, cmd);
      let flags = f;
      // detach-device looks at the domain's state before reading the option; the others after.
      if (verb === 'detach') flags = await persistentLive(dom, persistent, flags);
      const from = cmd.stringReq('file') ?? '';
      if (verb !== 'detach') flags = await persistentLive(dom, persistent, flags);
      const xml = await ctl.readFile(from);
      if (verb === 'update') {
        if (cmd.has('force')) flags |= MODIFY_FORCE;
        await orFail(`Failed to update device from ${from}`, () => dom.updateDeviceFlags(xml, flags));
        ctl.printExtra('Device updated successfully\n');
        return true;
      }
      const useFlags = flags !== 0 || current;
      if (verb === 'attach') {
        await orFail(`Failed to attach device from ${from}`, () => dom.attachDevice(xml, useFlags ? flags : null));
        ctl.printExtra('Device attached successfully\n');
      } else {
        await orFail(`Failed to detach device from ${from}`, () => dom.detachDevice(xml, useFlags ? flags : null));
        ctl.printExtra('Device detached successfully\n');
      }
      return true;
    },
  });
}

const attachDevice = fileDeviceCommand('attach-device', 'attach device from an XML file', 'Adds a device, described in an XML file, to a domain.', 'attach');
const detachDevice = fileDeviceCommand('detach-device', 'detach device from an XML file', 'Removes the device an XML file describes from a domain.', 'detach');
const updateDevice = fileDeviceCommand('update-device', 'update device from an XML file', "Changes a domain's device to match an XML file.", 'update');

const detachDeviceAlias = defineCommand({
  name: 'detach-device-alias',
  info: { help: 'detach device from an alias', desc: 'Removes the device with the given alias from a domain.' },
  opts: [domainOpt(), { name: 'alias', type: 'data', required: true, help: 'the alias of the device' }, optConfig('change the persistent configuration'), optLive('change the running domain'), optCurrent('change the running domain, or the configuration if it is stopped')],
  async run(ctl, cmd) {
    exclusive(cmd, 'current', 'live');
    exclusive(cmd, 'current', 'config');
    let flags = 0;
    if (cmd.has('config')) flags |= AFFECT_CONFIG;
    if (cmd.has('live')) flags |= AFFECT_LIVE;
    const { dom } = await commandDomain(ctl, cmd);
    const alias = cmd.stringReq('alias') ?? '';
    await orFail(`Failed to detach device with alias ${alias}`, () => dom.detachDeviceAlias(alias, flags));
    ctl.printExtra('Device detach request sent successfully\n');
    return true;
  },
});

// --- attach-disk ---
const SOURCE_TYPES = ['', 'file', 'block', 'network'];

const attachDisk = defineCommand({
  name: 'attach-disk',
  info: { help: 'attach disk device', desc: 'Adds a disk to a domain, built from the options given.' },
  opts: [
    domainOpt(),
    { name: 'source', type: 'data', required: true, emptyOk: true, help: 'the file, device or volume the disk reads' },
    { name: 'target', type: 'data', required: true, help: 'the device name the guest sees (vdb, sdc…)' },
    { name: 'targetbus', type: 'string', help: 'the bus of the target' },
    { name: 'driver', type: 'string', help: 'the driver name' },
    { name: 'subdriver', type: 'string', help: 'the image format' },
    { name: 'iothread', type: 'string', help: 'the IOThread to serve the disk' },
    { name: 'cache', type: 'string', help: 'the cache mode' },
    { name: 'io', type: 'string', help: 'the I/O mode' },
    { name: 'type', type: 'string', help: 'the device kind: disk, cdrom, floppy or lun' },
    { name: 'shareable', type: 'alias', help: 'mode=shareable' },
    { name: 'mode', type: 'string', help: 'readonly or shareable' },
    { name: 'sourcetype', type: 'string', help: 'file, block or network' },
    { name: 'serial', type: 'string', help: 'the disk serial number' },
    { name: 'wwn', type: 'string', help: 'the disk WWN' },
    { name: 'alias', type: 'string', help: 'a custom alias for the disk' },
    { name: 'rawio', type: 'bool', help: 'let the guest issue raw SCSI commands' },
    { name: 'address', type: 'string', help: 'the disk address (pci:…, scsi:…, ide:…)' },
    { name: 'multifunction', type: 'bool', help: 'use a multifunction PCI address' },
    printXmlOpt('print the disk XML instead of attaching it'),
    { name: 'source-protocol', type: 'string', help: 'the protocol of a network disk' },
    { name: 'source-host-name', type: 'string', help: 'host[:port] of a network disk' },
    { name: 'source-host-transport', type: 'string', help: 'the transport to the host' },
    { name: 'source-host-socket', type: 'string', help: 'the socket path to the host' },
    ...deviceImpactOpts(),
  ],
  async run(ctl, cmd) {
    const { flags: f, current, persistent } = deviceFlags(cmd);
    const need = (opt: string, by: string) => {
      if (cmd.has(by) && !cmd.has(opt)) throw new CommandFailure(`Option --${opt} is required by option --${by}`);
    };
    need('source-protocol', 'source-host-name');
    need('source-protocol', 'source-host-transport');
    need('source-protocol', 'source-host-socket');
    need('source-host-transport', 'source-host-socket');
    exclusive(cmd, 'source-host-name', 'source-host-socket');
    const s = (n: string) => cmd.stringReq(n);
    const source = s('source');
    const target = s('target') ?? '';
    const driver = s('driver');
    const subdriver = s('subdriver');
    const device = s('type');
    const mode = s('mode');
    const iothread = s('iothread');
    const cache = s('cache');
    const io = s('io');
    const serial = s('serial');
    const wwn = s('wwn');
    const address = s('address');
    const targetbus = s('targetbus');
    const alias = s('alias');
    const stype = s('sourcetype');
    const protocol = s('source-protocol');
    const hostName = s('source-host-name');
    const hostTransport = s('source-host-transport');
    const hostSocket = s('source-host-socket');
    let type = 0;
    if (stype !== undefined) {
      type = SOURCE_TYPES.indexOf(stype);
      if (type < 0) throw new CommandFailure(`Unknown source type: '${stype}'`);
    }
    if (type === 0) {
      if (protocol !== undefined) type = 3;
      else if (driver !== 'file' && driver !== 'tap' && source !== undefined && (await isBlockDevice(source))) type = 2;
      else type = 1;
    }
    if ((type === 3) !== (protocol !== undefined)) throw new CommandFailure('--source-protocol option requires --sourcetype network');
    if (mode !== undefined && mode !== 'readonly' && mode !== 'shareable') throw new CommandFailure(`No support for ${mode} in command 'attach-disk'`);
    if (wwn !== undefined && !/^(0x)?[0-9a-fA-F]{16}$/.test(wwn)) throw new CommandFailure(`Malformed wwn: ${wwn}`);
    const { escapeLibvirt } = await import('../../../conf/domain/xml-out.js');
    const attr = (n: string, v: string | undefined) => (v === undefined ? '' : ` ${n}='${escapeLibvirt(v)}'`);
    let inner = '';
    const driverAttrs = attr('name', driver) + attr('type', subdriver) + attr('iothread', iothread) + attr('cache', cache) + attr('io', io);
    if (driverAttrs) inner += `  <driver${driverAttrs}/>\n`;
    let sourceAttrs = '';
    let sourceKids = '';
    if (type === 1) sourceAttrs = attr('file', source);
    else if (type === 2) sourceAttrs = attr('dev', source);
    else {
      sourceAttrs = attr('protocol', protocol) + attr('name', source);
      let hostAttrs = attr('transport', hostTransport) + attr('socket', hostSocket);
      if (hostName !== undefined) {
        const colon = hostName.indexOf(':');
        hostAttrs += colon < 0 ? attr('name', hostName) : attr('name', hostName.slice(0, colon)) + attr('port', hostName.slice(colon + 1));
      }
      if (hostAttrs) sourceKids = `    <host${hostAttrs}/>\n`;
    }
    if (sourceKids) inner += `  <source${sourceAttrs}>\n${sourceKids}  </source>\n`;
    else if (sourceAttrs) inner += `  <source${sourceAttrs}/>\n`;
    inner += `  <target dev='${target}'${targetbus !== undefined ? ` bus='${targetbus}'` : ''}/>\n`;
    if (mode !== undefined) inner += `  <${mode}/>\n`;
    if (serial !== undefined) inner += `  <serial>${serial}</serial>\n`;
    if (alias !== undefined) inner += `  <alias name='${alias}'/>\n`;
    if (wwn !== undefined) inner += `  <wwn>${wwn}</wwn>\n`;
    // Addresses (virshAddressParse) are not modelled: any --address is refused as virsh refuses a bad one.
    if (address !== undefined) throw new CommandFailure('Invalid address.');
    const xml = `<disk type='${SOURCE_TYPES[type]}'${attr('device', device)}${cmd.has('rawio') ? " rawio='yes'" : ''}>\n${inner}</disk>\n`;
    if (cmd.has('print-xml')) {
      ctl.print(xml);
      return true;
    }
    const { dom } = await commandDomain(ctl, cmd);
    const flags = await persistentLive(dom, persistent, f);
    await orFail('Failed to attach disk', () => dom.attachDevice(xml, flags || current ? flags : null));
    ctl.printExtra('Disk attached successfully\n');
    return true;
  },
});

async function isBlockDevice(path: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  try {
    return (await stat(path)).isBlockDevice();
  } catch {
    return false;
  }
}

// --- attach-interface ---
const NET_TYPES = ['user', 'ethernet', 'vhostuser', 'server', 'client', 'mcast', 'network', 'bridge', 'internal', 'direct', 'hostdev', 'udp', 'vdpa', 'null', 'vds'];
type Rate = { average: bigint; peak: bigint; burst: bigint; floor: bigint };

function parseRate(s: string): Rate {
  const tok = s.split(',');
  if (tok.length > 4) throw new CommandFailure(`Rate string '${s}' has too many fields`);
  const r: Rate = { average: 0n, peak: 0n, burst: 0n, floor: 0n };
  (['average', 'peak', 'burst', 'floor'] as const).forEach((k, i) => {
    const t = tok[i];
    if (t === undefined || t === '') return;
    if (!/^\s*\+?\d+$/.test(t) || BigInt(t.trim()) > 0xffffffffffffffffn) throw new CommandFailure(`field '${k}' is malformed`);
    r[k] = BigInt(t.trim());
  });
  return r;
}

const attachInterface = defineCommand({
  name: 'attach-interface',
  info: { help: 'attach network interface', desc: 'Adds a network interface to a domain, built from the options given.' },
  opts: [
    domainOpt(),
    { name: 'type', type: 'data', required: true, help: 'the interface type (network, bridge, direct…)' },
    { name: 'source', type: 'data', required: true, help: 'the network, bridge or device it connects to' },
    { name: 'target', type: 'string', help: 'the host-side device name' },
    { name: 'mac', type: 'string', help: 'the MAC address' },
    { name: 'script', type: 'string', help: 'a script that connects the interface' },
    { name: 'model', type: 'string', help: 'the device model' },
    { name: 'alias', type: 'string', help: 'a custom alias for the interface' },
    { name: 'inbound', type: 'string', help: "incoming limits: 'average,peak,burst,floor'" },
    { name: 'outbound', type: 'string', help: "outgoing limits: 'average,peak,burst'" },
    ...deviceImpactOpts(),
    printXmlOpt('print the interface XML instead of attaching it'),
    { name: 'managed', type: 'bool', help: 'let libvirt detach the host device and give it back' },
    { name: 'source-mode', type: 'string', help: 'server or client (vhostuser)' },
  ],
  async run(ctl, cmd) {
    const { flags: f, current, persistent } = deviceFlags(cmd);
    const s = (n: string) => cmd.stringReq(n);
    const type = s('type') ?? '';
    const source = s('source') ?? '';
    const target = s('target');
    const mac = s('mac');
    const script = s('script');
    const model = s('model');
    const alias = s('alias');
    const inStr = s('inbound');
    const outStr = s('outbound');
    const modeStr = s('source-mode');
    const typ = NET_TYPES.indexOf(type);
    if (typ < 0) throw new CommandFailure(`No support for ${type} in command 'attach-interface'`);
    let sourceMode = -1;
    if (modeStr !== undefined) {
      sourceMode = ['server', 'client'].indexOf(modeStr);
      if (sourceMode < 0) throw new CommandFailure(`Invalid source mode: ${modeStr}`);
    }
    let inb: Rate | undefined;
    let outb: Rate | undefined;
    if (inStr !== undefined) {
      inb = parseRate(inStr);
      if (!inb.average && !inb.floor) throw new CommandFailure('either inbound average or floor is mandatory');
    }
    if (outStr !== undefined) {
      outb = parseRate(outStr);
      if (!outb.average) throw new CommandFailure('outbound average is mandatory');
      if (outb.floor) throw new CommandFailure('outbound floor is unsupported yet');
    }
    let xml = `<interface type='${type}'${cmd.has('managed') ? " managed='yes'" : ''}>\n`;
    switch (type) {
      case 'network':
      case 'bridge':
        xml += `  <source ${type}='${source}'/>\n`;
        break;
      case 'direct':
        xml += `  <source dev='${source}'/>\n`;
        break;
      case 'vhostuser':
        if (sourceMode < 0) throw new CommandFailure('source-mode is mandatory');
        xml += `  <source type='unix' path='${source}' mode='${modeStr}'/>\n`;
        break;
      default:
        // hostdev needs a PCI address parser tsvirt's virsh does not have; the rest virsh refuses.
        if (type === 'hostdev') throw new CommandFailure(`cannot parse pci address '${source}' for network interface`);
        throw new CommandFailure(`No support for ${type} in command 'attach-interface'`);
    }
    if (target !== undefined) xml += `  <target dev='${target}'/>\n`;
    if (mac !== undefined) xml += `  <mac address='${mac}'/>\n`;
    if (script !== undefined) xml += `  <script path='${script}'/>\n`;
    if (model !== undefined) xml += `  <model type='${model}'/>\n`;
    if (alias !== undefined) xml += `  <alias name='${alias}'/>\n`;
    if (inb || outb) {
      xml += '  <bandwidth>\n';
      if (inb && (inb.average || inb.floor)) {
        xml += '    <inbound';
        if (inb.average > 0n) xml += ` average='${inb.average}'`;
        if (inb.peak > 0n) xml += ` peak='${inb.peak}'`;
        if (inb.burst > 0n) xml += ` burst='${inb.burst}'`;
        if (inb.floor > 0n) xml += ` floor='${inb.floor}'`;
        xml += '/>\n';
      }
      if (outb && outb.average > 0n) {
        xml += `    <outbound average='${outb.average}'`;
        if (outb.peak > 0n) xml += ` peak='${outb.peak}'`;
        if (outb.burst > 0n) xml += ` burst='${outb.burst}'`;
        xml += '/>\n';
      }
      xml += '  </bandwidth>\n';
    }
    xml += '</interface>\n';
    if (cmd.has('print-xml')) {
      ctl.print(xml);
      return true;
    }
    const { dom } = await commandDomain(ctl, cmd);
    const flags = await persistentLive(dom, persistent, f);
    await orFail('Failed to attach interface', () => dom.attachDevice(xml, flags || current ? flags : null));
    ctl.printExtra('Interface attached successfully\n');
    return true;
  },
});

// --- detach-disk / detach-interface ---
/** virshFindDisk: by target, or by source file, dev, dir or name. */
function findDisk(root: XmlEl, path: string, changeable: boolean): XmlEl {
  const devices = kids(root, 'devices')[0];
  const disks = devices ? kids(devices, 'disk') : [];
  if (disks.length === 0) throw new CommandFailure('Failed to get disk information');
  for (const d of disks) {
    if (changeable && d.attrs.device !== undefined && d.attrs.device !== 'cdrom' && d.attrs.device !== 'floppy') continue;
    const src = kids(d, 'source')[0];
    const tgt = kids(d, 'target')[0]?.attrs.dev;
    const hit = tgt === path || (src && ['file', 'dev', 'dir', 'name'].some((a) => src.attrs[a] === path));
    if (!hit) continue;
    // Backing chains are not part of what is detached.
    const at = d.children.findIndex((c) => 'name' in c && c.name === 'backingStore');
    if (at >= 0) return { ...d, children: d.children.filter((_, i) => i !== at) };
    return d;
  }
  throw new CommandFailure(`No disk found whose source path or target is ${path}`);
}

const detachDisk = defineCommand({
  name: 'detach-disk',
  info: { help: 'detach disk device', desc: 'Removes a disk, named by target or source, from a domain.' },
  opts: [domainOpt(), { name: 'target', type: 'data', required: true, help: 'the disk (target or source path)' }, ...deviceImpactOpts(), printXmlOpt('print the disk XML instead of detaching it')],
  async run(ctl, cmd) {
    const { flags: f, current, persistent } = deviceFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const target = cmd.stringReq('target') ?? '';
    const root = await domainDoc(dom, f === AFFECT_CONFIG ? 2 : 0);
    const flags = await persistentLive(dom, persistent, f);
    const xml = rawXml(findDisk(root, target, false));
    if (cmd.has('print-xml')) {
      ctl.print(xml);
      return true;
    }
    await orFail('Failed to detach disk', () => dom.detachDevice(xml, flags || current ? flags : null));
    ctl.printExtra('Disk detached successfully\n');
    return true;
  },
});

/** virMacAddrCompare: case-insensitive, leading zeros optional. */
function sameMac(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .split(/[:-]/)
      .map((x) => x.toLowerCase().replace(/^0+(?=.)/, ''))
      .join(':');
  return norm(a) === norm(b);
}

const detachInterface = defineCommand({
  name: 'detach-interface',
  info: { help: 'detach network interface', desc: 'Removes a network interface, chosen by type and MAC address, from a domain.' },
  opts: [domainOpt(), { name: 'type', type: 'data', required: true, help: 'the interface type' }, { name: 'mac', type: 'string', help: 'the MAC address of the interface' }, ...deviceImpactOpts(), printXmlOpt('print the interface XML instead of detaching it')],
  async run(ctl, cmd) {
    const persistent = cmd.has('persistent');
    const current = cmd.has('current');
    exclusive(cmd, 'persistent', 'current');
    exclusive(cmd, 'current', 'live');
    exclusive(cmd, 'current', 'config');
    const printXml = cmd.has('print-xml');
    const { dom } = await commandDomain(ctl, cmd);
    const type = cmd.stringReq('type') ?? '';
    const mac = cmd.stringReq('mac');
    const affectConfig = cmd.has('config') || persistent;
    // The persistent definition first, then the running one, each with its own XML.
    let outcome: Outcome = { ok: false };
    if (affectConfig) outcome = await detachOneInterface(ctl, dom, await domainDoc(dom, 2), type, mac, printXml, AFFECT_CONFIG, current);
    if (!affectConfig || outcome.ok) {
      const affectLive = cmd.has('live') || (persistent && (await dom.isActive().catch(() => false)));
      if (affectLive || !affectConfig) {
        outcome = await detachOneInterface(ctl, dom, await domainDoc(dom, 0), type, mac, printXml, affectLive ? AFFECT_LIVE : 0, current);
      }
      if (printXml) return outcome.ok;
    }
    if (!outcome.ok) throw new CommandFailure('Failed to detach interface', outcome.cause);
    ctl.printExtra('Interface detached successfully\n');
    return true;
  },
});

interface Outcome {
  ok: boolean;
  /** libvirt's error when the driver refused; printed after virsh's own line. */
  cause?: unknown;
}

/** virshDomainDetachInterface */
async function detachOneInterface(ctl: Ctl, dom: Domain, root: XmlEl, type: string, mac: string | undefined, printXml: boolean, flags: number, current: boolean): Promise<Outcome> {
  const devices = kids(root, 'devices')[0];
  const nodes = devices ? kids(devices, 'interface').filter((i) => i.attrs.type === type) : [];
  if (nodes.length === 0) {
    ctl.error(`No interface found whose type is ${type}`);
    return { ok: false };
  }
  let match: XmlEl | undefined;
  if (mac !== undefined) {
    for (const n of nodes) {
      const m = kids(n, 'mac')[0]?.attrs.address;
      if (m !== undefined && sameMac(m, mac)) {
        if (match) {
          ctl.error(`Domain has multiple interfaces matching MAC address ${mac}. You must use detach-device and specify the device pci address to remove it.`);
          return { ok: false };
        }
        match = n;
      }
    }
  } else {
    if (nodes.length > 1) {
      ctl.error(`Domain has ${nodes.length} interfaces. Please specify which one to detach using --mac`);
      return { ok: false };
    }
    match = nodes[0];
  }
  if (!match) {
    ctl.error(`No interface with MAC address ${mac} was found`);
    return { ok: false };
  }
  const xml = rawXml(match);
  if (printXml) {
    ctl.print(xml);
    return { ok: true };
  }
  try {
    await dom.detachDevice(xml, flags !== 0 || current ? flags : null);
    return { ok: true };
  } catch (e) {
    return { ok: false, cause: e };
  }
}

// --- domif-setlink ---
const domifSetlink = defineCommand({
  name: 'domif-setlink',
  info: { help: 'set link state of a virtual interface', desc: "Brings a domain's network interface link up or down." },
  opts: [
    domainOpt(),
    { name: 'interface', type: 'data', required: true, help: 'the interface (target device or MAC address)' },
    { name: 'state', type: 'data', required: true, help: 'up or down' },
    { name: 'persistent', type: 'alias', help: 'config' },
    optConfig('change the persistent configuration'),
    printXmlOpt('print the interface XML instead of changing it'),
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const iface = cmd.stringReq('interface') ?? '';
    const state = cmd.stringReq('state') ?? '';
    if (state !== 'up' && state !== 'down') throw new CommandFailure(`invalid link state '${state}'`);
    let flags = AFFECT_LIVE;
    let xmlFlags = 0;
    if (cmd.has('config')) {
      flags = AFFECT_CONFIG;
      xmlFlags = 2;
    }
    if (!(await dom.isActive().catch(() => true))) flags = AFFECT_CONFIG;
    const root = await domainDoc(dom, xmlFlags);
    const devices = kids(root, 'devices')[0];
    const nodes = devices ? kids(devices, 'interface') : [];
    if (nodes.length === 0) throw new CommandFailure('Failed to extract interface information or no interfaces found');
    const lower = iface.toLowerCase();
    const node = nodes.find((n) => kids(n, 'mac')[0]?.attrs.address?.toLowerCase() === lower || kids(n, 'target')[0]?.attrs.dev?.toLowerCase() === lower);
    if (!node) throw new CommandFailure(`interface '${iface}' not found`);
    let link = kids(node, 'link')[0];
    if (!link) {
      link = { name: 'link', ns: '', prefix: '', attrs: {}, attrOrder: [], children: [], line: 0 };
      node.children.push(link);
    }
    if (!('state' in link.attrs)) link.attrOrder.push('state');
    link.attrs.state = state;
    const xml = rawXml(node);
    if (cmd.has('print-xml')) {
      ctl.print(xml);
      return true;
    }
    await orFail('Failed to update interface link state', () => dom.updateDeviceFlags(xml, flags));
    ctl.printExtra('Device updated successfully\n');
    return true;
  },
});

// --- change-media ---
const changeMedia = defineCommand({
  name: 'change-media',
  info: { help: 'Change media of CD or floppy drive', desc: 'Ejects, inserts or replaces the medium of a CD-ROM or floppy drive.' },
  opts: [
    domainOpt(),
    { name: 'path', type: 'data', required: true, help: 'the drive (target or source path)' },
    { name: 'source', type: 'string', help: 'the new medium' },
    { name: 'eject', type: 'bool', help: 'eject the medium' },
    { name: 'insert', type: 'bool', help: 'insert a medium' },
    { name: 'update', type: 'bool', help: 'replace the medium (ejects when no source is given)' },
    optCurrent('change the running domain, or the configuration if it is stopped'),
    optLive('change the running domain'),
    optConfig('change the persistent configuration'),
    { name: 'force', type: 'bool', help: 'eject even if the guest locked the tray' },
    printXmlOpt('print the drive XML instead of changing it'),
    { name: 'block', type: 'bool', help: 'the new medium is a block device' },
  ],
  async run(ctl, cmd) {
    exclusive(cmd, 'eject', 'insert');
    exclusive(cmd, 'eject', 'update');
    exclusive(cmd, 'insert', 'update');
    exclusive(cmd, 'eject', 'block');
    const source = cmd.stringReq('source');
    let eject = cmd.has('eject');
    let update = cmd.has('update');
    const insert = cmd.has('insert');
    if (update && source === undefined) {
      update = false;
      eject = true;
    }
    let action = 'update';
    let done = 'Successfully updated media.';
    if (eject) {
      action = 'eject';
      done = 'Successfully ejected media.';
    }
    if (insert) {
      action = 'insert';
      done = 'Successfully inserted media.';
    }
    if (update || (!eject && !insert)) {
      action = 'update';
      done = 'Successfully updated media.';
    }
    exclusive(cmd, 'current', 'live');
    exclusive(cmd, 'current', 'config');
    let flags = 0;
    if (cmd.has('config')) flags |= AFFECT_CONFIG;
    if (cmd.has('live')) flags |= AFFECT_LIVE;
    if (cmd.has('force')) flags |= MODIFY_FORCE;
    const { dom } = await commandDomain(ctl, cmd);
    const path = cmd.stringReq('path') ?? '';
    const root = await domainDoc(dom, flags & AFFECT_CONFIG ? 2 : 0);
    const disk = findDisk(root, path, true);
    // The drive's new XML: its source replaced (or dropped on eject).
    const children = disk.children.filter((c) => !('name' in c && c.name === 'source'));
    if (!eject && source !== undefined) {
      const attr = cmd.has('block') ? 'dev' : 'file';
      children.unshift({ name: 'source', ns: '', prefix: '', attrs: { [attr]: source }, attrOrder: [attr], children: [], line: 0 });
    }
    const xml = rawXml({ ...disk, children });
    if (cmd.has('print-xml')) {
      ctl.print(xml);
      return true;
    }
    await orFail(`Failed to complete action ${action} on media`, () => dom.updateDeviceFlags(xml, flags));
    ctl.print(done);
    return true;
  },
});

// --- update-memory-device ---
const updateMemoryDevice = defineCommand({
  name: 'update-memory-device',
  info: { help: 'update memory device of a domain', desc: "Changes a memory device of a domain, such as a virtio-mem device's requested size." },
  opts: [
    domainOpt(),
    optConfig('change the persistent configuration'),
    optLive('change the running domain'),
    optCurrent('change the running domain, or the configuration if it is stopped'),
    printXmlOpt('print the device XML instead of changing it'),
    { name: 'alias', type: 'string', help: 'the alias of the memory device' },
    { name: 'node', type: 'int', help: 'the NUMA node of the memory device' },
    { name: 'requested-size', type: 'int', help: 'the new requested size (KiB unless a unit is given)' },
  ],
  async run(ctl, cmd) {
    exclusive(cmd, 'current', 'live');
    exclusive(cmd, 'current', 'config');
    exclusive(cmd, 'node', 'alias');
    let flags = 0;
    if (cmd.has('config')) flags |= AFFECT_CONFIG;
    if (cmd.has('live')) flags |= AFFECT_LIVE;
    const { dom } = await commandDomain(ctl, cmd);
    const root = await domainDoc(dom, flags & AFFECT_CONFIG ? 2 : 0);
    // The test driver's domains model no <memory> devices, so the search always ends here.
    const devices = kids(root, 'devices')[0];
    if (!devices || kids(devices, 'memory').length === 0) throw new CommandFailure('no memory device found');
    throw new CommandFailure('no memory device found');
  },
});

export const deviceCommands = {
  attachDevice,
  attachDisk,
  attachInterface,
  changeMedia,
  detachDevice,
  detachDeviceAlias,
  detachDisk,
  detachInterface,
  domifSetlink,
  updateDevice,
  updateMemoryDevice,
};
