// virsh's "backup" group: start a disk backup job and show its XML.
import { defineCommand, type CommandDef, type OptDef } from '../../vsh/command-def.js';
import { commandDomain, domainOpt } from './lookup.js';
import { dumpXml } from './network.js';

const string = (name: string, help: string): OptDef => ({ name, type: 'string', help });

/** VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL */
const REUSE_EXTERNAL = 1 << 0;

const backupBegin = defineCommand({
  name: 'backup-begin',
  info: { help: 'begin a disk backup of a running domain', desc: 'Starts a full or incremental backup of the disks of a running domain from backup XML, and can create a checkpoint with it.' },
  opts: [
    domainOpt(),
    string('backupxml', 'file holding the backup XML'),
    string('checkpointxml', 'file holding the checkpoint XML'),
    { name: 'reuse-external', type: 'bool', help: 'use the target files the caller already made' },
  ],
  async run(ctl, cmd) {
    const flags = cmd.has('reuse-external') ? REUSE_EXTERNAL : 0;
    const { dom } = await commandDomain(ctl, cmd);
    const backupFrom = cmd.stringReq('backupxml');
    // With no file, virsh asks for a default backup.
    const backupXml = backupFrom === undefined ? '<domainbackup/>' : await ctl.readFile(backupFrom);
    const checkFrom = cmd.stringReq('checkpointxml');
    const checkpointXml = checkFrom === undefined ? null : await ctl.readFile(checkFrom);
    await dom.backupBegin(backupXml, checkpointXml, flags);
    ctl.print('Backup started\n');
    return true;
  },
});

const backupDumpxml = defineCommand({
  name: 'backup-dumpxml',
  info: { help: 'show the XML of a running backup job', desc: 'Prints the XML describing the backup job running on a domain.' },
  opts: [
    domainOpt(),
    string('xpath', 'print only what this XPath expression selects'),
    { name: 'wrap', type: 'bool', help: 'wrap the XPath results in one common root element' },
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const xpath = cmd.string('xpath');
    const xml = await dom.backupGetXMLDesc(0);
    return dumpXml(ctl, xml, 'domain-backup', xpath, cmd.has('wrap'));
  },
});

export const commands: CommandDef[] = [backupBegin, backupDumpxml];
