// The daemon's pid file, with libvirt's exclusivity (util/virpidfile.c): a second daemon on the
// same pid file fails with "Failed to acquire pid file '…': Resource temporarily unavailable".
//
// libvirt holds an fcntl() lock on the open file. Node cannot take fcntl locks, so the lock here
// is an abstract unix socket named after the pid file's path: binding it is exclusive, the kernel
// releases it when the process dies however it dies, and nothing is left on disk. A C daemon's
// fcntl lock on the same file (Debian's libvirtd) is seen in /proc/locks and refused too.
import { createServer, type Server } from 'node:net';
import { createHash } from 'node:crypto';
import { readFile, realpath, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-file.js';
import { systemError } from '../util/system-error.js';
import { logger } from '../util/log.js';

const log = logger('daemon.pid-file');

export class PidFile {
  private constructor(
    readonly path: string,
    readonly lock: Server,
  ) {}

  /** Take the pid file for this process, or throw libvirt's error if another process holds it. */
  static async acquire(path: string, pid = process.pid): Promise<PidFile> {
    const fail = (code: string) => systemError({ code } as NodeJS.ErrnoException, `Failed to acquire pid file '${path}'`);
    let canonical: string;
    try {
      canonical = join(await realpath(dirname(path)), basename(path));
    } catch (e) {
      throw systemError(e, `Failed to open pid file '${path}'`);
    }
    if (await heldByOtherProcess(canonical)) throw fail('EAGAIN');
    const lock = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        lock.once('error', reject);
        lock.listen(lockName(canonical), () => resolve());
      });
    } catch (e) {
      throw fail((e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'EAGAIN' : ((e as NodeJS.ErrnoException).code ?? 'EIO'));
    }
    // The lock socket must not keep the event loop alive on its own.
    lock.unref();
    try {
      await writeFileAtomic(path, String(pid), 0o644);
    } catch (e) {
      lock.close();
      throw systemError(e, `Failed to write to pid file '${path}'`);
    }
    log.debug(`acquired pid file ${path}`);
    return new PidFile(path, lock);
  }

  /** Remove the file, then drop the lock (in that order, so a successor never sees our pid). */
  async release(): Promise<void> {
    await unlink(this.path).catch(() => {});
    await new Promise<void>((res) => this.lock.close(() => res()));
  }
}

/** An abstract socket name (leading NUL) for the lock; hashed to fit sun_path. */
function lockName(canonical: string): string {
  const h = createHash('sha256').update(canonical).digest('hex').slice(0, 40);
  return `\0tsvirt-pidfile-${h}`;
}

/** Whether another process holds a POSIX or flock lock on the file (a C daemon's pid file lock). */
async function heldByOtherProcess(path: string): Promise<boolean> {
  let ino: bigint;
  let major: bigint;
  let minor: bigint;
  try {
    const st = await stat(path, { bigint: true });
    ino = st.ino;
    // glibc's encoding of dev_t (gnu_dev_major / gnu_dev_minor).
    major = ((st.dev >> 8n) & 0xfffn) | ((st.dev >> 32n) & ~0xfffn);
    minor = (st.dev & 0xffn) | ((st.dev >> 12n) & ~0xffn);
  } catch {
    return false;
  }
  let locks: string;
  try {
    locks = await readFile('/proc/locks', 'utf8');
  } catch {
    return false;
  }
  // "1: POSIX  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"
  for (const line of locks.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const owner = Number(f[4]);
    const devIno = f[5]!.split(':');
    if (devIno.length !== 3 || owner === process.pid) continue;
    if (BigInt(`0x${devIno[0]}`) === major && BigInt(`0x${devIno[1]}`) === minor && BigInt(devIno[2]!) === ino) return true;
  }
  return false;
}
