// The one door for running other programs (libvirt's virCommand): an argv builder with no shell,
// an environment that starts empty unless asked otherwise, captured output, timeouts and abort,
// daemonizing with a pid file, and errors that quote the command and its stderr the way libvirt
// does ("Child process (…) unexpected exit status 3: …").
//
// Builder misuse (an empty argv, a pid file without daemonize…) is recorded and reported by
// run(), so a chain of calls needs no error checks in between.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from './error.js';
import { systemError } from './system-error.js';
import { writeFileAtomic } from './atomic-file.js';
import { logger } from './log.js';

const log = logger('util.command');
const report = errorsFrom(ErrorDomain.None);

/** Variables libvirt passes through to every child (virCommandAddEnvPassCommon), plus LC_ALL=C. */
const PASS_COMMON = ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'DYLD_FORCE_FLAT_NAMESPACE', 'PATH', 'HOME', 'USER', 'LOGNAME', 'TMPDIR'];

/** Most of a child's stderr quoted in an error (the tail is what explains a failure). */
const STDERR_QUOTE_MAX = 4096;

export interface RunOptions {
  signal?: AbortSignal;
  /** Kill the child (SIGTERM, then SIGKILL after 1 s) if it runs longer (ms). */
  timeout?: number;
}

export interface RunResult {
  /** Exit status; null when the child died of a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

export interface DaemonResult {
  pid: number;
  /** The status byte the child wrote on its handshake pipe (requireHandshake), else null. */
  handshake: number | null;
}

/** Shell-quote an argument as libvirt's virBufferEscapeShell does (for messages only; never executed). */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (!/[\r\t\n !"#$&'()*;<>?[\\\]^`{|}~]/.test(s)) return s;
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** libvirt's virProcessTranslateStatus. */
function translateStatus(status: number | null, signal: NodeJS.Signals | null): string {
  if (status !== null) return `exit status ${status}`;
  const n = signal ? (osConstants.signals as Record<string, number>)[signal] : undefined;
  return `fatal signal ${n ?? signal}`;
}

async function findInPath(name: string, path: string | undefined): Promise<string | null> {
  for (const dir of (path ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      await access(p, fsConstants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return null;
}

export class Command {
  #argv: string[];
  /** null: inherit the whole environment; otherwise exactly these variables. */
  #env: Map<string, string> | null = new Map();
  #cwd: string | undefined;
  #stdin: string | Buffer | null = null;
  #captureStdout = false;
  #captureStderr = true;
  #allowedStatus = new Set([0]);
  #daemonize = false;
  #pidFile: string | null = null;
  #handshake = false;
  #extraFds: number[] = [];
  #umask: number | null = null;
  #error: string | null = null;

  constructor(binary: string, ...args: string[]) {
    if (!binary) this.#error = 'command has no binary';
    this.#argv = [binary, ...args];
  }

  addArg(a: string): this {
    this.#argv.push(a);
    return this;
  }

  addArgList(...args: string[]): this {
    this.#argv.push(...args);
    return this;
  }

  /** "--name value" as two arguments. */
  addArgPair(name: string, value: string): this {
    this.#argv.push(name, value);
    return this;
  }

  addEnvPair(name: string, value: string): this {
    (this.#env ??= new Map(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined))).set(name, value);
    return this;
  }

  /** Copy one variable from our environment, if set. */
  addEnvPass(name: string): this {
    const v = process.env[name];
    if (v !== undefined) this.addEnvPair(name, v);
    return this;
  }

  /** LC_ALL=C plus PATH, HOME, USER, LOGNAME, TMPDIR and the loader variables, as libvirt passes. */
  addEnvPassCommon(): this {
    this.addEnvPair('LC_ALL', 'C');
    for (const n of PASS_COMMON) this.addEnvPass(n);
    return this;
  }

  /** Give the child our whole environment (libvirt's default when no env call is made is the same). */
  inheritEnv(): this {
    this.#env = null;
    return this;
  }

  setWorkingDirectory(dir: string): this {
    this.#cwd = dir;
    return this;
  }

  setInput(data: string | Buffer): this {
    this.#stdin = data;
    return this;
  }

  captureStdout(): this {
    this.#captureStdout = true;
    return this;
  }

  /** Let stderr through to ours instead of capturing it for error messages. */
  passStderr(): this {
    this.#captureStderr = false;
    return this;
  }

  /** Exit statuses that are not failures (0 always is). */
  allowStatus(...codes: number[]): this {
    for (const c of codes) this.#allowedStatus.add(c);
    return this;
  }

  /** Pass one of our file descriptors; it appears in the child as fd 3, 4, … in call order. */
  passFd(fd: number): this {
    this.#extraFds.push(fd);
    return this;
  }

  setUmask(mask: number): this {
    this.#umask = mask;
    return this;
  }

  /** Run detached in a new session with stdio on /dev/null; run() returns once it has started. */
  daemonize(): this {
    this.#daemonize = true;
    return this;
  }

  /** Write the daemon's pid here (atomically) once it runs. */
  pidFile(path: string): this {
    this.#pidFile = path;
    return this;
  }

  /**
   * The daemon reports readiness: it gets a pipe (the fd number in $TSVIRT_HANDSHAKE_FD) and
   * writes one status byte when initialised; runDaemon() waits for it.
   */
  requireHandshake(): this {
    this.#handshake = true;
    return this;
  }

  get argv(): readonly string[] {
    return this.#argv;
  }

  /** The command as libvirt prints it: explicit environment, then the quoted argv. */
  toString(): string {
    const parts: string[] = [];
    if (this.#env) for (const [k, v] of this.#env) parts.push(`${k}=${shellQuote(v)}`);
    for (const a of this.#argv) parts.push(shellQuote(a));
    return parts.join(' ');
  }

  #check(): void {
    if (this.#error) throw report(ErrorCode.InternalError, this.#error);
    if (this.#pidFile && !this.#daemonize) throw report(ErrorCode.InternalError, 'pid file requested for a command that is not daemonized');
    if (this.#handshake && !this.#daemonize) throw report(ErrorCode.InternalError, 'handshake requested for a command that is not daemonized');
  }

  async #binary(): Promise<string> {
    const b = this.#argv[0]!;
    if (isAbsolute(b)) return b;
    const found = await findInPath(b, this.#env ? this.#env.get('PATH') ?? process.env['PATH'] : process.env['PATH']);
    if (!found) throw systemError({ code: 'ENOENT' } as NodeJS.ErrnoException, `Cannot find '${b}' in path`);
    return found;
  }

  #spawn(binary: string, stdio: StdioOptions, extraEnv?: Record<string, string>): ChildProcess {
    const env = this.#env ? Object.fromEntries(this.#env) : { ...process.env };
    Object.assign(env, extraEnv);
    log.debug(() => `running ${this.toString()}`);
    const oldMask = this.#umask === null ? null : process.umask(this.#umask);
    try {
      return spawn(binary, this.#argv.slice(1), {
        argv0: this.#argv[0],
        env,
        cwd: this.#cwd ?? (this.#daemonize ? '/' : undefined),
        stdio,
        detached: this.#daemonize,
        shell: false,
        windowsHide: true,
      });
    } finally {
      if (oldMask !== null) process.umask(oldMask);
    }
  }

  /**
   * Run to completion. A status not allowed, a fatal signal, a timeout or an abort is a
   * VirError quoting the command and its stderr.
   */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    this.#check();
    if (this.#daemonize) throw report(ErrorCode.InternalError, 'use runDaemon() for a daemonized command');
    opts.signal?.throwIfAborted();
    const binary = await this.#binary();
    const stdio: StdioOptions = [
      this.#stdin === null ? 'ignore' : 'pipe',
      this.#captureStdout ? 'pipe' : 'ignore',
      this.#captureStderr ? 'pipe' : 'inherit',
      ...this.#extraFds,
    ];
    const child = this.#spawn(binary, stdio);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    if (child.stdin) {
      child.stdin.on('error', () => {
        // The child may exit without reading its input; its status tells the story.
      });
      child.stdin.end(this.#stdin);
    }
    let killedFor: string | null = null;
    const kill = (why: string) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killedFor = why;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 1000).unref();
    };
    const timer = opts.timeout ? setTimeout(() => kill('timeout'), opts.timeout) : null;
    const onAbort = () => kill('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
        child.once('error', (e) => reject(systemError(e, `Cannot run '${this.#argv[0]}'`)));
        child.once('close', (code, sig) => resolve([code, sig]));
      });
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (killedFor === 'abort') throw opts.signal?.reason ?? report(ErrorCode.OperationAborted, `command ${this.#argv[0]} aborted`);
      if (killedFor === 'timeout') {
        throw report(ErrorCode.InternalError, `Child process (${this.toString()}) timed out after ${opts.timeout} ms${stderrSuffix(stderr)}`);
      }
      if (status === null || !this.#allowedStatus.has(status)) {
        throw report(ErrorCode.InternalError, `Child process (${this.toString()}) unexpected ${translateStatus(status, signal)}${stderrSuffix(stderr)}`);
      }
      return { status, signal, stdout, stderr, pid: child.pid ?? -1 };
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Start a daemonized command; with requireHandshake, wait for its status byte (≤ timeout ms). */
  async runDaemon(opts: { timeout?: number } = {}): Promise<DaemonResult> {
    this.#check();
    if (!this.#daemonize) throw report(ErrorCode.InternalError, 'runDaemon() needs daemonize()');
    const binary = await this.#binary();
    const stdio: StdioOptions = ['ignore', 'ignore', 'ignore', ...this.#extraFds];
    const hsFd = stdio.length;
    if (this.#handshake) stdio.push('pipe');
    const child = this.#spawn(binary, stdio, this.#handshake ? { TSVIRT_HANDSHAKE_FD: String(hsFd) } : undefined);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (e) => reject(systemError(e, `Cannot run '${this.#argv[0]}'`)));
    });
    const pid = child.pid!;
    let handshake: number | null = null;
    if (this.#handshake) {
      const pipe = child.stdio[hsFd] as NodeJS.ReadableStream;
      handshake = await new Promise<number | null>((resolve) => {
        const timer = opts.timeout ? setTimeout(() => resolve(null), opts.timeout) : null;
        pipe.once('data', (c: Buffer) => {
          if (timer) clearTimeout(timer);
          resolve(c[0] ?? null);
        });
        pipe.once('end', () => resolve(null));
        pipe.once('error', () => resolve(null));
      });
      (pipe as unknown as { destroy(): void }).destroy();
    }
    if (this.#pidFile) await writeFileAtomic(this.#pidFile, String(pid), 0o644);
    child.unref();
    return { pid, handshake };
  }
}

function stderrSuffix(stderr: string): string {
  if (!stderr) return '';
  const tail = stderr.length > STDERR_QUOTE_MAX ? stderr.slice(-STDERR_QUOTE_MAX) : stderr;
  return `: ${tail}`;
}

/** For a daemon started with requireHandshake: report the status byte to the parent, once. */
export async function sendHandshake(status: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const fdStr = env['TSVIRT_HANDSHAKE_FD'];
  if (!fdStr) return;
  delete env['TSVIRT_HANDSHAKE_FD'];
  const { write, close } = await import('node:fs');
  const fd = Number(fdStr);
  await new Promise<void>((resolve) => write(fd, Buffer.from([status & 0xff]), () => close(fd, () => resolve())));
}

export { VirError };
