// virsh's "Secret" group (virsh-secret.c): secrets by UUID, their values, and secret events.
import { ListSecretsFlags, SecretDefineFlags, SecretUsageType, type Secret } from '../../../api/secret.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import { actionCommand, attempt, dumpxmlCommand, isNoSupport, lookupEach, validateOpt, type ObjectKind } from './shared/object-commands.js';
import { strcasecmp } from './shared/virsh-strings.js';
import { exclusive } from './shared/exclusive-options.js';
import { chooseEvent, filterOrEveryObject, waitForEvents, waitOptions } from './domain-events.js'; // events area

const secretOpt: OptDef = { name: 'secret', type: 'data', required: true, help: 'UUID of the secret' };

/** virshCommandOptSecret: the secret named by its UUID; the failure line comes before libvirt's. */
async function secretFromOpt(ctl: Ctl, cmd: ParsedCommand, optname = 'secret'): Promise<{ secret: Secret; uuid: string }> {
  const n = cmd.stringReq(optname)!;
  const conn = await ctl.conn();
  try {
    return { secret: await conn.secretLookupByUUIDString(n), uuid: n };
  } catch (e) {
    throw new CommandFailure(`failed to get secret '${n}'`, e);
  }
}

const SECRET: ObjectKind<Secret> = {
  noun: 'secret',
  label: 'Secret',
  opt: () => secretOpt,
  find: async (ctl, cmd) => {
    const { secret, uuid } = await secretFromOpt(ctl, cmd);
    return { obj: secret, name: uuid };
  },
};

const USAGE_NAMES: Record<number, string> = {
  [SecretUsageType.None]: 'none',
  [SecretUsageType.Volume]: 'volume',
  [SecretUsageType.Ceph]: 'ceph',
  [SecretUsageType.Iscsi]: 'iscsi',
  [SecretUsageType.Tls]: 'tls',
  [SecretUsageType.Vtpm]: 'vtpm',
};

const secretDefine = defineCommand({
  name: 'secret-define',
  info: { help: 'define or change a secret from an XML file', desc: 'Defines a secret, or changes the attributes of an existing one, from an XML file.' },
  opts: [
    { name: 'file', type: 'data', required: true, help: 'XML file with the attributes of the secret' },
    validateOpt,
  ],
  async run(ctl, cmd) {
    const from = cmd.stringReq('file')!;
    const flags = cmd.has('validate') ? SecretDefineFlags.VALIDATE : 0;
    const xml = await ctl.readFile(from);
    const conn = await ctl.conn();
    let secret: Secret;
    try {
      secret = await conn.secretDefineXML(xml, flags);
    } catch (e) {
      throw new CommandFailure(`Failed to set attributes from ${from}`, e);
    }
    ctl.printExtra(`Secret ${secret.uuid} created\n`);
    return true;
  },
});

const secretDumpxml = dumpxmlCommand(SECRET, {
  name: 'secret-dumpxml',
  info: { help: 'print the attributes of a secret as XML', desc: 'Prints the XML description of a secret (not its value).' },
  url: 'secret',
});

const secretSetValue = defineCommand({
  name: 'secret-set-value',
  info: { help: 'set the value of a secret', desc: 'Sets the value of a secret, read from a file, typed in, or given in base64.' },
  opts: [
    secretOpt,
    { name: 'file', type: 'string', reqOpt: true, help: 'read the value from this file' },
    { name: 'plain', type: 'bool', help: 'the value is not base64-encoded' },
    { name: 'interactive', type: 'bool', help: 'type the value in at a prompt' },
    { name: 'base64', type: 'string', help: 'the value, base64-encoded (visible to other users: avoid)' },
  ],
  async run(ctl, cmd) {
    if (
      exclusive(ctl, cmd, 'file', 'base64') ||
      exclusive(ctl, cmd, 'plain', 'base64') ||
      exclusive(ctl, cmd, 'interactive', 'base64') ||
      exclusive(ctl, cmd, 'interactive', 'plain') ||
      exclusive(ctl, cmd, 'interactive', 'file')
    ) {
      return false;
    }
    let plain = cmd.has('plain');
    const { secret } = await secretFromOpt(ctl, cmd);
    const base64 = cmd.stringReq('base64');
    const file = cmd.stringReq('file');
    let raw: Buffer;
    if (base64 !== undefined) {
      ctl.error('Passing secret value as command-line argument is insecure!');
      raw = Buffer.from(base64);
    } else if (file !== undefined) {
      raw = Buffer.from(await ctl.readFile(file), 'utf8');
    } else if (cmd.has('interactive')) {
      ctl.print('Enter new value for secret:');
      raw = Buffer.from(await readLine());
      plain = true;
    } else {
      ctl.error('Input secret value is missing');
      return false;
    }
    const value = plain ? raw : Buffer.from(raw.toString('latin1'), 'base64');
    try {
      await secret.setValue(value, 0);
    } catch (e) {
      throw new CommandFailure('Failed to set secret value', e);
    } finally {
      value.fill(0);
      raw.fill(0);
    }
    ctl.printExtra('Secret value set\n');
    return true;
  },
});

/** One line from standard input, without its newline (the value is not echoed by a terminal here). */
async function readLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if ((c as Buffer).includes(0x0a)) break;
  }
  const s = Buffer.concat(chunks).toString('utf8');
  const nl = s.indexOf('\n');
  return nl < 0 ? s : s.slice(0, nl);
}

const secretGetValue = defineCommand({
  name: 'secret-get-value',
  info: { help: 'print the value of a secret', desc: 'Prints the value of a secret, base64-encoded unless --plain is given.' },
  opts: [secretOpt, { name: 'plain', type: 'bool', help: 'print the raw value' }],
  async run(ctl, cmd) {
    const plain = cmd.has('plain');
    const { secret } = await secretFromOpt(ctl, cmd);
    const value = await secret.getValue(0);
    try {
      if (plain) process.stdout.write(Buffer.from(value));
      else ctl.print(Buffer.from(value).toString('base64'));
    } finally {
      value.fill(0);
    }
    return true;
  },
});

const secretUndefine = actionCommand(SECRET, {
  name: 'secret-undefine',
  info: { help: 'remove a secret', desc: 'Deletes a secret and its value.' },
  verb: 'delete',
  done: 'deleted',
  act: (s) => s.undefine(),
});

const secretList = defineCommand({
  name: 'secret-list',
  info: { help: 'list the secrets', desc: 'Shows the secrets with what they are used for.' },
  opts: [
    { name: 'ephemeral', type: 'bool', help: 'only secrets kept in memory' },
    { name: 'no-ephemeral', type: 'bool', help: 'only secrets kept on disk' },
    { name: 'private', type: 'bool', help: 'only secrets whose value cannot be read' },
    { name: 'no-private', type: 'bool', help: 'only secrets whose value can be read' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('ephemeral')) flags |= ListSecretsFlags.EPHEMERAL;
    if (cmd.has('no-ephemeral')) flags |= ListSecretsFlags.NO_EPHEMERAL;
    if (cmd.has('private')) flags |= ListSecretsFlags.PRIVATE;
    if (cmd.has('no-private')) flags |= ListSecretsFlags.NO_PRIVATE;
    const conn = await ctl.conn();
    let list: Secret[];
    try {
      list = await conn.listAllSecrets(flags);
    } catch (e) {
      if (!isNoSupport(e)) throw new CommandFailure('Failed to list node secrets', e);
      if (flags) {
        ctl.error('Filtering is not supported by this libvirt');
        return false;
      }
      const n = await attempt(conn.numOfSecrets(), 'Failed to count secrets');
      const uuids = n === 0 ? [] : await attempt(conn.listSecrets(n), 'Failed to count secrets');
      list = await lookupEach(uuids, (u) => conn.secretLookupByUUIDString(u));
    }
    list.sort((a, b) => strcasecmp(a.uuid, b.uuid));
    const table = new Table(['UUID', 'Usage']);
    for (const s of list) {
      if (s.usageType) table.addRow([s.uuid, `${USAGE_NAMES[s.usageType] ?? ''} ${s.usageID}`]);
      else table.addRow([s.uuid, 'Unused']);
    }
    printTable(ctl, table);
    return true;
  },
});

const EVENT_NAMES = ['lifecycle', 'value-changed'] as const;
/** virshSecretEvent: how the lifecycle events read. */
const LIFECYCLE_NAMES = ['Defined', 'Undefined'];

const secretEvent = defineCommand({
  name: 'secret-event',
  info: { help: 'wait for secret events', desc: 'Lists the secret event types, or waits for events of one type.' },
  opts: [
    { name: 'secret', type: 'string', help: 'only events of this secret (UUID)' },
    { name: 'event', type: 'string', help: 'the event type to wait for' },
    { name: 'loop', type: 'bool', help: 'keep waiting until the timeout or an interrupt' },
    { name: 'timeout', type: 'int', help: 'seconds to wait' },
    { name: 'list', type: 'bool', help: 'list the event types' },
    { name: 'timestamp', type: 'bool', help: 'print a timestamp with each event' },
  ],
  // (events area) on the public event API
  async run(ctl, cmd) {
    const event = chooseEvent(ctl, cmd, EVENT_NAMES);
    if (event === 'listed') return true;
    if (event === undefined) return false;
    const opts = waitOptions(cmd);
    const filter = cmd.has('secret') ? await filterOrEveryObject(ctl, async () => (await secretFromOpt(ctl, cmd)).secret) : null;
    const conn = await ctl.conn();
    return waitForEvents(ctl, opts, async (sink) => {
      const id = await conn.secretEventRegisterAny(filter, event, (s, ev) => {
        if (ev.eventID === 0) sink.print(`event 'lifecycle' for secret ${s.uuid}: ${LIFECYCLE_NAMES[ev.event] ?? 'unknown'}\n`);
        else sink.print(`event '${EVENT_NAMES[ev.eventID]}' for secret ${s.uuid}\n`);
      });
      return [() => conn.secretEventDeregisterAny(id)];
    });
  },
});

export const commands: CommandDef[] = [
  secretDefine,
  secretDumpxml,
  secretEvent,
  secretGetValue,
  secretList,
  secretSetValue,
  secretUndefine,
];
