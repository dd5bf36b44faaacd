// The "Virsh itself" group: commands about the shell rather than the hypervisor (help, echo, cd,
// pwd, quit/exit, connect, and the hidden self-test and complete).
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import type { ShellControl } from '../../vsh/control.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef } from '../../vsh/command-def.js';
import type { VirshControl } from '../main.js';
import { stringToArray } from './shared/virsh-strings.js';

/** The shell behind the Ctl handed to these commands (they manage the shell itself). */
function shell(ctl: Ctl): ShellControl {
  return ctl as unknown as ShellControl;
}

const help = defineCommand({
  name: 'help',
  info: {
    help: 'show help',
    desc: 'Lists every command by group, or describes one command or one group of commands.',
  },
  opts: [{ name: 'command', type: 'string', help: 'the command or group to describe' }],
  noConnect: true,
  async run(ctl, cmd) {
    const sh = shell(ctl);
    const [{ commandHelp, groupHelp, groupedHelp }] = await Promise.all([import('../../vsh/help.js'), sh.loadAllGroups()]);
    const name = cmd.string('command');
    if (name === undefined || name === '') {
      ctl.print(groupedHelp(sh.groups));
      return true;
    }
    let def = sh.lookup(name);
    if (def) {
      if (def.alias !== undefined) def = sh.lookup(def.alias) ?? def;
      ctl.print(commandHelp(def));
      return true;
    }
    const grp = sh.groupByName(name);
    if (grp) {
      ctl.print(groupHelp(grp));
      return true;
    }
    throw new CommandFailure(`command or command group '${name}' doesn't exist`);
  },
});

const cd = defineCommand({
  name: 'cd',
  info: { help: 'change the working directory', desc: 'Move the shell to another working directory.' },
  opts: [{ name: 'dir', type: 'string', help: 'where to go (by default the home directory, or else /)' }],
  noConnect: true,
  async run(ctl, cmd) {
    if (!shell(ctl).imode) throw new CommandFailure('cd: command valid only in interactive mode');
    let dir = cmd.string('dir');
    if (dir === undefined || dir === '') dir = process.env.HOME || homedir() || '/';
    try {
      process.chdir(dir);
    } catch (e) {
      const { strerror } = await import('../../vsh/strerror.js');
      throw new CommandFailure(`cd: ${strerror((e as NodeJS.ErrnoException).code)}: ${dir}`);
    }
    return true;
  },
});

/** virBufferEscapeShell */
function shellQuote(s: string): string {
  if (s === '') return "''";
  if (!/[\r\t\n !"#$&'()*;<>?[\\\]^`{|}~]/.test(s)) return s;
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** virBufferEscapeString: XML entities, with control characters dropped. */
function xmlEscape(s: string): string {
  return s
    .replace(/[\x01-\x08\x0b\x0c\x0e-\x19]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}


function exclusive(a: string, b: string): CommandFailure {
  return new CommandFailure(`Options --${a} and --${b} are mutually exclusive`);
}

const echo = defineCommand({
  name: 'echo',
  info: {
    help: 'print the arguments back (a testing aid)',
    desc: 'Prints its arguments, optionally quoted for a shell or for XML. Mostly useful for testing the parser.',
  },
  opts: [
    { name: 'shell', type: 'bool', help: 'quote each argument for a POSIX shell' },
    { name: 'xml', type: 'bool', help: 'escape each argument for XML text' },
    { name: 'split', type: 'bool', help: "print each comma-separated piece on its own line (',,' is a comma)" },
    { name: 'err', type: 'bool', help: 'write to standard error instead' },
    { name: 'str', type: 'alias', help: 'string' },
    { name: 'hi', type: 'alias', help: 'string=hello' },
    { name: 'string', type: 'argv', help: 'the words to print' },
  ],
  noConnect: true,
  async run(ctl, cmd) {
    const sh = cmd.has('shell');
    const xml = cmd.has('xml');
    const err = cmd.has('err');
    const split = cmd.has('split');
    if (sh && xml) throw exclusive('shell', 'xml');
    if (sh && split) throw exclusive('shell', 'split');
    if (xml && split) throw exclusive('xml', 'split');
    const args = cmd.argv('string');
    if (args.length === 0) return true;
    let out = '';
    for (const a of args) {
      if (xml) out += xmlEscape(a);
      else if (sh) out += shellQuote(a);
      else if (split) out += stringToArray(a).map((p) => `${p}\n`).join('');
      else out += a;
      out += ' ';
    }
    out = out.slice(0, -1);
    if (err) ctl.error(out);
    else ctl.print(out);
    return true;
  },
});

/** g_get_current_dir: $PWD when it still names the working directory, else the real path. */
function currentDir(): string {
  const cwd = process.cwd();
  const pwd = process.env.PWD;
  if (pwd && pwd.startsWith('/')) {
    try {
      const a = statSync(pwd);
      const b = statSync('.');
      if (a.dev === b.dev && a.ino === b.ino) return pwd;
    } catch {
      // fall back to the real path
    }
  }
  return cwd;
}

const pwd = defineCommand({
  name: 'pwd',
  info: { help: 'show the working directory', desc: "Prints the shell's working directory." },
  opts: [],
  noConnect: true,
  async run(ctl) {
    ctl.print(`${currentDir()}\n`);
    return true;
  },
});

const quitInfo = { help: 'leave the interactive shell', desc: '' };

function quitCommand(name: string): CommandDef {
  return defineCommand({
    name,
    info: quitInfo,
    opts: [],
    noConnect: true,
    async run(ctl) {
      shell(ctl).imode = false;
      return true;
    },
  });
}

/** vshCmddefCheckInternals: a definition's consistency, with virsh's messages. */
function checkDefinition(sh: ShellControl, cmd: CommandDef): string | null {
  if (cmd.alias !== undefined) {
    const target = sh.lookup(cmd.alias);
    if (!target) return `command alias '${cmd.name}' is pointing to a non-existent command '${cmd.alias}'`;
    if (target.alias !== undefined) return `command alias '${cmd.name}' is pointing to another command alias '${cmd.alias}'`;
    return null;
  }
  if (!cmd.info.help) return `command '${cmd.name}' lacks help`;
  let seenOptional = false;
  const opts: OptDef[] = cmd.opts;
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i]!;
    if (i > 63) return `command '${cmd.name}' has too many options`;
    switch (o.type) {
      case 'bool':
      case 'string':
        if (o.required) return `parameter '${o.name}' of command '${cmd.name}' misused VSH_OFLAG_REQ`;
        seenOptional = true;
        break;
      case 'alias': {
        if (o.required || o.emptyOk || o.reqOpt || !o.help) return `parameter '${o.name}' of command '${cmd.name}' has incorrect alias option`;
        const eq = o.help.indexOf('=');
        const name = eq < 0 ? o.help : o.help.slice(0, eq);
        const target = opts.slice(i + 1).find((t) => t.name === name && t.type !== 'alias');
        if (!target) return `alias '${o.name}' of command '${cmd.name}' has missing alias option`;
        if (eq >= 0 && target.type === 'bool') return `alias '${o.name}' of command '${cmd.name}' has mismatched alias type`;
        break;
      }
      case 'argv':
        if (i + 1 < opts.length) return `parameter '${o.name}' of command '${cmd.name}' must be listed last`;
        break;
      case 'data':
        if (!o.required) return `parameter '${o.name}' of command '${cmd.name}' must use VSH_OFLAG_REQ flag`;
        if (seenOptional) return `parameter '${o.name}' of command '${cmd.name}' must be listed before optional parameters`;
        break;
      case 'int':
        if (o.required) {
          if (seenOptional) return `parameter '${o.name}' of command '${cmd.name}' must be listed before optional parameters`;
        } else {
          seenOptional = true;
        }
        break;
    }
  }
  return null;
}

const selfTest = defineCommand({
  name: 'self-test',
  info: { help: 'check the shell’s own command definitions', desc: 'for testing the shell itself' },
  opts: [{ name: 'completers-missing', type: 'bool', help: 'also list options that have no completion' }],
  noConnect: true,
  hidden: true,
  async run(ctl) {
    const sh = shell(ctl);
    await sh.loadAllGroups();
    for (const g of sh.groups) {
      for (const c of g.commands) {
        const problem = checkDefinition(sh, c);
        if (problem) throw new CommandFailure(problem);
      }
    }
    return true;
  },
});

const complete = defineCommand({
  name: 'complete',
  info: { help: 'complete a partial command line', desc: 'for shell completion scripts' },
  opts: [{ name: 'string', type: 'argv', emptyOk: true, help: 'the words typed so far' }],
  noConnect: true,
  hidden: true,
  async run(ctl, cmd) {
    const sh = shell(ctl);
    const [{ listedCommands }] = await Promise.all([import('../../vsh/help.js'), sh.loadAllGroups()]);
    const words = cmd.argv('string');
    if (words.length === 0) return false;
    // As virsh: completion may need the connection (for object names), so connect first.
    await ctl.conn();
    // As virsh: the words form one line, and the last word is the one being completed.
    const current = words[words.length - 1]!;
    const { StringTokens } = await import('../../vsh/tokenizer.js');
    const src = new StringTokens(words.join(' '), () => undefined);
    const done: string[] = [];
    for (let t = src.next(false); t.kind !== 'end' && t.kind !== 'error'; t = src.next(false)) {
      if (t.kind === 'arg') done.push(t.value);
      else done.length = 0;
    }
    if (current !== '') done.pop();
    let matches: string[];
    if (done.length === 0) {
      matches = sh.groups.flatMap((g) => listedCommands(g).map((c) => c.name)).filter((n) => n.startsWith(current));
    } else {
      const def = sh.lookup(done[0]!);
      const given = new Set(done.slice(1).filter((w) => w.startsWith('--')).map((w) => w.slice(2)));
      matches = (def?.opts ?? [])
        .filter((o) => o.type !== 'alias' && (o.type === 'argv' || !given.has(o.name)))
        .map((o) => `--${o.name}`)
        .filter((n) => n.startsWith(current));
    }
    for (const m of matches) ctl.print(`${m}\n`);
    return true;
  },
});

const connect = defineCommand({
  name: 'connect',
  info: {
    help: 'open a new connection to a hypervisor',
    desc: 'Closes the current connection, if any, and connects to the given URI (by default the current one).',
  },
  opts: [
    { name: 'name', type: 'string', emptyOk: true, help: 'URI of the hypervisor' },
    { name: 'readonly', type: 'bool', help: 'connect read-only' },
  ],
  noConnect: true,
  async run(ctl, cmd) {
    const ro = cmd.has('readonly');
    const name = cmd.stringReq('name') ?? null;
    return (ctl as unknown as VirshControl).reconnect(name, ro, true);
  },
});

export const commands: CommandDef[] = [cd, echo, quitCommand('exit'), help, pwd, quitCommand('quit'), selfTest, complete, connect];
