// Debian's virt-admin against bin/libvirtd's admin socket. The expected texts are what Debian's
// libvirtd answers with the same default settings (checked by hand: its admin socket exists only
// when it runs privileged or without unix_sock_dir, which the test helpers do not use).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { startDaemon } from './daemon-harness.js';
import { open } from '../../src/api/index.js';

const VIRT_ADMIN = '/usr/bin/virt-admin';

function virtAdmin(sock: string, ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    execFile(VIRT_ADMIN, ['-c', `libvirtd:///system?socket=${sock}`, ...args], { env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      // Errors first: virt-admin prints them on stderr before the blank line that ends its output.
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stderr + stdout });
    });
  });
}

test("virt-admin reads and changes the daemon's servers, pools and client limits", { skip: !existsSync(VIRT_ADMIN) && 'virt-admin is not installed' }, async () => {
  const d = await startDaemon();
  try {
    const a = (...args: string[]) => virtAdmin(d.sockAdmin, ...args);
    assert.deepEqual(await a('srv-list'), { code: 0, out: ' Id   Name\n----------------\n 0    libvirtd\n 1    admin\n\n' });
    const pool = (max: number, prio: number, free: number) =>
      `minWorkers     : 5\nmaxWorkers     : ${max}\nnWorkers       : 5\nfreeWorkers    : ${free}\nprioWorkers    : ${prio}\njobQueueDepth  : 0\n\n`;
    assert.deepEqual(await a('srv-threadpool-info', 'libvirtd'), { code: 0, out: pool(20, 5, 5) });
    // The admin server is serving virt-admin's own call: one worker busy.
    assert.deepEqual(await a('srv-threadpool-info', 'admin'), { code: 0, out: pool(20, 0, 4) });
    assert.deepEqual(await a('srv-threadpool-info', 'nosuch'), { code: 1, out: "error: Server not found: No server named 'nosuch'\n\n" });
    assert.deepEqual(await a('srv-threadpool-set', 'libvirtd', '--max-workers', '30'), { code: 0, out: '\n' });
    assert.deepEqual(await a('srv-threadpool-info', 'libvirtd'), { code: 0, out: pool(30, 5, 5) });
    assert.deepEqual(await a('srv-threadpool-set', 'libvirtd', '--min-workers', '40'), {
      code: 1,
      out: 'error: Unable to change server workerpool parameters\nerror: invalid argument: minWorkers cannot be larger than maxWorkers\n\n',
    });

    const conn = await open(`test+unix:///default?socket=${d.sock}`);
    const limits = (max: number, n: number) => `nclients_max        : ${max}\nnclients            : ${n}\nnclients_unauth_max : 20\nnclients_unauth     : 0\n\n`;
    assert.deepEqual(await a('srv-clients-info', 'libvirtd'), { code: 0, out: limits(5000, 1) });
    const list = await a('srv-clients-list', 'libvirtd');
    assert.equal(list.code, 0);
    assert.match(list.out, /^ Id {3}Transport {3}Connected since\n-+\n {1}\d+ +unix {8}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+0000\n\n$/);
    assert.deepEqual(await a('client-info', 'libvirtd', '99999'), { code: 1, out: "error: Client not found: No client with matching ID '99999'\n\n" });
    assert.deepEqual(await a('srv-clients-set', 'libvirtd', '--max-clients', '100'), { code: 0, out: '\n' });
    assert.deepEqual(await a('srv-clients-info', 'libvirtd'), { code: 0, out: limits(100, 1) });
    await conn.close();
    assert.match((await a('version')).out, /Running against daemon: 9\.0\.0/);
    assert.deepEqual(await a('srv-update-tls', 'libvirtd'), {
      code: 1,
      out: "error: Unable to update server's tls related files.\nerror: internal error: no tls service found, unable to update tls files\n\n",
    });
    // An idle timeout of one second: with virt-admin gone the daemon quits on its own.
    assert.deepEqual(await a('daemon-timeout', '--timeout', '1'), { code: 0, out: '\n' });
    assert.equal(await Promise.race([d.exited, new Promise((r) => setTimeout(() => r('still running'), 10000))]), 0);
  } finally {
    await d.stop();
    d.cleanup();
  }
});
