// virsh's "Network Filter" group (virsh-nwfilter.c): filters by name or UUID, and their bindings
// to guest ports.
import type { NWFilter, NWFilterBinding } from '../../../api/nwfilter.js';
import { NWFilterDefineFlags } from '../../../api/nwfilter.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import {
  BY_NAME,
  BY_UUID,
  actionCommand,
  attempt,
  dumpxmlCommand,
  editCommand,
  fromFileCommand,
  isNoSupport,
  lookupByUuidOrName,
  lookupEach,
  validateOpt,
  type ObjectKind,
} from './shared/object-commands.js';
import { strcasecmp } from './shared/virsh-strings.js';
import { xpathOpts } from './shared/xml-output.js';

const filterOpt: OptDef = { name: 'nwfilter', type: 'data', required: true, help: 'network filter name or UUID' };
const bindingOpt: OptDef = { name: 'binding', type: 'data', required: true, help: 'network filter binding port device' };
/** virshCommandOptNWFilter: a 36-character value is tried as a UUID first, then as a name. */
async function filterFromOpt(ctl: Ctl, cmd: ParsedCommand): Promise<{ filter: NWFilter; name: string }> {
  const n = cmd.stringReq('nwfilter')!;
  const conn = await ctl.conn();
  const filter = await lookupByUuidOrName(n, BY_UUID | BY_NAME, 'nwfilter', { byUuid: (u) => conn.nwfilterLookupByUUIDString(u), byName: (m) => conn.nwfilterLookupByName(m) });
  return { filter, name: n };
}

const NWFILTER: ObjectKind<NWFilter> = {
  noun: 'network filter',
  label: 'Network filter',
  opt: () => filterOpt,
  find: async (ctl, cmd) => {
    const { filter, name } = await filterFromOpt(ctl, cmd);
    return { obj: filter, name };
  },
};

async function bindingFromOpt(ctl: Ctl, cmd: ParsedCommand): Promise<{ binding: NWFilterBinding; portdev: string }> {
  const n = cmd.stringReq('binding')!;
  const conn = await ctl.conn();
  try {
    return { binding: await conn.nwfilterBindingLookupByPortDev(n), portdev: n };
  } catch (e) {
    throw new CommandFailure(`failed to get nwfilter binding '${n}'`, e);
  }
}

const nwfilterDefine = fromFileCommand(NWFILTER, {
  name: 'nwfilter-define',
  info: { help: 'define or change a network filter from an XML file', desc: 'Defines a network filter, or changes an existing one, from an XML file.' },
  verb: 'define',
  fileHelp: 'XML file describing the network filter',
  opts: [validateOpt],
  flags: (_ctl, cmd) => (cmd.has('validate') ? NWFilterDefineFlags.VALIDATE : 0),
  call: (conn, xml, flags) => conn.nwfilterDefineXML(xml, flags),
});

const nwfilterUndefine = actionCommand(NWFILTER, {
  name: 'nwfilter-undefine',
  info: { help: 'remove a network filter', desc: 'Removes the definition of a network filter.' },
  verb: 'undefine',
  done: 'undefined',
  act: (f) => f.undefine(),
});

const nwfilterDumpxml = dumpxmlCommand(NWFILTER, {
  name: 'nwfilter-dumpxml',
  info: { help: 'print a network filter as XML', desc: 'Prints the XML definition of a network filter.' },
  url: 'nwfilter',
});

const nwfilterList = defineCommand({
  name: 'nwfilter-list',
  info: { help: 'list the network filters', desc: 'Shows the network filters with their UUIDs.' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    let list: NWFilter[];
    try {
      list = await conn.listAllNWFilters(0);
    } catch (e) {
      if (!isNoSupport(e)) throw new CommandFailure('Failed to list network filters', e);
      const n = await attempt(conn.numOfNWFilters(), 'Failed to count network filters');
      const names = n === 0 ? [] : await attempt(conn.listNWFilters(n), 'Failed to count network filters');
      list = await lookupEach(names, (name) => conn.nwfilterLookupByName(name));
    }
    list.sort((a, b) => strcasecmp(a.name, b.name));
    const table = new Table(['UUID', 'Name']);
    for (const f of list) table.addRow([f.uuid, f.name]);
    printTable(ctl, table);
    return true;
  },
});

const nwfilterEdit = editCommand(NWFILTER, {
  name: 'nwfilter-edit',
  info: { help: 'edit the XML of a network filter', desc: 'Opens the XML definition of a network filter in an editor and applies the result.' },
  xmlReader: async (filter) => () => filter.getXMLDesc(0),
  define: (conn, xml) => conn.nwfilterDefineXML(xml),
});

const bindingCreate = defineCommand({
  name: 'nwfilter-binding-create',
  info: { help: 'bind a network filter to a port from an XML file', desc: 'Creates a network filter binding on a guest port from an XML file.' },
  opts: [
    { name: 'file', type: 'data', required: true, help: 'XML file describing the binding' },
    { name: 'validate', type: 'bool', help: 'check the XML against the schema' },
  ],
  async run(ctl, cmd) {
    const from = cmd.stringReq('file')!;
    const flags = cmd.has('validate') ? 1 : 0;
    const xml = await ctl.readFile(from);
    const conn = await ctl.conn();
    let binding: NWFilterBinding;
    try {
      binding = await conn.nwfilterBindingCreateXML(xml, flags);
    } catch (e) {
      throw new CommandFailure(`Failed to create network filter from ${from}`, e);
    }
    ctl.printExtra(`Network filter binding on ${binding.portDev} created from ${from}\n`);
    return true;
  },
});

const bindingDelete = defineCommand({
  name: 'nwfilter-binding-delete',
  info: { help: 'remove a network filter binding', desc: 'Removes the network filter binding of a guest port.' },
  opts: [bindingOpt],
  async run(ctl, cmd) {
    const { binding, portdev } = await bindingFromOpt(ctl, cmd);
    try {
      await binding.delete();
    } catch (e) {
      throw new CommandFailure(`Failed to delete network filter binding on ${portdev}`, e);
    }
    ctl.printExtra(`Network filter binding on ${portdev} deleted\n`);
    return true;
  },
});

const bindingDumpxml = defineCommand({
  name: 'nwfilter-binding-dumpxml',
  info: { help: 'print a network filter binding as XML', desc: 'Prints the XML description of a network filter binding.' },
  opts: [bindingOpt, ...xpathOpts],
  async run(ctl, cmd) {
    const { binding } = await bindingFromOpt(ctl, cmd);
    let xml: string;
    try {
      xml = await binding.getXMLDesc(0);
    } catch {
      // virsh 9.0 reports success here without printing anything (its result starts out true),
      // and it never reads --xpath for bindings.
      return true;
    }
    ctl.print(xml);
    return true;
  },
});

const bindingList = defineCommand({
  name: 'nwfilter-binding-list',
  info: { help: 'list the network filter bindings', desc: 'Shows the guest ports that have a network filter bound, with the filter.' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    let list: NWFilterBinding[];
    try {
      list = await conn.listAllNWFilterBindings(0);
    } catch (e) {
      throw new CommandFailure('Failed to list network filter bindings', e);
    }
    list.sort((a, b) => strcasecmp(a.portDev, b.portDev));
    const table = new Table(['Port Dev', 'Filter']);
    for (const b of list) table.addRow([b.portDev, b.filterName]);
    printTable(ctl, table);
    return true;
  },
});

export const commands: CommandDef[] = [
  nwfilterDefine,
  nwfilterDumpxml,
  nwfilterEdit,
  nwfilterList,
  nwfilterUndefine,
  bindingCreate,
  bindingDelete,
  bindingDumpxml,
  bindingList,
];
