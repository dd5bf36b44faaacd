// virsh's main program: command-line options, the connection (opened lazily, or at start when
// -c names one), one-shot and interactive modes, and the exit status.
//
// Startup cost matters (`virsh list` is run in loops by scripts): the public library, and through
// it every driver, is imported only when a command first needs a connection.
import type { Connect } from '../../api/connect.js';
import { errorsFrom, ErrorCode, ErrorDomain } from '../../util/error.js';
import { DebugLevel, ShellControl } from '../vsh/control.js';
import { getoptLong, type LongOpt } from '../vsh/getopt.js';
import { StdinLines, writeAll } from '../vsh/io.js';
import { parseInt32 } from '../vsh/numbers.js';
import type { ParsedCommandImpl } from '../vsh/parsed-command.js';
import { commandIndex } from './command-index.js';
import { cmdGroups } from './groups.js';

export const VERSION = '9.0.0';
const PROMPT_RW = 'virsh # ';
const PROMPT_RO = 'virsh > ';
/** VIR_CONNECT_CLOSE_REASON_CLIENT: a close of our own, which virsh does not report. */
const CLOSE_REASON_CLIENT = 3;
/** virshCatchDisconnect's texts by virConnectCloseReason (ERROR, EOF, KEEPALIVE). */
const DISCONNECT_TEXT: Readonly<Record<number, string>> = {
  0: 'Disconnected from %s due to I/O error',
  1: 'Disconnected from %s due to end of file',
  2: 'Disconnected from %s due to keepalive timeout',
};

export class VirshControl extends ShellControl {
  readonly name = 'virsh';
  readonly envPrefix = 'VIRSH';
  /** The URI given by -c, `connect`, or VIRSH_DEFAULT_CONNECT_URI (null: libvirt's default). */
  connname: string | null = null;
  #readOnly = false;
  #conn: Connect | null = null;
  keepaliveInterval = -1;
  keepaliveCount = -1;
  escapeChar = '^]';
  readonly stdin = new StdinLines();
  /**
   * Set by the close callback: the next command reconnects (virsh.c's own flag; vsh's
   * `disconnected`, counted from error codes, reconnects nothing in libvirt's virsh).
   */
  #lostConnection = 0;

  constructor() {
    super(cmdGroups, commandIndex);
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  set readOnly(v: boolean) {
    this.#readOnly = v;
  }

  get hasConnection(): boolean {
    return this.#conn !== null;
  }

  /** virshConnect: open with the default credential prompts, then set up keepalive. */
  async #open(uri: string | null, readOnly: boolean): Promise<Connect | null> {
    const [api, { defaultAuth }] = await Promise.all([import('../../api/index.js'), import('../vsh/auth.js')]);
    let c: Connect;
    try {
      c = await api.openAuth(uri, defaultAuth(this.stdin), readOnly ? api.ConnectFlags.RO : 0);
    } catch (e) {
      this.lastError = e;
      return null;
    }
    const forced = this.keepaliveInterval >= 0 || this.keepaliveCount >= 0;
    const interval = this.keepaliveInterval >= 0 ? this.keepaliveInterval : 5;
    const count = this.keepaliveCount >= 0 ? this.keepaliveCount : 6;
    if (interval > 0) {
      // virsh takes any answer but 0 for a failure: 1 (a daemon without keepalive) sets no error.
      let started = false;
      let failure: unknown = null;
      try {
        started = (await c.setKeepAlive(interval, count)) === 0;
      } catch (e) {
        failure = e;
      }
      if (!started) {
        if (forced) {
          this.error('Cannot setup keepalive on connection as requested, disconnecting');
          await c.close().catch(() => undefined);
          this.lastError = failure;
          return null;
        }
        this.debug(DebugLevel.Info, 'Failed to setup keepalive on connection\n');
      }
    }
    return c;
  }

  /** virshCatchDisconnect: say why the link went away; the next command reconnects. */
  readonly #catchDisconnect = (conn: Connect, reason: number): void => {
    if (reason === CLOSE_REASON_CLIENT) return;
    // A reason virsh does not know is printed as its bare fallback text.
    const text = DISCONNECT_TEXT[reason] ?? 'unknown reason';
    this.#lostConnection++;
    // The URI is the connection's own (no driver call for a remote one), so this prints before
    // whatever the command that noticed the loss prints next.
    void conn
      .getURI()
      .then(
        (uri) => this.error(text.replace('%s', uri)),
        () => this.error(text.replace('%s', '<null>')),
      )
      .then(() => this.eventDone());
  };

  /** Drop a connection: its close callback first, so that closing is not reported. */
  async #drop(c: Connect): Promise<void> {
    await c.unregisterCloseCallback(this.#catchDisconnect).catch(() => undefined);
    await c.close();
  }

  /** virshReconnect: drop the current connection and open `name` (or the current URI). */
  async reconnect(name: string | null, readOnly: boolean, force: boolean): Promise<boolean> {
    if (!readOnly && name === null) readOnly = this.#readOnly;
    let connected = false;
    if (this.#conn) {
      connected = true;
      const old = this.#conn;
      this.#conn = null;
      try {
        await this.#drop(old);
      } catch {
        this.error('Failed to disconnect from the hypervisor');
      }
    }
    this.#conn = await this.#open(name ?? this.connname, readOnly);
    if (!this.#conn) {
      this.error(this.#lostConnection ? 'Failed to reconnect to the hypervisor' : 'failed to connect to the hypervisor');
      return false;
    }
    if (name !== null) this.connname = name;
    this.#readOnly = readOnly;
    try {
      await this.#conn.registerCloseCallback(this.#catchDisconnect);
    } catch {
      this.error('Unable to register disconnect callback');
    }
    if (connected && !force) this.error('Reconnected to the hypervisor');
    this.#lostConnection = 0;
    this.disconnected = 0;
    return true;
  }

  /** virshConnectionHandler: connect on first need (or after a disconnect), then check the link. */
  async connectionHook(): Promise<boolean> {
    // virsh hears of a lost connection on its event thread while it waits at the prompt; here the
    // prompt's synchronous read held the event loop, so let it deliver what came meanwhile.
    if (this.#conn) await new Promise((r) => setImmediate(r));
    if ((!this.#conn || this.#lostConnection) && !(await this.reconnect(null, false, false))) return false;
    const c = this.#conn!;
    let alive = true;
    try {
      alive = await c.isAlive();
    } catch {
      // As virsh: only a definite "not alive" condemns the connection.
    }
    if (!alive) {
      this.error('no valid connection');
      return false;
    }
    return true;
  }

  async conn(): Promise<Connect> {
    if (!(await this.connectionHook())) {
      const e = this.lastError;
      this.lastError = null;
      throw e ?? errorsFrom(ErrorDomain.None)(ErrorCode.NoConnect, null);
    }
    return this.#conn!;
  }

  async close(): Promise<void> {
    const c = this.#conn;
    this.#conn = null;
    if (c) {
      try {
        await this.#drop(c);
      } catch {
        this.error('Failed to disconnect from the hypervisor');
      }
    }
    this.closeLog();
  }

  /** vshInitDebug: VIRSH_DEBUG and VIRSH_LOG_FILE, unless -d / -l said otherwise. */
  initDebug(): void {
    if (this.debugLevel === DebugLevel.Error) {
      const env = process.env.VIRSH_DEBUG;
      if (env !== undefined) {
        const n = parseInt32(env);
        if (n === null || n < DebugLevel.Debug || n > DebugLevel.Error) {
          this.error('VIRSH_DEBUG not set with a valid numeric value');
        } else {
          this.debugLevel = n;
        }
      }
    }
    if (this.logfile === null) {
      const env = process.env.VIRSH_LOG_FILE;
      if (env) {
        if (!this.openLog(env)) process.exit(1);
      }
    }
  }
}

// The usage text's layout is virsh's; the descriptions are ours.
async function usage(ctl: VirshControl): Promise<string> {
  const progname = ctl.progname;
  const [{ listedCommands }] = await Promise.all([import('../vsh/help.js'), ctl.loadAllGroups()]);
  let out =
    `\n${progname} [options]... [<command_string>]` +
    `\n${progname} [options]... <command> [args...]\n\n` +
    '  options:\n' +
    '    -c | --connect=URI      URI of the hypervisor to connect to\n' +
    '    -d | --debug=NUM        show debug messages of this level and above [0-4]\n' +
    '    -e | --escape <char>    escape sequence that leaves a console\n' +
    '    -h | --help             show this text\n' +
    '    -k | --keepalive-interval=NUM\n' +
    '                            seconds between keepalive probes, 0 turns them off\n' +
    '    -K | --keepalive-count=NUM\n' +
    '                            keepalive probes that may go unanswered\n' +
    '    -l | --log=FILE         write a log to FILE\n' +
    '    -q | --quiet            leave out informational messages\n' +
    '    -r | --readonly         open the connection read-only\n' +
    '    -t | --timing           report how long each command took\n' +
    '    -v                      print the version number\n' +
    '    -V                      print the version and the features built in\n' +
    '         --version[=TYPE]   print the version, TYPE short (the default) or long\n' +
    '  commands (non interactive mode):\n\n';
  for (const g of ctl.groups) {
    out += ` ${g.name} (help keyword '${g.keyword}')\n`;
    for (const c of listedCommands(g)) out += `    ${c.name.padEnd(30)} ${c.info.help}\n`;
    out += '\n';
  }
  out += '\n  (specify help <group> for details about the commands in the group)\n';
  out += '\n  (specify help <command> for details about the command)\n\n';
  return out;
}

/** What Debian's build reports (-V), so that scripts probing for features see the same answer. */
function longVersion(): string {
  return (
    `Virsh command line tool of libvirt ${VERSION}\n` +
    'See web site at https://libvirt.org/\n\n' +
    'Compiled with support for:\n' +
    ' Hypervisors: QEMU/KVM LXC LibXL OpenVZ VMware VirtualBox ESX Test\n' +
    ' Networking: Remote Network Bridging Interface udev Nwfilter\n' +
    ' Storage: Dir Disk Filesystem SCSI Multipath iSCSI iSCSI-direct LVM RBD Gluster ZFS\n' +
    ' Miscellaneous: Daemon Nodedev AppArmor SELinux Secrets Debug DTrace Readline\n'
  );
}

const LONG_OPTS: LongOpt[] = [
  { name: 'connect', arg: 'required', val: 'c' },
  { name: 'debug', arg: 'required', val: 'd' },
  { name: 'escape', arg: 'required', val: 'e' },
  { name: 'help', arg: 'none', val: 'h' },
  { name: 'keepalive-interval', arg: 'required', val: 'k' },
  { name: 'keepalive-count', arg: 'required', val: 'K' },
  { name: 'log', arg: 'required', val: 'l' },
  { name: 'quiet', arg: 'none', val: 'q' },
  { name: 'readonly', arg: 'none', val: 'r' },
  { name: 'timing', arg: 'none', val: 't' },
  { name: 'version', arg: 'optional', val: 'v' },
];

/** Thrown to end the program with a status (virsh calls exit() from its option parser). */
class Exit {
  constructor(readonly status: number) {}
}

function allowedEscapeChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '@' && c <= '_');
}

/** virshParseArgv: the options, then the command words. Returns the commands for one-shot mode. */
async function parseArgv(ctl: VirshControl, args: string[]): Promise<ParsedCommandImpl[] | 'interactive' | null> {
  const it = getoptLong(args, 'c:d:e:hk:K:l:qrtvV', LONG_OPTS);
  let optind = 0;
  for (;;) {
    const r = it.next();
    if (r.done) {
      optind = r.value;
      break;
    }
    const item = r.value;
    if (item.kind === 'missing') {
      const l = LONG_OPTS.find((o) => o.val === item.val);
      ctl.error(l ? `option '-${item.val}'/'--${l.name}' requires an argument` : `option '-${item.val}' requires an argument`);
      throw new Exit(1);
    }
    if (item.kind === 'unknown') {
      ctl.error(item.optopt !== null ? `unsupported option '-${item.optopt}'. See --help.` : `unsupported option '${item.text}'. See --help.`);
      throw new Exit(1);
    }
    const arg = item.arg ?? '';
    switch (item.val) {
      case 'c':
        ctl.connname = arg;
        break;
      case 'd': {
        const n = parseInt32(arg);
        if (n === null) {
          ctl.error(`option ${item.long ? '--debug' : '-d'} takes a numeric argument`);
          throw new Exit(1);
        }
        if (n < DebugLevel.Debug || n > DebugLevel.Error) {
          ctl.error(`ignoring debug level ${n} out of range [${DebugLevel.Debug}-${DebugLevel.Error}]`);
        } else {
          ctl.debugLevel = n;
        }
        break;
      }
      case 'e':
        if ((arg.length === 2 && arg[0] === '^' && allowedEscapeChar(arg[1]!)) || (arg.length === 1 && arg !== '^')) {
          ctl.escapeChar = arg;
        } else {
          ctl.error(`Invalid string '${arg}' for escape sequence`);
          throw new Exit(1);
        }
        break;
      case 'h':
        writeAll(1, await usage(ctl));
        throw new Exit(0);
      case 'k':
      case 'K': {
        const name = item.val === 'k' ? 'keepalive-interval' : 'keepalive-count';
        const label = item.long ? `--${name}` : `-${item.val}`;
        const n = parseInt32(arg, 0);
        if (n === null) {
          ctl.error(`Invalid value for option ${label}`);
          throw new Exit(1);
        }
        if (n < 0) {
          ctl.error(`option ${label} requires a positive integer argument`);
          throw new Exit(1);
        }
        if (item.val === 'k') ctl.keepaliveInterval = n;
        else ctl.keepaliveCount = n;
        break;
      }
      case 'l':
        if (!ctl.openLog(arg)) throw new Exit(1);
        break;
      case 'q':
        ctl.quiet = true;
        break;
      case 't':
        ctl.timing = true;
        break;
      case 'r':
        ctl.readOnly = true;
        break;
      case 'v':
        if (item.arg !== 'long') {
          writeAll(1, `${VERSION}\n`);
          throw new Exit(0);
        }
        writeAll(1, longVersion());
        throw new Exit(0);
      case 'V':
        writeAll(1, longVersion());
        throw new Exit(0);
    }
  }
  const rest = args.slice(optind);
  if (rest.length === 0) {
    ctl.imode = true;
    return 'interactive';
  }
  ctl.imode = false;
  if (rest.length === 1) {
    ctl.debug(DebugLevel.Info, `commands: "${rest[0]}"\n`);
    return ctl.parseString(rest[0]!);
  }
  return ctl.parseArgv(rest);
}

/** Run virsh with `args` (the words after the program name); resolves to the exit status. */
export async function main(args: string[], progPath = process.argv[1] ?? 'virsh'): Promise<number> {
  const ctl = new VirshControl();
  ctl.progname = progPath.slice(progPath.lastIndexOf('/') + 1);
  try {
    ctl.initDebug();
    const parsed = await parseArgv(ctl, args);
    if (parsed === null) {
      await ctl.close();
      return 1;
    }
    // virsh reads its debug settings again once the options are known.
    ctl.initDebug();
    if (ctl.connname !== null) {
      // A URI named with -c is connected at once; the default one waits for the first command
      // that needs it (which might be `connect` or `help`).
      if (!(await ctl.reconnect(null, false, false))) {
        ctl.reportLastError();
        await ctl.close();
        return 1;
      }
    } else {
      ctl.connname = process.env.VIRSH_DEFAULT_CONNECT_URI ?? null;
    }
    let ok = true;
    if (parsed !== 'interactive') {
      ok = await ctl.runCommands(parsed);
    } else {
      if (!ctl.quiet) {
        ctl.print(`Welcome to ${ctl.progname}, the virtualization interactive terminal.\n\n`);
        ctl.print("Type:  'help' for help with commands\n       'quit' to quit\n\n");
      }
      // The interactive shell (and readline, for a terminal) is loaded only when used; so is
      // node:tty, which brings in Node's net and stream modules. Completion lists every command.
      const [{ runSession }, { isatty }] = await Promise.all([import('../vsh/shell.js'), import('node:tty'), ctl.loadAllGroups()]);
      await runSession(ctl, {
        prompt: () => (ctl.readOnly ? PROMPT_RO : PROMPT_RW),
        stdin: ctl.stdin,
        istty: isatty(0),
      });
    }
    await ctl.close();
    return ok ? 0 : 1;
  } catch (e) {
    if (e instanceof Exit) {
      await ctl.close();
      return e.status;
    }
    throw e;
  }
}
