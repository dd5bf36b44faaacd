// Runs bin/libvirtd on a temporary directory (config, sockets, pid file all inside it) and speaks
// raw RPC to it, for the daemon integration tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const LIBVIRTD = join(ROOT, 'bin', 'libvirtd');

export const REMOTE_PROGRAM = 0x20008086;

export interface RunningDaemon {
  dir: string;
  conf: string;
  proc: ChildProcess;
  stderr: () => string;
  sock: string;
  sockRo: string;
  sockAdmin: string;
  pidFile: string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  cleanup(): void;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tsvirt-daemon-'));
}

export function writeConf(dir: string, extra = ''): string {
  const conf = join(dir, 'libvirtd.conf');
  writeFileSync(
    conf,
    `unix_sock_dir = "${dir}"\nauth_unix_rw = "none"\nauth_unix_ro = "none"\n${extra}\n`,
  );
  return conf;
}

/** Run bin/libvirtd with these arguments and collect its output (for short-lived runs). */
export function runLibvirtd(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [LIBVIRTD, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Start a daemon and wait until its sockets answer. */
export async function startDaemon(opts: { extra?: string; args?: string[]; dir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningDaemon> {
  const dir = opts.dir ?? tempDir();
  const conf = writeConf(dir, opts.extra);
  const proc = spawn(process.execPath, [LIBVIRTD, '-f', conf, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (c) => (err += c));
  proc.stdout!.resume();
  const exited = new Promise<number | null>((r) => proc.on('exit', (code, sig) => r(code ?? (sig ? -1 : null))));
  let done = false;
  void exited.then(() => (done = true));
  const d: RunningDaemon = {
    dir,
    conf,
    proc,
    stderr: () => err,
    sock: join(dir, 'libvirt-sock'),
    sockRo: join(dir, 'libvirt-sock-ro'),
    sockAdmin: join(dir, 'libvirt-admin-sock'),
    pidFile: join(dir, 'libvirtd.pid'),
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!done) proc.kill(signal);
      return exited;
    },
    cleanup() {
      if (!done) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await waitFor(() => done || (existsSync(d.sockAdmin) && existsSync(d.pidFile)), 10000, 'daemon sockets');
  if (done) throw new Error(`daemon exited early: ${err}`);
  return d;
}

export interface Frame {
  prog: number;
  vers: number;
  proc: number;
  type: number;
  serial: number;
  status: number;
  body: Buffer;
}

export function frame(h: { prog: number; vers: number; proc: number; type?: number; serial: number; status?: number }, body = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(28 + body.length);
  b.writeUInt32BE(b.length, 0);
  b.writeUInt32BE(h.prog, 4);
  b.writeUInt32BE(h.vers, 8);
  b.writeInt32BE(h.proc, 12);
  b.writeInt32BE(h.type ?? 0, 16);
  b.writeUInt32BE(h.serial, 20);
  b.writeInt32BE(h.status ?? 0, 24);
  body.copy(b, 28);
  return b;
}

/** A raw RPC connection: write frames, read whole frames back. */
export class RawClient {
  readonly sock: Socket;
  frames: Frame[] = [];
  closed = false;
  #buf: Buffer = Buffer.alloc(0);
  #waiters: Array<() => void> = [];

  private constructor(sock: Socket) {
    this.sock = sock;
    sock.on('data', (c: Buffer) => {
      this.#buf = this.#buf.length ? Buffer.concat([this.#buf, c]) : c;
      while (this.#buf.length >= 4 && this.#buf.length >= this.#buf.readUInt32BE(0)) {
        const len = this.#buf.readUInt32BE(0);
        const f = this.#buf.subarray(0, len);
        this.#buf = this.#buf.subarray(len);
        this.frames.push({
          prog: f.readUInt32BE(4),
          vers: f.readUInt32BE(8),
          proc: f.readInt32BE(12),
          type: f.readInt32BE(16),
          serial: f.readUInt32BE(20),
          status: f.readInt32BE(24),
          body: f.subarray(28),
        });
      }
      this.#wake();
    });
    const gone = () => {
      this.closed = true;
      this.#wake();
    };
    sock.on('close', gone);
    sock.on('end', gone);
    sock.on('error', gone);
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  static connect(path: string): Promise<RawClient> {
    return new Promise((res, rej) => {
      const s = createConnection(path);
      s.once('connect', () => res(new RawClient(s)));
      s.once('error', rej);
    });
  }

  write(b: Buffer): void {
    this.sock.write(b);
  }

  async waitFrames(n: number, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (this.frames.length < n && !this.closed) {
      if (Date.now() > end) throw new Error(`timed out with ${this.frames.length}/${n} frames`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async waitClosed(ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!this.closed) {
      if (Date.now() > end) throw new Error('timed out waiting for the daemon to close the connection');
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.sock.destroy();
  }
}

/** The message of a remote_error body. */
export function errorMessage(body: Buffer): { code: number; domain: number; message: string } {
  const code = body.readInt32BE(0);
  const domain = body.readInt32BE(4);
  const has = body.readUInt32BE(8);
  const len = has ? body.readUInt32BE(12) : 0;
  return { code, domain, message: has ? body.subarray(16, 16 + len).toString('utf8') : '' };
}
