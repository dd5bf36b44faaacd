// Hostile and heavy input against bin/libvirtd: the daemon answers or drops the offending client,
// keeps serving everyone else, and loses no definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RawClient, REMOTE_PROGRAM, errorMessage, frame, startDaemon } from './daemon-harness.js';
import { open } from '../../src/api/index.js';

const VIRSH = '/usr/bin/virsh';
const REMOTE_PROC_AUTH_LIST = 66;
const KEEPALIVE_PROGRAM = 0x6b656570;

function virsh(sock: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(VIRSH, ['-c', `test+unix:///default?socket=${sock}`, ...args], (err, stdout, stderr) => {
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** One ordinary call and its reply: proof the daemon still serves. */
async function stillServes(sock: string): Promise<void> {
  const c = await RawClient.connect(sock);
  c.write(frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: 42 }));
  await c.waitFrames(1, 5000);
  assert.equal(c.frames[0]!.serial, 42);
  assert.equal(c.frames[0]!.status, 0);
  c.close();
}

test('hostile input: each offender is answered or dropped, others served, definitions kept', async () => {
  const d = await startDaemon();
  try {
    // test:///default lives as long as a connection to it does (as in libvirt), so one
    // connection holds it, with a definition, through the whole attack.
    const conn = await open(`test+unix:///default?socket=${d.sock}`);
    await conn.domainDefineXML("<domain type='test'><name>hostile-keep</name><memory>8192</memory><os><type>hvm</type></os></domain>");

    // Wrong program, wrong version: error replies with libvirt's text; the connection stays.
    const wrong = await RawClient.connect(d.sock);
    wrong.write(frame({ prog: 0x11223344, vers: 1, proc: 1, serial: 1 }));
    wrong.write(frame({ prog: REMOTE_PROGRAM, vers: 2, proc: 1, serial: 2 }));
    wrong.write(frame({ prog: REMOTE_PROGRAM, vers: 1, proc: 99999, serial: 3 }));
    wrong.write(frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: 4, status: 1 }));
    await wrong.waitFrames(4);
    const bySerial = new Map(wrong.frames.map((f) => [f.serial, f]));
    assert.equal(errorMessage(bySerial.get(1)!.body).message, 'Cannot find program 287454020 version 1');
    assert.equal(errorMessage(bySerial.get(2)!.body).message, `Cannot find program ${REMOTE_PROGRAM} version 2`);
    assert.equal(errorMessage(bySerial.get(3)!.body).message, 'unknown procedure: 99999');
    assert.equal(errorMessage(bySerial.get(4)!.body).message, 'Unexpected message status 1');
    for (const f of wrong.frames) assert.deepEqual([f.type, f.status, errorMessage(f.body).code, errorMessage(f.body).domain], [1, 1, 39, 7]);
    assert.equal(wrong.closed, false);
    wrong.close();

    // A length word over the limit: dropped.
    const huge = await RawClient.connect(d.sock);
    const word = Buffer.alloc(4);
    word.writeUInt32BE(0x7fffffff);
    huge.write(word);
    await huge.waitClosed();

    // Truncated packets: half a frame, then the peer goes away.
    for (let i = 0; i < 20; i++) {
      const t = await RawClient.connect(d.sock);
      const f = frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: i });
      t.write(f.subarray(0, 1 + (i % (f.length - 1))));
      t.close();
    }

    // Random bytes from several clients.
    for (let i = 0; i < 10; i++) {
      const r = await RawClient.connect(d.sock);
      r.write(randomBytes(64 * 1024));
      r.sock.end();
    }

    await stillServes(d.sock);
    await stillServes(d.sockRo);
    assert.equal(d.proc.exitCode, null);
    const names = (await conn.listAllDomains()).map((dom) => dom.name);
    assert.ok(names.includes('hostile-keep'), `definitions after the attack: ${names.join(', ')}`);
    await conn.close();
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('a client that floods calls and never reads its replies does not grow the daemon', async () => {
  const d = await startDaemon();
  try {
    const pid = d.proc.pid!;
    const before = rssKiB(pid);
    const flood = await RawClient.connect(d.sock);
    flood.sock.pause();
    const call = frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: 1 });
    const batch = Buffer.concat(Array.from({ length: 1000 }, () => call));
    // Keep writing while the kernel takes it; the daemon stops reading once its slots are full.
    let sent = 0;
    for (let i = 0; i < 200; i++) {
      if (!flood.sock.write(batch)) {
        const drained = await Promise.race([
          new Promise<boolean>((r) => flood.sock.once('drain', () => r(true))),
          new Promise<boolean>((r) => setTimeout(() => r(false), 300)),
        ]);
        if (!drained) break;
      }
      sent += 1000;
    }
    await new Promise((r) => setTimeout(r, 300));
    // Others are served while the flooder is stalled.
    const t0 = Date.now();
    await stillServes(d.sock);
    assert.ok(Date.now() - t0 < 2000);
    const after = rssKiB(pid);
    assert.ok(after - before < 64 * 1024, `daemon RSS grew ${after - before} KiB after ${sent} unread calls`);
    assert.ok(sent < 200 * 1000, 'the daemon pushed back: the flooder could not write everything');
    flood.close();
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('1,000 clients connecting at once are all answered', async () => {
  const d = await startDaemon({ extra: 'max_clients = 5000\nmax_queued_clients = 1000' });
  try {
    const clients = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const c = await RawClient.connect(d.sock);
        c.write(frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: i }));
        return c;
      }),
    );
    await Promise.all(clients.map((c) => c.waitFrames(1, 20000)));
    clients.forEach((c, i) => assert.equal(c.frames[0]!.serial, i));
    for (const c of clients) c.close();
    await stillServes(d.sock);
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('max_clients: a connection past the limit waits until a slot frees', async () => {
  const d = await startDaemon({ extra: 'max_clients = 2\nmax_anonymous_clients = 2' });
  try {
    const a = await RawClient.connect(d.sock);
    const b = await RawClient.connect(d.sock);
    a.write(frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: 1 }));
    await a.waitFrames(1);
    const c = await RawClient.connect(d.sock);
    c.write(frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: 3 }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.frames.length, 0, 'held while two clients are connected');
    assert.equal(c.closed, false);
    a.close();
    await c.waitFrames(1);
    assert.equal(c.frames[0]!.serial, 3);
    b.close();
    c.close();
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('keepalive: the daemon answers PING with PONG', async () => {
  const d = await startDaemon();
  try {
    const c = await RawClient.connect(d.sock);
    c.write(frame({ prog: KEEPALIVE_PROGRAM, vers: 1, proc: 1, type: 2, serial: 0 }));
    await c.waitFrames(1);
    assert.deepEqual([c.frames[0]!.prog, c.frames[0]!.proc, c.frames[0]!.type], [KEEPALIVE_PROGRAM, 2, 2]);
    c.close();
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('the read-only socket refuses modifying APIs with libvirt\'s error', { skip: !existsSync(VIRSH) }, async () => {
  const d = await startDaemon();
  try {
    const xml = join(d.dir, 'ro.xml');
    writeFileSync(xml, "<domain type='test'><name>ro-try</name><memory>8192</memory><os><type>hvm</type></os></domain>");
    const r = await virsh(d.sockRo, 'define', xml);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /operation forbidden: read only access prevents virDomainDefineXML/);
    const list = await virsh(d.sockRo, 'list', '--all', '--name');
    assert.equal(list.code, 0, list.stderr);
  } finally {
    await d.stop();
    d.cleanup();
  }
});
