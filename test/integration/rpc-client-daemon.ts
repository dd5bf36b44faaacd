// Debian's libvirtd on a temporary unix socket, for the rpc-client integration tests.
//
// As root, libvirtd's QEMU driver refuses to start without the libvirt-qemu user, and a
// privileged daemon writes under /run/libvirt; so a root test runs it as `nobody` in session
// mode, with HOME and the XDG directories inside the temporary directory. Nothing outside it is
// touched and no system libvirtd is disturbed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const LIBVIRTD = '/usr/sbin/libvirtd';
export const strictPeers = process.env['TSVIRT_STRICT_PEERS'] === '1';
export const libvirtdAvailable = existsSync(LIBVIRTD);
/** node:test's `skip` for tests that need Debian's libvirtd. */
export const skipWithoutLibvirtd: string | false = !libvirtdAvailable && !strictPeers ? 'Debian libvirtd is not installed' : false;

export class DebianLibvirtd {
  dir = '';
  sock = '';
  #child: ChildProcess | null = null;

  async start(): Promise<void> {
    if (!libvirtdAvailable) throw new Error(`${LIBVIRTD} is missing and TSVIRT_STRICT_PEERS=1`);
    this.dir = await mkdtemp(join(tmpdir(), 'tsvirt-libvirtd-'));
    const dir = this.dir;
    await chmod(dir, 0o777);
    this.sock = join(dir, 'libvirt-sock');
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
        '',
      ].join('\n'),
    );
    const env = {
      HOME: dir,
      XDG_RUNTIME_DIR: join(dir, 'run'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    };
    const argv = [LIBVIRTD, '-f', conf, '-p', join(dir, 'libvirtd.pid')];
    const asRoot = process.getuid?.() === 0;
    if (asRoot && spawnSync('setpriv', ['--version']).status !== 0) throw new Error('running libvirtd unprivileged needs setpriv (util-linux)');
    const cmd = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...argv] : argv;
    this.#child = spawn(cmd[0]!, cmd.slice(1), { env, stdio: 'ignore' });
    for (let i = 0; i < 200 && !existsSync(this.sock); i++) await sleep(50);
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
