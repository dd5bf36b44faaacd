// The shell's state and its command loop (virsh's vshControl and vshCommandRun), shared by every
// program built on the engine. A program supplies its command groups and its connection hook.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Connect } from '../../api/connect.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../../util/error.js';
import { CommandFailure, type CommandDef, type Ctl } from './command-def.js';
import type { CommandGroup, CommandIndex, GroupSource } from './help.js';
import { writeAll } from './io.js';
import { commandWords, parseCommands } from './parse-options.js';
import type { ParsedCommandImpl } from './parsed-command.js';
import { ArgvTokens, StringTokens } from './tokenizer.js';

/** vshErrorLevel */
export const DebugLevel = {
  Debug: 0,
  Info: 1,
  Notice: 2,
  Warning: 3,
  Error: 4,
} as const;

/** VSH_MAX_XML_FILE: the largest file a command reads. */
export const MAX_FILE = 10 * 1024 * 1024;

const systemError = errorsFrom(ErrorDomain.None);

export abstract class ShellControl implements Ctl {
  /** The program's fixed name ("virsh"), for the history folder and environment prefix. */
  abstract readonly name: string;
  abstract readonly envPrefix: string;
  progname = 'virsh';
  quiet = false;
  timing = false;
  /** Messages at or above this level are shown (vshDebug); Error means "none but errors". */
  debugLevel: number = DebugLevel.Error;
  /** Interactive mode; `quit` clears it to end the session. */
  imode = false;
  logfile: string | null = null;
  #logFd = -1;
  readonly #sources: readonly GroupSource[];
  readonly #index: CommandIndex | null;
  /** Each group's commands once loaded. */
  readonly #loaded: (readonly CommandDef[] | undefined)[];
  #byName = new Map<string, CommandDef>();
  /**
   * A libvirt error raised on a path that does not throw to the command (virsh's last_error):
   * printed when the command fails, then cleared.
   */
  lastError: unknown = null;
  readonly #eventDone = new Set<() => void>();

  onEventDone(fn: () => void): () => void {
    this.#eventDone.add(fn);
    return () => void this.#eventDone.delete(fn);
  }

  /** vshEventDone: end the event wait in progress, if any. */
  eventDone(): void {
    for (const fn of [...this.#eventDone]) fn();
  }

  /**
   * Counted when a failure looks like a lost connection, as vsh.c counts it; virsh reconnects on
   * its close callback's word instead (VirshControl), as libvirt's virsh does.
   */
  disconnected = 0;

  /**
   * `index` says which group holds each command, so that running one command loads one group;
   * without it (or for a name it lacks) every group is loaded.
   */
  constructor(sources: readonly GroupSource[], index: CommandIndex | null = null) {
    this.#sources = sources;
    this.#index = index;
    this.#loaded = sources.map(() => undefined);
  }

  /** Every group with its commands; only after loadAllGroups(). */
  get groups(): readonly CommandGroup[] {
    return this.#sources.map((g, i) => {
      const commands = this.#loaded[i];
      if (commands === undefined) throw new Error(`command group '${g.keyword}' used before it was loaded`);
      return { name: g.name, keyword: g.keyword, commands };
    });
  }

  async #loadGroups(which: readonly number[]): Promise<void> {
    const missing = which.filter((i) => this.#loaded[i] === undefined);
    if (missing.length === 0) return;
    const lists = await Promise.all(missing.map((i) => this.#sources[i]!.load()));
    missing.forEach((i, k) => (this.#loaded[i] = lists[k]));
    // Rebuilt in group order, so that the first group defining a name wins however the groups
    // were loaded.
    const byName = new Map<string, CommandDef>();
    for (const cmds of this.#loaded) for (const c of cmds ?? []) if (!byName.has(c.name)) byName.set(c.name, c);
    this.#byName = byName;
  }

  async loadAllGroups(): Promise<void> {
    await this.#loadGroups(this.#sources.map((_, i) => i));
  }

  /** Load the groups that define `names` (and the targets of aliases among them). */
  async loadCommands(names: readonly string[]): Promise<void> {
    const want = new Set<number>();
    for (const n of names) {
      const i = this.#index !== null && Object.hasOwn(this.#index, n) ? this.#index[n] : undefined;
      if (i === undefined) return this.loadAllGroups();
      want.add(i);
    }
    await this.#loadGroups([...want]);
    const targets: string[] = [];
    for (const n of names) {
      const def = this.#byName.get(n);
      // An index that named the wrong group is only a hint gone wrong: load everything.
      if (def === undefined) return this.loadAllGroups();
      if (def.alias !== undefined && !this.#byName.has(def.alias)) targets.push(def.alias);
    }
    if (targets.length > 0) await this.loadCommands(targets);
  }

  abstract get readOnly(): boolean;
  abstract conn(): Promise<Connect>;
  /** Make sure a usable connection exists before a command that needs one; false after reporting. */
  abstract connectionHook(): Promise<boolean>;

  lookup(name: string): CommandDef | undefined {
    return this.#byName.get(name);
  }

  /** Only after loadAllGroups(). */
  groupByName(name: string): CommandGroup | undefined {
    return this.groups.find((g) => g.name === name || g.keyword === name);
  }

  // --- output (vshPrint, vshPrintExtra, vshError, vshDebug) ---
  print(s: string): void {
    writeAll(1, s);
  }

  printExtra(s: string): void {
    if (!this.quiet) writeAll(1, s);
  }

  error(msg: string): void {
    this.log(DebugLevel.Error, msg);
    writeAll(2, `error: ${msg}\n`);
  }

  debug(level: number, msg: string): void {
    if (level < this.debugLevel) return;
    this.log(level, msg);
    writeAll(1, msg);
  }

  // --- log file (-l, VIRSH_LOG_FILE) ---
  openLog(path: string): boolean {
    this.closeLog();
    this.logfile = path;
    try {
      this.#logFd = openSync(path, 'as', 0o644);
      return true;
    } catch {
      this.error('failed to open the log file. check the log file path');
      return false;
    }
  }

  closeLog(): void {
    if (this.#logFd >= 0) closeSync(this.#logFd);
    this.#logFd = -1;
    this.logfile = null;
  }

  log(level: number, msg: string): void {
    if (this.#logFd < 0) return;
    const d = new Date();
    const two = (n: number): string => String(n).padStart(2, '0');
    const stamp = `${d.getFullYear()}.${two(d.getMonth() + 1)}.${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    const names = ['DEBUG', 'INFO', 'INFO', 'WARNING', 'ERROR'];
    const text = msg.replace(/\n+$/, '');
    try {
      writeSync(this.#logFd, `[${stamp} ${this.progname} ${process.pid}] ${names[level] ?? 'DEBUG'} ${text}\n`);
    } catch {
      this.closeLog();
      this.error('failed to write the log file');
    }
  }

  // --- files ---
  async readFile(path: string): Promise<string> {
    const { strerror } = await import('./strerror.js');
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw systemError(ErrorCode.SystemError, `Failed to open file '${path}': ${strerror((e as NodeJS.ErrnoException).code)}`);
    }
    try {
      const data = readFileSync(fd);
      if (data.length > MAX_FILE) {
        throw Object.assign(new Error('too large'), { code: 'EOVERFLOW' });
      }
      return data.toString('utf8');
    } catch (e) {
      throw systemError(ErrorCode.SystemError, `Failed to read file '${path}': ${strerror((e as NodeJS.ErrnoException).code)}`);
    } finally {
      closeSync(fd);
    }
  }

  // --- parsing ---
  #parseEnv() {
    return {
      lookup: (n: string) => this.lookup(n),
      error: (m: string) => this.error(m),
      debug: (m: string) => this.debug(DebugLevel.Info, m),
    };
  }

  /** vshCommandStringParse; null after a reported syntax error (or for an empty string). */
  async parseString(line: string): Promise<ParsedCommandImpl[] | null> {
    if (line === '') return null;
    await this.loadCommands(commandWords(new StringTokens(line, () => undefined)));
    return parseCommands(this.#parseEnv(), new StringTokens(line, (m) => this.error(m)));
  }

  /** vshCommandArgvParse */
  async parseArgv(args: readonly string[]): Promise<ParsedCommandImpl[] | null> {
    if (args.length === 0) return null;
    await this.loadCommands(commandWords(new ArgvTokens(args)));
    return parseCommands(this.#parseEnv(), new ArgvTokens(args));
  }

  // --- running ---
  /** vshReportError for something thrown by a command, or the pending libvirt error. */
  reportFailure(thrown: unknown): void {
    if (thrown instanceof CommandFailure) {
      this.error(thrown.message);
      if (thrown.cause !== undefined) this.reportFailure(thrown.cause);
    } else if (thrown instanceof VirError) {
      this.#noteDisconnect(thrown);
      this.error(thrown.message);
    } else if (thrown instanceof Error) {
      this.error(`internal error: ${thrown.message}`);
      if (process.env.TSVIRT_DEBUG) writeAll(2, `${thrown.stack}\n`);
    } else if (thrown !== undefined && thrown !== null) {
      this.error(String(thrown));
    }
  }

  #noteDisconnect(e: VirError): void {
    if (
      (e.code === ErrorCode.SystemError && e.domain === ErrorDomain.Remote) ||
      e.code === ErrorCode.Rpc ||
      e.code === ErrorCode.NoConnect ||
      e.code === ErrorCode.InvalidConn
    ) {
      this.disconnected++;
    }
  }

  /** Print and clear the pending libvirt error (vshReportError with nothing thrown). */
  reportLastError(): void {
    const e = this.lastError;
    this.lastError = null;
    if (e !== null) this.reportFailure(e);
  }

  async #runOne(cmd: ParsedCommandImpl): Promise<boolean> {
    if (!cmd.def.noConnect && !(await this.connectionHook())) {
      this.reportLastError();
      return false;
    }
    try {
      const r = await cmd.def.run(this, cmd);
      if (r === false) {
        this.reportLastError();
        return false;
      }
      this.lastError = null;
      return true;
    } catch (e) {
      this.lastError = null;
      this.reportFailure(e);
      return false;
    }
  }

  /** vshCommandRun: run in order; the result is the last command's. `quit` stops the list. */
  async runCommands(cmds: readonly ParsedCommandImpl[]): Promise<boolean> {
    let ret = true;
    for (const cmd of cmds) {
      const before = process.hrtime.bigint();
      ret = await this.#runOne(cmd);
      const after = process.hrtime.bigint();
      if (cmd.def.name === 'quit' || cmd.def.name === 'exit') return ret;
      if (this.timing) {
        const ms = Number(after - before) / 1e6;
        this.print(`\n(Time: ${ms.toFixed(3)} ms)\n\n`);
      } else {
        this.printExtra('\n');
      }
    }
    return ret;
  }
}
