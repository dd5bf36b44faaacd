// Transports that talk to a helper process (ssh, ext): libvirt's virNetSocketNewConnectCommand.
//
// As in libvirt, the child's stdin and stdout are one end of a connected unix socket pair and its
// stderr a pipe. The socket matters for what the user sees: when the helper dies without reading
// what we sent (ssh refusing the key, a binary that cannot run), reading our end fails with
// "Connection reset by peer", and libvirt's message quotes the helper's stderr before it:
//   Cannot recv data: Permission denied (publickey).: Connection reset by peer
// Node has no socketpair(); a listening socket on a private temporary path, connected to and then
// removed, gives the same pair.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { ErrorDomain } from '../../../util/error.js';
import { shellQuote } from '../../../util/command.js';
import { strerror, systemError } from '../../../util/system-error.js';
import { logger } from '../../../util/log.js';
import type { ClientTransport } from '../../../rpc/client.js';

const log = logger('rpc.command-transport');

/** libvirt reads at most this much of the helper's stderr for its message (virFileReadLimFD). */
const STDERR_MAX = 1024;

/** virCommandAddEnvPassCommon: LC_ALL=C plus these, when set. */
const PASS_COMMON = ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'DYLD_FORCE_FLAT_NAMESPACE', 'PATH', 'HOME', 'USER', 'LOGNAME', 'TMPDIR'];

/** The environment libvirt gives a helper: a clean one with the common variables and `extra` passed through. */
export function helperEnv(extra: readonly string[] = [], from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { LC_ALL: 'C' };
  for (const n of [...PASS_COMMON, ...extra]) {
    const v = from[n];
    if (v !== undefined) env[n] = v;
  }
  return env;
}

async function findBinary(name: string, path: string | undefined): Promise<string> {
  if (isAbsolute(name) || name.includes('/')) return name;
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
  // virCommand's error for a binary missing from $PATH.
  throw systemError({ code: 'ENOENT', errno: -2 } as NodeJS.ErrnoException, `Cannot find '${name}' in path`, ErrorDomain.None);
}

/** A connected pair of unix stream sockets. */
async function socketPair(): Promise<[Socket, Socket]> {
  const dir = await mkdtemp(join(tmpdir(), 'tsvirt-pair-'));
  const path = join(dir, 's');
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const ours = createConnection(path);
    await new Promise<void>((resolve, reject) => {
      ours.once('connect', resolve);
      ours.once('error', reject);
    });
    return [ours, await accepted];
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export interface CommandTransport extends ClientTransport {
  readonly child: ChildProcess;
}

/** Start `argv` with `env` and talk to it over its stdin/stdout. */
export async function connectCommand(argv: readonly string[], env: Record<string, string>): Promise<CommandTransport> {
  const binary = await findBinary(argv[0]!, env['PATH'] ?? process.env['PATH']);
  const [ours, theirs] = await socketPair();
  // Early failures must not go unheard before the RPC client listens; it looks at `errored`.
  // A helper that died before our first write reaches the socket fails that write with EPIPE.
  // libvirt writes before its helper can die, and sees the same death as a reset on its next
  // read; this listener runs before the client's, so the client reports it as libvirt does.
  ours.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') Object.assign(e, { code: 'ECONNRESET', errno: -104, message: 'Connection reset by peer' });
  });
  log.debug(() => `running ${Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')} ${argv.map(shellQuote).join(' ')}`);
  const child = spawn(binary, argv.slice(1), { argv0: argv[0], env, stdio: [theirs, theirs, 'pipe'], shell: false });
  // The child has its own copies of the descriptors now.
  theirs.destroy();

  let stderr = '';
  let stderrDone = false;
  const settledWaiters: Array<() => void> = [];
  const settle = () => {
    stderrDone = true;
    for (const w of settledWaiters.splice(0)) w();
  };
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => {
    if (stderr.length < STDERR_MAX) stderr = (stderr + c).slice(0, STDERR_MAX);
  });
  child.stderr!.on('end', settle);
  child.stderr!.on('error', settle);
  child.on('error', (e: NodeJS.ErrnoException) => {
    // libvirt forks first and reports exec failures from the child, on its stderr.
    stderr = `libvirt:  error : cannot execute binary ${binary}: ${strerror(e)}`;
    settle();
    ours.destroy(Object.assign(new Error('Connection reset by peer'), { code: 'ECONNRESET', errno: -104 }));
  });

  let killTimer: NodeJS.Timeout | null = null;
  return {
    stream: ours,
    peer: { kind: 'unix', uid: null, gid: null, pid: child.pid ?? null, address: null },
    child,
    errorOutput: () => stderr.replace(/\s+$/, ''),
    settled: () => (stderrDone ? Promise.resolve() : new Promise<void>((r) => settledWaiters.push(r))),
    destroy: () => {
      ours.destroy();
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        killTimer ??= setTimeout(() => child.kill('SIGKILL'), 1000);
        killTimer.unref();
        child.once('exit', () => killTimer && clearTimeout(killTimer));
      }
    },
  };
}
