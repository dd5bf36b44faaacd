// virsh's "Interface" group (virsh-interface.c): host interfaces, their definitions and the
// change transactions (iface-begin / iface-commit / iface-rollback).
import type { Connect } from '../../../api/connect.js';
import type { Interface } from '../../../api/interface.js';
import { InterfaceXMLFlags, ListInterfacesFlags } from '../../../api/interface.js';
import { isEl, parseXml, type XmlEl } from '../../../conf/xml/parse.js';
import { children, child } from '../../../conf/xml/read.js';
import { escapeAttr, escapeText } from '../../../conf/xml/writer.js';
import { ErrorDomain } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import {
  actionCommand,
  dumpxmlCommand,
  editCommand,
  fromFileCommand,
  isNoSupport,
  lookupEach,
  propertyCommand,
  validateOpt,
  type ObjectKind,
} from './shared/object-commands.js';
import { strcasecmp } from './shared/virsh-strings.js';
import { exclusive } from './shared/exclusive-options.js';

/** VIRSH_COMMON_OPT_INTERFACE */
const interfaceOpt: OptDef = { name: 'interface', type: 'data', required: true, help: 'interface name or MAC address' };

/** virMacAddrParse: six groups of one or two hex digits separated by ':', then the end or white space. */
export function isMacAddress(s: string): boolean {
  let rest = s;
  for (let i = 0; i < 6; i++) {
    const m = /^[0-9a-fA-F]+/.exec(rest);
    if (!m || m[0].length > 2) return false;
    rest = rest.slice(m[0].length);
    if (i === 5) return rest === '' || rest.charCodeAt(0) <= 0x20;
    if (rest[0] !== ':') return false;
    rest = rest.slice(1);
  }
  return false;
}

const BY_NAME = 1;
const BY_MAC = 2;

/**
 * virshCommandOptInterfaceBy: the interface named by an option, looked up by name or by MAC as the
 * text looks. A MAC where only names are accepted (or the reverse) fails without asking libvirt.
 */
async function interfaceFromOpt(
  ctl: Ctl,
  cmd: ParsedCommand,
  optname = 'interface',
  by = BY_NAME | BY_MAC,
): Promise<{ iface: Interface; name: string }> {
  const n = cmd.stringReq(optname)!;
  const conn = await ctl.conn();
  const isMac = isMacAddress(n);
  let iface: Interface | undefined;
  try {
    if (!isMac && by & BY_NAME) iface = await conn.interfaceLookupByName(n);
    else if (isMac && by & BY_MAC) iface = await conn.interfaceLookupByMACString(n);
  } catch (e) {
    throw new CommandFailure(`failed to get interface '${n}'`, e);
  }
  if (!iface) throw new CommandFailure(`failed to get interface '${n}'`);
  return { iface, name: n };
}

const INTERFACE: ObjectKind<Interface> = {
  noun: 'interface',
  label: 'Interface',
  opt: (help) => (help === undefined ? interfaceOpt : { ...interfaceOpt, help }),
  find: async (ctl, cmd, by) => {
    const { iface, name } = await interfaceFromOpt(ctl, cmd, 'interface', by);
    return { obj: iface, name };
  },
};


/** virshInterfaceListCollect: the modern listing, else the old per-state name lists. */
async function collectInterfaces(ctl: Ctl, conn: Connect, flags: number): Promise<Interface[]> {
  let list: Interface[];
  try {
    list = await conn.listAllInterfaces(flags);
  } catch (e) {
    if (!isNoSupport(e)) throw new CommandFailure('Failed to list interfaces', e);
    list = [];
    const lookupAll = async (names: string[]) => list.push(...(await lookupEach(names, (n) => conn.interfaceLookupByName(n))));
    if (flags & ListInterfacesFlags.ACTIVE) {
      let names: string[];
      try {
        names = await conn.listInterfaces(await conn.numOfInterfaces());
      } catch (e2) {
        throw new CommandFailure('Failed to list active interfaces', e2);
      }
      await lookupAll(names);
    }
    if (flags & ListInterfacesFlags.INACTIVE) {
      let names: string[];
      try {
        names = await conn.listDefinedInterfaces(await conn.numOfDefinedInterfaces());
      } catch (e2) {
        throw new CommandFailure('Failed to list inactive interfaces', e2);
      }
      await lookupAll(names);
    }
  }
  return list.sort((a, b) => strcasecmp(a.name, b.name));
}

const ifaceList = defineCommand({
  name: 'iface-list',
  info: { help: 'list the host interfaces', desc: 'Shows the host interfaces with their state and MAC address.' },
  opts: [
    { name: 'inactive', type: 'bool', help: 'show only the inactive interfaces' },
    { name: 'all', type: 'bool', help: 'show active and inactive interfaces' },
  ],
  async run(ctl, cmd) {
    const inactive = cmd.has('inactive');
    const all = cmd.has('all');
    if (exclusive(ctl, cmd, 'all', 'inactive')) return false;
    let flags: number = ListInterfacesFlags.ACTIVE;
    if (inactive) flags = ListInterfacesFlags.INACTIVE;
    if (all) flags = ListInterfacesFlags.INACTIVE | ListInterfacesFlags.ACTIVE;
    const conn = await ctl.conn();
    const list = await collectInterfaces(ctl, conn, flags);
    const table = new Table(['Name', 'State', 'MAC Address']);
    for (const iface of list) {
      // A failed state query counts as active, as virsh tests the raw -1.
      const active = await iface.isActive().catch(() => true);
      table.addRow([iface.name, active ? 'active' : 'inactive', iface.mac]);
    }
    printTable(ctl, table);
    return true;
  },
});

const ifaceName = propertyCommand(INTERFACE, {
  name: 'iface-name',
  info: { help: 'find an interface name from its MAC address', desc: '' },
  optHelp: 'MAC address of the interface',
  by: BY_MAC,
  value: (i) => i.name,
});

const ifaceMac = propertyCommand(INTERFACE, {
  name: 'iface-mac',
  info: { help: 'find an interface MAC address from its name', desc: '' },
  optHelp: 'name of the interface',
  by: BY_NAME,
  value: (i) => i.mac,
});

const ifaceDumpxml = dumpxmlCommand(INTERFACE, {
  name: 'iface-dumpxml',
  info: { help: 'print an interface definition as XML', desc: 'Prints the XML definition of a host interface.' },
  url: 'interface',
  inactive: { help: 'show the definition used at next boot', flag: InterfaceXMLFlags.INACTIVE },
});

const ifaceDefine = fromFileCommand(INTERFACE, {
  name: 'iface-define',
  info: {
    help: 'define a host interface from an XML file, or replace the definition of an existing one',
    desc: 'Defines a persistent host interface, or changes the definition of one, from an XML file.',
  },
  verb: 'define',
  fileHelp: 'XML file describing the interface',
  opts: [validateOpt],
  flags: (_ctl, cmd) => (cmd.has('validate') ? 1 : 0),
  call: (conn, xml, flags) => conn.interfaceDefineXML(xml, flags),
});

const ifaceUndefine = actionCommand(INTERFACE, {
  name: 'iface-undefine',
  info: { help: 'remove the definition of a host interface', desc: 'Removes a host interface from the configuration.' },
  verb: 'undefine',
  done: 'undefined',
  act: (i) => i.undefine(),
});

const ifaceStart = actionCommand(INTERFACE, {
  name: 'iface-start',
  info: { help: 'bring a host interface up', desc: 'Starts (brings up) a host interface.' },
  verb: 'start',
  done: 'started',
  act: (i) => i.create(0),
});

const ifaceDestroy = actionCommand(INTERFACE, {
  name: 'iface-destroy',
  info: { help: 'take a host interface down', desc: 'Stops (takes down) a host interface at once.' },
  verb: 'destroy',
  done: 'destroyed',
  act: (i) => i.destroy(0),
  // virsh 9.0 reports failure even after a successful destroy; its exit status says so too.
  status: false,
});

const ifaceEdit = editCommand(INTERFACE, {
  name: 'iface-edit',
  info: { help: 'edit the XML definition of a host interface', desc: 'Opens the XML definition of a host interface in an editor and applies the result.' },
  // The edit loop starts from, and compares against, the definition for next boot.
  xmlReader: async (iface) => () => iface.getXMLDesc(InterfaceXMLFlags.INACTIVE),
  define: (conn, xml) => conn.interfaceDefineXML(xml, 0),
});

function transaction(name: string, help: string, desc: string, op: 'begin' | 'commit' | 'rollback'): CommandDef {
  const fail = {
    begin: 'Failed to begin network config change transaction',
    commit: 'Failed to commit network config change transaction',
    rollback: 'Failed to rollback network config change transaction',
  }[op];
  const done = {
    begin: 'Network config change transaction started\n',
    commit: 'Network config change transaction committed\n',
    rollback: 'Network config change transaction rolled back\n',
  }[op];
  return defineCommand({
    name,
    info: { help, desc },
    opts: [],
    async run(ctl) {
      const conn = await ctl.conn();
      try {
        if (op === 'begin') await conn.interfaceChangeBegin(0);
        else if (op === 'commit') await conn.interfaceChangeCommit(0);
        else await conn.interfaceChangeRollback(0);
      } catch (e) {
        throw new CommandFailure(fail, e);
      }
      ctl.printExtra(done);
      return true;
    },
  });
}

// ---- iface-bridge / iface-unbridge: rewrite the definition's XML tree, as virsh does ----

/** Serialise a parsed tree back to text for redefinition (layout does not matter, it is parsed again). */
function serialize(el: XmlEl): string {
  let s = `<${el.name}`;
  for (const k of el.attrOrder) s += ` ${k}='${escapeAttr(el.attrs[k])}'`;
  if (el.children.length === 0) return `${s}/>`;
  s += '>';
  for (const c of el.children) {
    if (isEl(c)) s += serialize(c);
    else if ('text' in c) s += escapeText(c.text);
    else if ('cdata' in c) s += `<![CDATA[${c.cdata}]]>`;
  }
  return `${s}</${el.name}>`;
}

function setAttr(el: XmlEl, name: string, value: string): void {
  if (!(name in el.attrs)) el.attrOrder.push(name);
  el.attrs[name] = value;
}

function newEl(name: string): XmlEl {
  return { name, ns: '', prefix: '', attrs: {}, attrOrder: [], children: [], line: 0 };
}

/** Move the <mac>, <bond> and <vlan> children of `from` to the end of `to`. */
function moveDeviceChildren(from: XmlEl, to: XmlEl): void {
  const keep = [];
  for (const c of from.children) {
    if (isEl(c) && (c.name === 'mac' || c.name === 'bond' || c.name === 'vlan')) to.children.push(c);
    else keep.push(c);
  }
  from.children = keep;
}

const ifaceBridge = defineCommand({
  name: 'iface-bridge',
  info: { help: 'put an existing host interface under a new bridge', desc: 'Creates a bridge device and attaches an existing network device to it.' },
  opts: [
    { name: 'interface', type: 'data', required: true, help: 'name of the existing interface' },
    { name: 'bridge', type: 'data', required: true, help: 'name for the new bridge device' },
    { name: 'no-stp', type: 'bool', help: 'leave STP off on the bridge' },
    { name: 'delay', type: 'int', help: 'seconds of forwarding delay for newly connected ports' },
    { name: 'no-start', type: 'bool', help: 'do not start the bridge now' },
  ],
  async run(ctl, cmd) {
    const { iface, name: ifName } = await interfaceFromOpt(ctl, cmd, 'interface', BY_NAME);
    const brName = cmd.stringReq('bridge')!;
    const conn = await ctl.conn();
    // A failed lookup is the good case here, but libvirt keeps its error as the last one, and
    // virsh prints it if a later step fails without an error of its own.
    let lingering: unknown;
    try {
      await conn.interfaceLookupByName(brName);
      ctl.error(`Network device ${brName} already exists`);
      return false;
    } catch (e) {
      lingering = e;
    }
    const stp = !cmd.has('no-stp');
    let delay: number;
    try {
      delay = cmd.uint('delay') ?? 0;
    } catch (e) {
      if (e instanceof CommandFailure) throw new CommandFailure(e.message, lingering);
      throw e;
    }
    const noStart = cmd.has('no-start');
    const xml = await iface.getXMLDesc(InterfaceXMLFlags.INACTIVE);
    let top: XmlEl;
    try {
      top = await parseXml(xml, '(interface definition)', ErrorDomain.Interface);
    } catch (e) {
      throw new CommandFailure(`Failed to parse configuration of ${ifName}`, e);
    }
    const ifType = top.attrs.type;
    if (ifType === undefined) throw new CommandFailure(`Existing device ${ifName} has no type`);
    if (ifType === 'bridge') throw new CommandFailure(`Existing device ${ifName} is already a bridge`);
    const ifName2 = top.attrs.name;
    if (ifName2 !== ifName) {
      throw new CommandFailure(`Interface name from config ${ifName2 ?? '(null)'} doesn't match given supplied name ${ifName}`);
    }
    const br = newEl('bridge');
    top.children.push(br);
    setAttr(br, 'stp', stp ? 'on' : 'off');
    if (stp) setAttr(br, 'delay', String(delay | 0));
    setAttr(top, 'type', 'bridge');
    setAttr(top, 'name', brName);
    const inner = newEl('interface');
    br.children.push(inner);
    setAttr(inner, 'type', ifType);
    setAttr(inner, 'name', ifName);
    moveDeviceChildren(top, inner);
    let brIface: Interface;
    try {
      brIface = await conn.interfaceDefineXML(serialize(top), 0);
    } catch (e) {
      throw new CommandFailure(`Failed to define new bridge interface ${brName}`, e);
    }
    ctl.printExtra(`Created bridge ${brName} with attached device ${ifName}\n`);
    if (!noStart) {
      try {
        await brIface.create(0);
      } catch (e) {
        throw new CommandFailure(`Failed to start bridge interface ${brName}`, e);
      }
      ctl.printExtra(`Bridge interface ${brName} started\n`);
    }
    return true;
  },
});

const ifaceUnbridge = defineCommand({
  name: 'iface-unbridge',
  info: { help: 'detach the device of a bridge and remove the bridge', desc: 'Moves the one device attached to a bridge back out and removes the bridge definition.' },
  opts: [
    { name: 'bridge', type: 'data', required: true, help: 'name of the bridge device' },
    { name: 'no-start', type: 'bool', help: 'do not start the detached interface now' },
  ],
  async run(ctl, cmd) {
    const { iface: brIface, name: brName } = await interfaceFromOpt(ctl, cmd, 'bridge', BY_NAME);
    const noStart = cmd.has('no-start');
    const xml = await brIface.getXMLDesc(InterfaceXMLFlags.INACTIVE);
    let top: XmlEl;
    try {
      top = await parseXml(xml, '(bridge interface definition)', ErrorDomain.Interface);
    } catch (e) {
      throw new CommandFailure(`Failed to parse configuration of ${brName}`, e);
    }
    const type = top.attrs.type;
    if (type === undefined) throw new CommandFailure(`Existing device ${brName} has no type`);
    if (type !== 'bridge') throw new CommandFailure(`Device ${brName} is not a bridge`);
    if (top.attrs.name !== brName) {
      throw new CommandFailure(`Interface name from config ${top.attrs.name ?? '(null)'} doesn't match given supplied name ${brName}`);
    }
    const br = child(top, 'bridge');
    if (!br) throw new CommandFailure('No bridge node in xml document');
    const ports = children(br, 'interface');
    if (ports.length > 1) throw new CommandFailure('Multiple interfaces attached to bridge');
    const port = ports[0];
    if (!port) throw new CommandFailure('No interface attached to bridge');
    const ifName = port.attrs.name;
    if (ifName === undefined) throw new CommandFailure(`Device attached to bridge ${brName} has no name`);
    const ifType = port.attrs.type;
    if (ifType === undefined) throw new CommandFailure(`Attached device ${ifName} has no type`);
    setAttr(top, 'type', ifType);
    setAttr(top, 'name', ifName);
    moveDeviceChildren(port, top);
    try {
      await brIface.destroy(0);
    } catch (e) {
      throw new CommandFailure(`Failed to destroy bridge interface ${brName}`, e);
    }
    try {
      await brIface.undefine();
    } catch (e) {
      throw new CommandFailure(`Failed to undefine bridge interface ${brName}`, e);
    }
    const conn = await ctl.conn();
    let iface: Interface;
    try {
      iface = await conn.interfaceDefineXML(serialize(top), 0);
    } catch (e) {
      throw new CommandFailure(`Failed to define new interface ${ifName}`, e);
    }
    ctl.printExtra(`Device ${ifName} un-attached from bridge ${brName}\n`);
    if (!noStart) {
      try {
        await iface.create(0);
      } catch (e) {
        throw new CommandFailure(`Failed to start interface ${ifName}`, e);
      }
      ctl.printExtra(`Interface ${ifName} started\n`);
    }
    return true;
  },
});

export const commands: CommandDef[] = [
  transaction(
    'iface-begin',
    'save the current interface settings as a restore point',
    'Saves the current settings of the host interfaces so that they can later be kept (iface-commit) or restored (iface-rollback).',
    'begin',
  ),
  ifaceBridge,
  transaction('iface-commit', 'keep the changes made since iface-begin', 'Keeps the changes and drops the restore point.', 'commit'),
  ifaceDefine,
  ifaceDestroy,
  ifaceDumpxml,
  ifaceEdit,
  ifaceList,
  ifaceMac,
  ifaceName,
  transaction('iface-rollback', 'go back to the settings saved by iface-begin', 'Restores the settings of the restore point.', 'rollback'),
  ifaceStart,
  ifaceUnbridge,
  ifaceUndefine,
];
