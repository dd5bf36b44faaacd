// virsh's save-image commands of the "Domain Management" group (virsh-domain.c): save and
// restore, the save image's XML, managed save images, core dumps and screenshots. Messages are
// virsh's; help texts ours. Part of the group's command list (see domain.ts).
import { CommandFailure, defineCommand, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { exclusive, orFail } from './domain-monitor.js';
import { commandDomain, domainOpt } from './lookup.js';
import { writeAll } from '../../vsh/io.js';

/** virshPrintJobProgress at the end of a watched job (--verbose): "\rLabel: [100 %]" on stderr. */
export function jobDone(cmd: ParsedCommand, label: string): void {
  if (cmd.has('verbose')) writeAll(2, `\r${label}: [100 %]`);
}

const SAVE_BYPASS_CACHE = 1;
const SAVE_RUNNING = 2;
const SAVE_PAUSED = 4;
const SAVE_RESET_NVRAM = 8;
const XML_SECURE = 1;

const boolOpt = (name: string, help: string): OptDef => ({ name, type: 'bool', help });
const runningOpt = (help = 'have the domain running when it is restored') => boolOpt('running', help);
const pausedOpt = (help = 'have the domain paused when it is restored') => boolOpt('paused', help);
const xpathOpts: OptDef[] = [
  { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
  boolOpt('wrap', 'wrap the XPath results in one root element'),
];

function runPausedFlags(cmd: ParsedCommand): number {
  let flags = 0;
  if (cmd.has('running')) flags |= SAVE_RUNNING;
  if (cmd.has('paused')) flags |= SAVE_PAUSED;
  return flags;
}

async function dumpXml(ctl: Ctl, xml: string, cmd: ParsedCommand): Promise<boolean> {
  const { dumpXml: dump } = await import('./network.js');
  return dump(ctl, xml, 'domain-save-image', cmd.string('xpath'), cmd.has('wrap'));
}

async function editLoop(ctl: Ctl, opts: Parameters<typeof import('./network.js').editLoop>[1]): Promise<boolean> {
  const { editLoop: loop } = await import('./network.js');
  return loop(ctl, opts);
}

const save = defineCommand({
  name: 'save',
  info: { help: 'save a domain state to a file', desc: 'Writes the memory state of a running domain to a file and stops it.' },
  opts: [
    domainOpt(),
    { name: 'file', type: 'data', required: true, help: 'the file to write the state to' },
    boolOpt('bypass-cache', 'write without the host page cache'),
    { name: 'xml', type: 'string', help: 'a file with replacement XML for the saved domain' },
    runningOpt(),
    pausedOpt(),
    boolOpt('verbose', 'show progress'),
  ],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    const to = cmd.stringReq('file') ?? '';
    let flags = runPausedFlags(cmd);
    if (cmd.has('bypass-cache')) flags |= SAVE_BYPASS_CACHE;
    const xmlFile = cmd.stringReq('xml');
    const xml = xmlFile === undefined ? null : await ctl.readFile(xmlFile);
    await orFail(`Failed to save domain '${name}' to ${to}`, () => dom.save(to, xml, flags));
    jobDone(cmd, 'Save');
    ctl.printExtra(`\nDomain '${name}' saved to ${to}\n`);
    return true;
  },
});

const restore = defineCommand({
  name: 'restore',
  info: { help: 'restore a domain from a saved state in a file', desc: 'Starts a domain again from a state file written by save.' },
  opts: [
    { name: 'file', type: 'data', required: true, help: 'the state file to read' },
    boolOpt('bypass-cache', 'read without the host page cache'),
    { name: 'xml', type: 'string', help: 'a file with replacement XML for the restored domain' },
    runningOpt('have the domain running once restored'),
    pausedOpt('have the domain paused once restored'),
    boolOpt('reset-nvram', 'start from a fresh copy of the NVRAM template'),
  ],
  async run(ctl, cmd) {
    const from = cmd.stringReq('file') ?? '';
    let flags = runPausedFlags(cmd);
    if (cmd.has('bypass-cache')) flags |= SAVE_BYPASS_CACHE;
    if (cmd.has('reset-nvram')) flags |= SAVE_RESET_NVRAM;
    const xmlFile = cmd.stringReq('xml');
    const xml = xmlFile === undefined ? null : await ctl.readFile(xmlFile);
    const conn = await ctl.conn();
    await orFail(`Failed to restore domain from ${from}`, () => conn.domainRestore(from, xml, flags));
    ctl.printExtra(`Domain restored from ${from}\n`);
    return true;
  },
});

const saveImageDumpxml = defineCommand({
  name: 'save-image-dumpxml',
  info: { help: 'saved state domain information in XML', desc: 'Prints the domain XML stored in a state file.' },
  opts: [{ name: 'file', type: 'data', required: true, help: 'the state file to read' }, boolOpt('security-info', 'include secrets such as passwords'), ...xpathOpts],
  async run(ctl, cmd) {
    const flags = cmd.has('security-info') ? XML_SECURE : 0;
    const file = cmd.stringReq('file') ?? '';
    const conn = await ctl.conn();
    const xml = await conn.domainSaveImageGetXMLDesc(file, flags);
    return dumpXml(ctl, xml, cmd);
  },
});

const saveImageDefine = defineCommand({
  name: 'save-image-define',
  info: { help: "redefine the XML for a domain's saved state file", desc: 'Replaces the domain XML stored in a state file.' },
  opts: [
    { name: 'file', type: 'data', required: true, help: 'the state file to change' },
    { name: 'xml', type: 'data', required: true, help: 'a file with the replacement XML' },
    runningOpt(),
    pausedOpt(),
  ],
  async run(ctl, cmd) {
    const flags = runPausedFlags(cmd);
    const file = cmd.stringReq('file') ?? '';
    const xml = await ctl.readFile(cmd.stringReq('xml') ?? '');
    const conn = await ctl.conn();
    await orFail(`Failed to update ${file}`, () => conn.domainSaveImageDefineXML(file, xml, flags));
    ctl.printExtra(`State file ${file} updated.\n`);
    return true;
  },
});

const saveImageEdit = defineCommand({
  name: 'save-image-edit',
  info: { help: "edit XML for a domain's saved state file", desc: 'Opens the domain XML stored in a state file in $EDITOR and stores the result.' },
  opts: [{ name: 'file', type: 'data', required: true, help: 'the state file to edit' }, runningOpt(), pausedOpt()],
  async run(ctl, cmd) {
    const flags = runPausedFlags(cmd);
    exclusive(cmd, 'running', 'paused');
    const file = cmd.stringReq('file') ?? '';
    const conn = await ctl.conn();
    return editLoop(ctl, {
      getXml: () => conn.domainSaveImageGetXMLDesc(file, XML_SECURE),
      define: async (xml) => {
        await conn.domainSaveImageDefineXML(file, xml, flags);
        return file;
      },
      notChanged: `Saved image ${file} XML configuration not changed.\n`,
      edited: () => `State file ${file} edited.\n`,
    });
  },
});

const managedsaveEdit = defineCommand({
  name: 'managedsave-edit',
  info: { help: 'edit XML for a domain\'s managed save state file', desc: "Opens the XML stored in a domain's managed save image in $EDITOR and stores the result." },
  opts: [domainOpt(), runningOpt(), pausedOpt()],
  async run(ctl, cmd) {
    const flags = runPausedFlags(cmd);
    exclusive(cmd, 'running', 'paused');
    const { dom } = await commandDomain(ctl, cmd);
    return editLoop(ctl, {
      getXml: () => dom.managedSaveGetXMLDesc(XML_SECURE),
      define: async (xml) => {
        await dom.managedSaveDefineXML(xml, flags);
        return dom.name;
      },
      notChanged: `Managed save image of domain '${dom.name}' XML configuration not changed.\n`,
      edited: () => `Managed save image of Domain '${dom.name}' XML configuration edited.\n`,
    });
  },
});

const managedsaveDumpxml = defineCommand({
  name: 'managedsave-dumpxml',
  info: { help: 'Domain information of managed save state file in XML', desc: "Prints the domain XML stored in a domain's managed save image." },
  opts: [domainOpt(), boolOpt('security-info', 'include secrets such as passwords'), ...xpathOpts],
  async run(ctl, cmd) {
    const flags = cmd.has('security-info') ? XML_SECURE : 0;
    const { dom } = await commandDomain(ctl, cmd);
    const xml = await dom.managedSaveGetXMLDesc(flags);
    return dumpXml(ctl, xml, cmd);
  },
});

const managedsaveDefine = defineCommand({
  name: 'managedsave-define',
  info: { help: 'redefine the XML for a domain\'s managed save state file', desc: "Replaces the domain XML stored in a domain's managed save image." },
  opts: [domainOpt(), { name: 'xml', type: 'data', required: true, help: 'a file with the replacement XML' }, runningOpt(), pausedOpt()],
  async run(ctl, cmd) {
    const flags = runPausedFlags(cmd);
    exclusive(cmd, 'running', 'paused');
    const xml = await ctl.readFile(cmd.stringReq('xml') ?? '');
    const { dom } = await commandDomain(ctl, cmd);
    await orFail(`Failed to update ${dom.name} XML configuration`, () => dom.managedSaveDefineXML(xml, flags));
    ctl.printExtra(`Managed save state file of domain '${dom.name}' updated.\n`);
    return true;
  },
});

/** virshDomainCoreDumpFormat names, in VIR_DOMAIN_CORE_DUMP_FORMAT_* order. */
const DUMP_FORMATS = ['elf', 'kdump-zlib', 'kdump-lzo', 'kdump-snappy', 'win-dmp'];
const DUMP = { CRASH: 1, LIVE: 2, BYPASS_CACHE: 4, RESET: 8, MEMORY_ONLY: 16 };

const dump = defineCommand({
  name: 'dump',
  info: { help: 'dump the core of a domain to a file for analysis', desc: "Writes a domain's memory to a core file for debugging." },
  opts: [
    domainOpt(),
    { name: 'file', type: 'data', required: true, help: 'the core file to write' },
    boolOpt('live', 'dump without pausing the domain, if possible'),
    boolOpt('crash', 'leave the domain crashed after the dump'),
    boolOpt('bypass-cache', 'write without the host page cache'),
    boolOpt('reset', 'reset the domain after the dump'),
    boolOpt('verbose', 'show progress'),
    boolOpt('memory-only', "dump only the guest's memory"),
    { name: 'format', type: 'string', help: 'the format of a memory-only dump: elf, kdump-zlib, kdump-lzo, kdump-snappy or win-dmp' },
  ],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    const to = cmd.stringReq('file') ?? '';
    let flags = 0;
    if (cmd.has('live')) flags |= DUMP.LIVE;
    if (cmd.has('crash')) flags |= DUMP.CRASH;
    if (cmd.has('bypass-cache')) flags |= DUMP.BYPASS_CACHE;
    if (cmd.has('reset')) flags |= DUMP.RESET;
    if (cmd.has('memory-only')) flags |= DUMP.MEMORY_ONLY;
    let format = 0;
    if (cmd.has('format')) {
      if (!(flags & DUMP.MEMORY_ONLY)) throw new CommandFailure('--format only works with --memory-only');
      const f = cmd.string('format');
      if (f !== undefined && f !== '') {
        format = DUMP_FORMATS.indexOf(f);
        if (format < 0) {
          throw new CommandFailure(`format '${f}' is not supported, expecting 'kdump-zlib', 'kdump-lzo', 'kdump-snappy', 'win-dmp' or 'elf'`);
        }
      }
    }
    await orFail(`Failed to core dump domain '${name}' to ${to}`, () => dom.coreDump(to, format === 0 ? null : format, flags));
    jobDone(cmd, 'Dump');
    ctl.printExtra(`\nDomain '${name}' dumped to ${to}\n`);
    return true;
  },
});

/** virshGenFileName: '<domain>-<local time>' with the image type's extension. */
function screenshotName(domain: string, mime: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  let ext = '';
  if (mime === 'image/x-portable-pixmap') ext = '.ppm';
  else if (mime === 'image/png') ext = '.png';
  return `${domain}-${stamp}${ext}`;
}

const screenshot = defineCommand({
  name: 'screenshot',
  info: { help: 'take a screenshot of a current domain console and store it into a file', desc: "Saves a picture of a domain's screen; without --file the name is made from the domain and the time." },
  opts: [domainOpt(), { name: 'file', type: 'string', help: 'the file to write the picture to' }, { name: 'screen', type: 'int', help: 'which screen (head) to capture' }],
  async run(ctl, cmd) {
    let file = cmd.stringReq('file');
    const screen = cmd.uint('screen') ?? 0;
    const { dom, name } = await commandDomain(ctl, cmd);
    const conn = await ctl.conn();
    const stream = conn.newStream(0);
    const mime = await orFail(`could not take a screenshot of ${name}`, () => dom.screenshot(stream, screen, 0));
    file ??= screenshotName(dom.name, mime);
    const fs = await import('node:fs');
    let fd: number;
    let created = false;
    try {
      fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o666);
      created = true;
    } catch (e) {
      try {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_TRUNC, 0o666);
      } catch {
        await stream.abort();
        throw new CommandFailure(`cannot create file ${file}`);
      }
    }
    try {
      await stream.recvAll((chunk) => {
        fs.writeSync(fd, chunk);
      });
      fs.closeSync(fd);
      await stream.finish();
    } catch (e) {
      if (created) fs.rmSync(file, { force: true });
      throw new CommandFailure(`could not receive data from domain '${name}'`, e);
    }
    ctl.printExtra(`Screenshot saved to ${file}, with type of ${mime}`);
    return true;
  },
});

export const saveCommands = {
  dump,
  managedsaveDefine,
  managedsaveDumpxml,
  managedsaveEdit,
  restore,
  save,
  saveImageDefine,
  saveImageDumpxml,
  saveImageEdit,
  screenshot,
};
