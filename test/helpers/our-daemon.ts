// Our libvirtd (bin/libvirtd) on a temporary directory: config, sockets and pid file inside it,
// auth none. Used by the interop tests (Debian's clients against it) and the remote library tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from dist/test/helpers/). */
export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface OurDaemon {
  dir: string;
  sock: string;
  sockRo: string;
  /** test+unix:// URI of a test driver path through this daemon. */
  uri(path?: string, readOnly?: boolean): string;
  /** What the daemon printed on stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface OurDaemonOptions {
  /** Extra libvirtd.conf lines. */
  extra?: string[];
}

export async function startOurDaemon(opts: OurDaemonOptions = {}): Promise<OurDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'tsvirt-interop-'));
  const conf = join(dir, 'libvirtd.conf');
  writeFileSync(conf, [`unix_sock_dir = "${dir}"`, 'auth_unix_rw = "none"', 'auth_unix_ro = "none"', ...(opts.extra ?? []), ''].join('\n'));
  const proc: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'libvirtd'), '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  let exited = false;
  const gone = new Promise<void>((r) => proc.on('exit', () => ((exited = true), r())));
  const sock = join(dir, 'libvirt-sock');
  const sockRo = join(dir, 'libvirt-sock-ro');
  const end = Date.now() + 15000;
  while (!existsSync(join(dir, 'libvirtd.pid')) || !existsSync(sockRo)) {
    if (exited) throw new Error(`our libvirtd exited: ${log}`);
    if (Date.now() > end) throw new Error(`our libvirtd did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    dir,
    sock,
    sockRo,
    uri: (path = '/default', readOnly = false) => `test+unix://${path}?socket=${readOnly ? sockRo : sock}`,
    log: () => log,
    async stop() {
      if (!exited) proc.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Run a program to completion and collect its output (LC_ALL=C). */
export function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { cwd: opts.cwd ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stdout = '';
    let stderr = '';
    const t = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 120000);
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('error', rej);
    p.on('close', (status) => {
      clearTimeout(t);
      res({ status, stdout, stderr });
    });
  });
}
