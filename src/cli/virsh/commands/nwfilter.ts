// virsh's "Network Filter" group (virsh-nwfilter.c): filters by name or UUID, and their bindings
// to guest ports.
import type { NWFilter, NWFilterBinding } from '../../../api/nwfilter.js';
import { NWFilterDefineFlags } from '../../../api/nwfilter.js';
import { ErrorCode } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import { dumpXml, editLoop } from './network.js';

const filterOpt: OptDef = { name: 'nwfilter', type: 'data', required: true, help: 'network filter name or UUID' };
const bindingOpt: OptDef = { name: 'binding', type: 'data', required: true, help: 'network filter binding port device' };
const xpathOpts: OptDef[] = [
  { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
  { name: 'wrap', type: 'bool', help: 'put the XPath results under one common root element' },
];

/** virshCommandOptNWFilter: a 36-character value is tried as a UUID first, then as a name. */
async function filterFromOpt(ctl: Ctl, cmd: ParsedCommand): Promise<{ filter: NWFilter; name: string }> {
  const n = cmd.stringReq('nwfilter')!;
  const conn = await ctl.conn();
  let last: unknown;
  if (n.length === 36) {
    try {
      return { filter: await conn.nwfilterLookupByUUIDString(n), name: n };
    } catch (e) {
      last = e;
    }
  }
  try {
    return { filter: await conn.nwfilterLookupByName(n), name: n };
  } catch (e) {
    last = e;
  }
  throw new CommandFailure(`failed to get nwfilter '${n}'`, last);
}

async function bindingFromOpt(ctl: Ctl, cmd: ParsedCommand): Promise<{ binding: NWFilterBinding; portdev: string }> {
  const n = cmd.stringReq('binding')!;
  const conn = await ctl.conn();
  try {
    return { binding: await conn.nwfilterBindingLookupByPortDev(n), portdev: n };
  } catch (e) {
    throw new CommandFailure(`failed to get nwfilter binding '${n}'`, e);
  }
}

function isNoSupport(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: number }).code === ErrorCode.NoSupport;
}

function caseless(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

const nwfilterDefine = defineCommand({
  name: 'nwfilter-define',
  info: { help: 'define or change a network filter from an XML file', desc: 'Defines a network filter, or changes an existing one, from an XML file.' },
  opts: [
    { name: 'file', type: 'data', required: true, help: 'XML file describing the network filter' },
    { name: 'validate', type: 'bool', help: 'check the XML against the schema' },
  ],
  async run(ctl, cmd) {
    const from = cmd.stringReq('file')!;
    const flags = cmd.has('validate') ? NWFilterDefineFlags.VALIDATE : 0;
    const xml = await ctl.readFile(from);
    const conn = await ctl.conn();
    let filter: NWFilter;
    try {
      filter = await conn.nwfilterDefineXML(xml, flags);
    } catch (e) {
      throw new CommandFailure(`Failed to define network filter from ${from}`, e);
    }
    ctl.printExtra(`Network filter ${filter.name} defined from ${from}\n`);
    return true;
  },
});

const nwfilterUndefine = defineCommand({
  name: 'nwfilter-undefine',
  info: { help: 'remove a network filter', desc: 'Removes the definition of a network filter.' },
  opts: [filterOpt],
  async run(ctl, cmd) {
    const { filter, name } = await filterFromOpt(ctl, cmd);
    try {
      await filter.undefine();
    } catch (e) {
      throw new CommandFailure(`Failed to undefine network filter ${name}`, e);
    }
    ctl.printExtra(`Network filter ${name} undefined\n`);
    return true;
  },
});

const nwfilterDumpxml = defineCommand({
  name: 'nwfilter-dumpxml',
  info: { help: 'print a network filter as XML', desc: 'Prints the XML definition of a network filter.' },
  opts: [filterOpt, ...xpathOpts],
  async run(ctl, cmd) {
    const { filter } = await filterFromOpt(ctl, cmd);
    const xpath = cmd.string('xpath');
    const xml = await filter.getXMLDesc(0);
    return dumpXml(ctl, xml, 'nwfilter', xpath, cmd.has('wrap'));
  },
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
      let names: string[];
      try {
        const n = await conn.numOfNWFilters();
        names = n === 0 ? [] : await conn.listNWFilters(n);
      } catch (e2) {
        throw new CommandFailure('Failed to count network filters', e2);
      }
      list = [];
      for (const n of names) {
        try {
          list.push(await conn.nwfilterLookupByName(n));
        } catch {
          // gone in between: left out
        }
      }
    }
    list.sort((a, b) => caseless(a.name, b.name));
    const table = new Table(['UUID', 'Name']);
    for (const f of list) table.addRow([f.uuid, f.name]);
    printTable(ctl, table);
    return true;
  },
});

const nwfilterEdit = defineCommand({
  name: 'nwfilter-edit',
  info: { help: 'edit the XML of a network filter', desc: 'Opens the XML definition of a network filter in an editor and applies the result.' },
  opts: [filterOpt],
  async run(ctl, cmd) {
    const { filter } = await filterFromOpt(ctl, cmd);
    const conn = await ctl.conn();
    return editLoop(ctl, {
      getXml: () => filter.getXMLDesc(0),
      define: async (xml) => (await conn.nwfilterDefineXML(xml)).name,
      notChanged: `Network filter ${filter.name} XML configuration not changed.\n`,
      edited: (name) => `Network filter ${name} XML configuration edited.\n`,
    });
  },
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
    list.sort((a, b) => caseless(a.portDev, b.portDev));
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
