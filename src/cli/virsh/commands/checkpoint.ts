// virsh's "Checkpoint" group (virsh-checkpoint.c): create, list, inspect, edit and delete domain
// checkpoints (the dirty-block markers incremental backups start from).
import type { Domain } from '../../../api/domain.js';
import { CheckpointCreateFlags as C, CheckpointDeleteFlags as D, CheckpointListFlags as L, CheckpointXMLFlags as X, type DomainCheckpoint } from '../../../api/domain-checkpoint.js';
import { escapeLibvirt } from '../../../conf/domain/xml-out.js';
import { parseXml } from '../../../conf/xml/parse.js';
import { ErrorCode, ErrorDomain, VirError } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { commandDomain, domainOpt as sharedDomainOpt } from './lookup.js';
import { dumpXml } from './shared/xml-output.js';
import {
  collectListed,
  createAsOpts,
  createAsXml,
  deleteAndReport,
  deleteOpts,
  listModes,
  listOpts,
  printListTable,
  printParent,
  printTreeOrNames,
  treeExcludedFilters,
  type ParentName,
} from './shared/snapshot-checkpoint.js';
import { stringToArray } from './shared/virsh-strings.js';
import { editInTempFile } from './shared/xml-editor.js';

// --- shared option builders and helpers ---

const domainOpt: OptDef = sharedDomainOpt();
const checkpointNameOpt = (help = 'name of the checkpoint'): OptDef => ({ name: 'checkpointname', type: 'string', help });

/**
 * virshLookupCheckpoint: the checkpoint named by option `arg` of the domain. Returns undefined
 * after reporting a missing option; a failed lookup throws libvirt's error.
 */
async function lookupCheckpoint(ctl: Ctl, cmd: ParsedCommand, arg: string, dom: Domain): Promise<DomainCheckpoint | undefined> {
  const name = cmd.stringReq(arg);
  if (name === undefined) {
    ctl.error(`--${arg} is required`);
    return undefined;
  }
  return dom.checkpointLookupByName(name, 0);
}

/**
 * virshGetCheckpointParent: the parent's name, or null for a root; false once a failure has been
 * reported (libvirt's error, then virsh's line).
 */
async function checkpointParentName(ctl: Ctl, chk: DomainCheckpoint): Promise<ParentName> {
  try {
    return (await chk.getParent(0)).name;
  } catch (e) {
    if (VirError.is(e, ErrorCode.NoDomainCheckpoint)) return null;
    reportError(ctl, e);
    ctl.error('unable to determine if checkpoint has parent');
    return false;
  }
}

/** vshReportError for an error caught in the middle of a command: libvirt's message as it stands. */
function reportError(ctl: Ctl, e: unknown): void {
  ctl.error(e instanceof VirError ? e.message : `internal error: ${(e as Error).message}`);
}

/** virshCheckpointCreate: create and report. */
async function createCheckpoint(ctl: Ctl, dom: Domain, buffer: string, flags: number, from: string | undefined): Promise<boolean> {
  const chk = await dom.checkpointCreateXML(buffer, flags);
  if (from !== undefined) ctl.printExtra(`Domain checkpoint ${chk.name} created from '${from}'`);
  else ctl.printExtra(`Domain checkpoint ${chk.name} created`);
  return true;
}

/** One <disk> of --diskspec, at the indentation inside <disks>; undefined after reporting. */
export function diskspecXml(ctl: Pick<Ctl, 'error'>, str: string): string | undefined {
  const toks = stringToArray(str);
  let checkpoint: string | undefined;
  let bitmap: string | undefined;
  for (const tok of toks.slice(1)) {
    if (checkpoint === undefined && tok.startsWith('checkpoint=')) checkpoint = tok.slice('checkpoint='.length);
    else if (bitmap === undefined && tok.startsWith('bitmap=')) bitmap = tok.slice('bitmap='.length);
    else {
      ctl.error(`unable to parse diskspec: ${str}`);
      return undefined;
    }
  }
  // virsh escapes the disk name but writes the other values as given. An empty spec splits into
  // no words at all, and virsh then writes no "<disk name='…'" part either.
  let out = str === '' ? '    ' : `    <disk name='${escapeLibvirt(toks[0])}'`;
  if (checkpoint !== undefined) out += ` checkpoint='${checkpoint}'`;
  if (bitmap !== undefined) out += ` bitmap='${bitmap}'`;
  return `${out}/>\n`;
}

// --- commands ---

const checkpointCreate = defineCommand({
  name: 'checkpoint-create',
  info: { help: 'create a checkpoint from an XML description', desc: 'Records a checkpoint of a running domain, as described by an XML file or with defaults, for later incremental backups.' },
  opts: [
    domainOpt,
    { name: 'xmlfile', type: 'string', help: 'XML file describing the checkpoint' },
    { name: 'redefine', type: 'bool', help: 'redefine the metadata of an existing checkpoint' },
    { name: 'redefine-validate', type: 'bool', help: 'with --redefine, check the checkpoint against the disks' },
    { name: 'quiesce', type: 'bool', help: "freeze the guest's file systems first" },
  ],
  async run(ctl, cmd) {
    if (cmd.has('redefine-validate') && !cmd.has('redefine')) {
      ctl.error('Option --redefine is required by option --redefine-validate');
      return false;
    }
    let flags = 0;
    if (cmd.has('redefine')) flags |= C.REDEFINE;
    if (cmd.has('redefine-validate')) flags |= C.REDEFINE_VALIDATE;
    if (cmd.has('quiesce')) flags |= C.QUIESCE;
    const { dom } = await commandDomain(ctl, cmd);
    const from = cmd.stringReq('xmlfile');
    const buffer = from === undefined ? '<domaincheckpoint/>' : await ctl.readFile(from);
    return createCheckpoint(ctl, dom, buffer, flags, from);
  },
});

const checkpointCreateAs = defineCommand({
  name: 'checkpoint-create-as',
  info: { help: 'create a checkpoint from options', desc: 'Records a checkpoint of a running domain described by command line options, for later incremental backups.' },
  opts: [
    domainOpt,
    ...createAsOpts('checkpoint'),
    { name: 'quiesce', type: 'bool', help: "freeze the guest's file systems first" },
    { name: 'diskspec', type: 'argv', help: 'a disk: disk[,checkpoint=type][,bitmap=name]' },
  ],
  async run(ctl, cmd) {
    const flags = cmd.has('quiesce') ? C.QUIESCE : 0;
    const { dom } = await commandDomain(ctl, cmd);
    const buf = createAsXml(ctl, cmd, 'domaincheckpoint', (spec) => diskspecXml(ctl, spec));
    if (buf === undefined) return false;
    if (cmd.has('print-xml')) {
      ctl.print(`${buf}\n`);
      return true;
    }
    return createCheckpoint(ctl, dom, buf, flags, undefined);
  },
});

/**
 * The editing round of virsh-edit.c for a checkpoint: edit the XML in the user's editor and
 * redefine the checkpoint from the result when it changed. Without a terminal to ask "Try
 * again?", a failed editor or a refused redefinition is reported and ends the edit.
 */
async function editCheckpointXml(
  ctl: Ctl,
  ops: { getXml(): Promise<string>; define(xml: string): Promise<DomainCheckpoint> },
): Promise<{ kind: 'unchanged' } | { kind: 'defined'; chk: DomainCheckpoint } | { kind: 'failed' }> {
  const original = await ops.getXml();
  let edited: string;
  try {
    edited = await editInTempFile(original);
  } catch (e) {
    if (!(e instanceof VirError)) throw e;
    reportError(ctl, e);
    return { kind: 'failed' };
  }
  if (edited === original) return { kind: 'unchanged' };
  // Someone else may have changed the checkpoint meanwhile (or it may be gone).
  const reread = await ops.getXml();
  if (reread !== original) {
    ctl.error('The XML configuration was changed by another user.');
    return { kind: 'failed' };
  }
  try {
    return { kind: 'defined', chk: await ops.define(edited) };
  } catch (e) {
    reportError(ctl, e);
    ctl.error('Failed.');
    return { kind: 'failed' };
  }
}

const checkpointEdit = defineCommand({
  name: 'checkpoint-edit',
  info: { help: 'edit the XML of a checkpoint', desc: 'Opens the XML of a checkpoint in an editor and redefines the checkpoint from the result.' },
  opts: [domainOpt, checkpointNameOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    const name = chk.name;
    const failed = () => {
      ctl.error(`Failed to update ${name}`);
      return false;
    };
    let outcome;
    try {
      outcome = await editCheckpointXml(ctl, {
        getXml: () => chk.getXMLDesc(X.SECURE),
        define: (doc) => dom.checkpointCreateXML(doc, C.REDEFINE),
      });
    } catch (e) {
      throw new CommandFailure(`Failed to update ${name}`, e);
    }
    if (outcome.kind === 'failed') return failed();
    if (outcome.kind === 'unchanged') {
      ctl.printExtra(`Checkpoint ${name} XML configuration not changed.\n`);
      return true;
    }
    const edited = outcome.chk;
    if (edited.name === name) {
      ctl.printExtra(`Checkpoint ${name} edited.\n`);
      return true;
    }
    // A checkpoint can't be renamed: drop the copy the edit made under the new name.
    try {
      await edited.delete(D.METADATA_ONLY);
    } catch (e) {
      reportError(ctl, e);
      ctl.error(`Failed to clean up ${edited.name}`);
      return failed();
    }
    ctl.error(`Cannot rename checkpoint ${name} to ${edited.name}`);
    return failed();
  },
});

const checkpointInfo = defineCommand({
  name: 'checkpoint-info',
  info: { help: 'facts about a checkpoint', desc: 'Prints the domain, parent, children and descendants of a checkpoint.' },
  opts: [domainOpt, checkpointNameOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    const row = (label: string, value: string | number) => ctl.print(`${label.padEnd(15)} ${value}\n`);
    row('Name:', chk.name);
    row('Domain:', dom.name);
    const parent = await checkpointParentName(ctl, chk);
    if (parent === false) {
      ctl.error('unexpected problem querying checkpoint state');
      return false;
    }
    row('Parent:', parent ?? '-');
    let children: number;
    try {
      children = (await chk.listAllChildren(0)).length;
    } catch (e) {
      if (VirError.is(e, ErrorCode.NoSupport)) return true;
      throw e;
    }
    row('Children:', children);
    row('Descendants:', (await chk.listAllChildren(L.DESCENDANTS)).length);
    return true;
  },
});

const checkpointList = defineCommand({
  name: 'checkpoint-list',
  info: { help: 'list the checkpoints of a domain', desc: 'Lists the checkpoints of a domain, as a table, by name only, or as a tree.' },
  opts: [domainOpt, ...listOpts('checkpoint', [], [])],
  async run(ctl, cmd) {
    const modes = listModes(ctl, cmd);
    if (!modes) return false;
    const { tree, nameOnly, from, parent, roots } = modes;
    let flags = treeExcludedFilters(ctl, cmd, tree, [
      ['leaves', L.LEAVES],
      ['no-leaves', L.NO_LEAVES],
    ]);
    if (flags === undefined) return false;
    if (cmd.has('topological')) flags |= L.TOPOLOGICAL;
    if (roots) flags |= L.ROOTS;
    if (cmd.has('descendants')) {
      if (!from) {
        ctl.error('--descendants requires --from');
        return false;
      }
      flags |= L.DESCENDANTS;
    }
    const { dom } = await commandDomain(ctl, cmd);
    let start: DomainCheckpoint | undefined;
    if (from) {
      start = await lookupCheckpoint(ctl, cmd, 'from', dom);
      if (!start) return false;
    }
    // virshCheckpointListCollect
    let chks: DomainCheckpoint[];
    try {
      chks = start ? await start.listAllChildren(flags) : await dom.listAllCheckpoints(flags);
    } catch (e) {
      // virsh's line comes first; libvirt's reason is printed when the command ends.
      ctl.error('unexpected problem querying checkpoints');
      throw e;
    }
    const list = await collectListed(chks, { from: start, tree, topological: (flags & L.TOPOLOGICAL) !== 0, parentName: (c) => checkpointParentName(ctl, c) });
    if (!list) return false;
    if (printTreeOrNames(ctl, list, tree, nameOnly)) return true;
    await printListTable(ctl, list, {
      columns: [],
      parent,
      readDoc: async (chk) => parseXml(await chk.getXMLDesc(0), '(domain_checkpoint)', ErrorDomain.DomainCheckpoint),
      cells: () => [],
    });
    return true;
  },
});

const checkpointDumpxml = defineCommand({
  name: 'checkpoint-dumpxml',
  info: { help: 'print the XML of a checkpoint', desc: 'Prints the XML description of a domain checkpoint.' },
  opts: [
    domainOpt,
    checkpointNameOpt(),
    { name: 'security-info', type: 'bool', help: 'include security sensitive details in the XML' },
    { name: 'no-domain', type: 'bool', help: 'leave the <domain> element out' },
    { name: 'size', type: 'bool', help: 'add an estimate of the data a backup would copy' },
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'put the XPath results under one root element' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('security-info')) flags |= X.SECURE;
    if (cmd.has('no-domain')) flags |= X.NO_DOMAIN;
    if (cmd.has('size')) flags |= X.SIZE;
    const { dom } = await commandDomain(ctl, cmd);
    const xpath = cmd.string('xpath');
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    const xml = await chk.getXMLDesc(flags);
    return dumpXml(ctl, xml, 'domain-checkpoint', xpath, cmd.has('wrap'));
  },
});

const checkpointParent = defineCommand({
  name: 'checkpoint-parent',
  info: { help: 'name of the parent of a checkpoint', desc: 'Prints the name of the parent of a checkpoint, if it has one.' },
  opts: [domainOpt, checkpointNameOpt('the checkpoint whose parent to print')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    return printParent(ctl, 'checkpoint', chk, (c) => checkpointParentName(ctl, c));
  },
});

const checkpointDelete = defineCommand({
  name: 'checkpoint-delete',
  info: { help: 'delete a checkpoint', desc: 'Deletes a domain checkpoint, and optionally its children.' },
  opts: [
    domainOpt,
    checkpointNameOpt(),
    ...deleteOpts('checkpoint', "delete libvirt's metadata only, leaving the bitmaps in place"),
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    return deleteAndReport(ctl, cmd, 'checkpoint', chk, D);
  },
});

export const commands: CommandDef[] = [
  checkpointCreate,
  checkpointCreateAs,
  checkpointDelete,
  checkpointDumpxml,
  checkpointEdit,
  checkpointInfo,
  checkpointList,
  checkpointParent,
];
