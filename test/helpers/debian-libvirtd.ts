// Debian's libvirtd on a temporary directory: config, sockets, pid file, log, HOME and the XDG
// directories all inside it, so nothing outside is touched and no system libvirtd is disturbed.
//
// As root, libvirtd's QEMU driver refuses to start without the libvirt-qemu user, and a
// privileged daemon writes under /run/libvirt; so a root test runs it as `nobody` (setpriv) in
// session mode. Files such a daemon must read or write (custom test driver configs, save images)
// must then be reachable by `nobody`: see shareWithDaemon().
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, chmodSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PEER_LIBVIRTD, STRICT_PEERS } from './peers.js';

export const LIBVIRTD = PEER_LIBVIRTD;
export const strictPeers = STRICT_PEERS;
export const libvirtdAvailable = existsSync(LIBVIRTD);
/** node:test's `skip` for tests that need Debian's libvirtd. */
export const skipWithoutLibvirtd: string | false = !libvirtdAvailable && !strictPeers ? 'Debian libvirtd is not installed' : false;

/** Whether Debian's libvirtd runs as another user (nobody) than the tests: true when we are root. */
export const libvirtdRunsAsNobody = process.getuid?.() === 0;

/**
 * Make `dir` (and what is in it) usable by a daemon running as `nobody`: every directory from
 * `base` down traversable, `dir` itself writable by all.
 */
export function shareWithDaemon(base: string, dir: string): void {
  if (!libvirtdRunsAsNobody) return;
  chmodSync(base, 0o755);
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      chmodSync(p, 0o777);
      for (const n of readdirSync(p)) walk(join(p, n));
    } else {
      chmodSync(p, st.mode | 0o666);
    }
  };
  walk(dir);
}

export interface DebianLibvirtdOptions {
  /** Extra libvirtd.conf lines. */
  extra?: string[];
}

export class DebianLibvirtd {
  dir = '';
  sock = '';
  sockRo = '';
  #child: ChildProcess | null = null;
  #opts: DebianLibvirtdOptions;

  constructor(opts: DebianLibvirtdOptions = {}) {
    this.#opts = opts;
  }

  /** test+unix:// URI of a test driver path through this daemon. */
  uri(path = '/default', readOnly = false): string {
    return `test+unix://${path}?socket=${readOnly ? this.sockRo : this.sock}`;
  }

  async start(): Promise<void> {
    if (!libvirtdAvailable) throw new Error(`${LIBVIRTD} is missing and TSVIRT_STRICT_PEERS=1`);
    this.dir = await mkdtemp(join(tmpdir(), 'tsvirt-libvirtd-'));
    const dir = this.dir;
    await chmod(dir, 0o777);
    this.sock = join(dir, 'libvirt-sock');
    this.sockRo = join(dir, 'libvirt-sock-ro');
    const conf = join(dir, 'libvirtd.conf');
    await writeFile(
      conf,
      [
        `unix_sock_dir = "${dir}"`,
        'unix_sock_ro_perms = "0777"',
        'unix_sock_rw_perms = "0777"',
        'auth_unix_rw = "none"',
        'auth_unix_ro = "none"',
        'listen_tls = 0',
        'listen_tcp = 0',
        `log_outputs = "3:file:${dir}/libvirtd.log"`,
        ...(this.#opts.extra ?? []),
        '',
      ].join('\n'),
    );
    const env = {
      HOME: dir,
      XDG_RUNTIME_DIR: join(dir, 'run'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      LC_ALL: 'C',
    };
    const argv = [LIBVIRTD, '-f', conf, '-p', join(dir, 'libvirtd.pid')];
    if (libvirtdRunsAsNobody && spawnSync('setpriv', ['--version']).status !== 0) throw new Error('running libvirtd unprivileged needs setpriv (util-linux)');
    const cmd = libvirtdRunsAsNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...argv] : argv;
    this.#child = spawn(cmd[0]!, cmd.slice(1), { env, stdio: 'ignore' });
    for (let i = 0; i < 300 && !existsSync(this.sock); i++) await sleep(50);
    if (!existsSync(this.sock)) {
      const log = await readFile(join(dir, 'libvirtd.log'), 'utf8').catch(() => '');
      throw new Error(`libvirtd did not create ${this.sock}:\n${log}`);
    }
  }

  /** Kill the daemon at once (a peer that goes away). */
  async kill(): Promise<void> {
    const c = this.#child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const c = this.#child;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
    this.#child = null;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** Start one, as a function (the shape the other helpers have). */
export async function startDebianLibvirtd(opts: DebianLibvirtdOptions = {}): Promise<DebianLibvirtd> {
  const d = new DebianLibvirtd(opts);
  await d.start();
  return d;
}
