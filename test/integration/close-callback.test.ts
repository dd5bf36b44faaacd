// Connection close callbacks, end to end.
//
// virsh: an interactive session whose daemon is killed between two commands. Debian's virsh
// registers a close callback after opening; when the daemon goes it prints why ("Disconnected
// from URI due to end of file"), and the next command tries to reconnect and says it failed.
// Ours must print the same, byte for byte, against Debian's libvirtd and against ours, and each
// virsh against the other's daemon. The daemons' temporary directories are masked.
//
// Library: our close callback fires once with VIR_CONNECT_CLOSE_REASON_EOF when our daemon stops,
// never for a close of our own, and not after it was unregistered; libvirt's refusals (a second
// callback, unregistering another) and the in-process test driver's silent acceptance.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectCloseReason, ErrorCode, ErrorDomain, VirError, open } from '../../src/api/index.js';
import { ROOT, startOurDaemon } from '../helpers/our-daemon.js';
import { DebianLibvirtd, skipWithoutLibvirtd } from '../helpers/debian-libvirtd.js';
import { PEER_VIRSH, skipWithout } from '../helpers/peers.js';

const OUR_VIRSH = join(ROOT, 'bin', 'virsh');

interface Daemon {
  dir: string;
  uri: string;
  /** SIGKILL, as a crash: the socket files stay behind, so reconnecting is refused. */
  kill(): Promise<void>;
  cleanup(): Promise<void>;
}

async function ourDaemon(): Promise<Daemon> {
  const d = await startOurDaemon();
  return {
    dir: d.dir,
    uri: d.uri(),
    async kill() {
      const pid = Number(readFileSync(join(d.dir, 'libvirtd.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 200; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await sleep(10);
      }
      throw new Error('our libvirtd survived SIGKILL');
    },
    cleanup: () => d.stop(),
  };
}

async function debianDaemon(): Promise<Daemon> {
  const d = new DebianLibvirtd();
  await d.start();
  return { dir: d.dir, uri: d.uri(), kill: () => d.kill(), cleanup: () => d.stop() };
}

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Session {
  /** The line run before the daemon is killed. */
  first: string;
  /** How to tell it is under way: its prompt came back, or (a wait) after a pause. */
  settled: 'prompt' | number;
}

const LIST_THEN_KILL: Session = { first: 'list --all', settled: 'prompt' };
// Registering takes a few round trips on a local socket; the pause leaves ample room.
const EVENT_LOOP_THEN_KILL: Session = { first: 'event --all --loop', settled: 1500 };

/**
 * `virsh -c URI` interactively: one command, the daemon killed, two more commands, end of input.
 * Commands are fed only once virsh is waiting at its prompt.
 */
async function killedUnderSession(program: string, d: Daemon, session: Session): Promise<Outcome> {
  const cache = mkdtempSync(join(tmpdir(), 'tsvirt-close-cb-'));
  try {
    const p = spawn(program, ['-c', d.uri], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', XDG_CACHE_HOME: cache, XDG_CONFIG_HOME: cache, HOME: cache },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const done = new Promise<number | null>((r) => p.on('close', (status) => r(status)));
    const waitFor = async (what: () => boolean, ms: number): Promise<boolean> => {
      for (let t = 0; t < ms && !what(); t += 10) await sleep(10);
      return what();
    };
    const prompts = (): number => stdout.split('virsh # ').length - 1;
    assert.ok(await waitFor(() => prompts() >= 1, 15000), `no first prompt: ${stdout} ${stderr}`);
    p.stdin.write(`${session.first}\n`);
    if (session.settled === 'prompt') assert.ok(await waitFor(() => prompts() >= 2, 15000), `${session.first} did not finish: ${stdout} ${stderr}`);
    else await sleep(session.settled);
    await d.kill();
    // Debian's virsh reports the loss from its event thread at once; ours when it next runs a
    // command (its prompt reads synchronously). Either way the texts must come out the same.
    await waitFor(() => stderr.includes('Disconnected'), 2000);
    p.stdin.end('list --all\nlist --all\n');
    const timer = setTimeout(() => p.kill('SIGKILL'), 30000);
    const status = await done;
    clearTimeout(timer);
    const mask = (s: string): string => s.split(d.dir).join('DIR');
    return { status, stdout: mask(stdout), stderr: mask(stderr) };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** `virsh -c URI 'event --all --loop; list --all'`: the daemon killed while the event waits. */
async function killedUnderCommandList(program: string, d: Daemon): Promise<Outcome> {
  const cache = mkdtempSync(join(tmpdir(), 'tsvirt-close-cb-'));
  try {
    const p = spawn(program, ['-c', d.uri, 'event --all --loop; list --all'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', XDG_CACHE_HOME: cache, XDG_CONFIG_HOME: cache, HOME: cache },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const done = new Promise<number | null>((r) => p.on('close', (status) => r(status)));
    // Opening and registering take a few round trips on a local socket; the pause leaves ample room.
    await sleep(1500);
    await d.kill();
    const timer = setTimeout(() => p.kill('SIGKILL'), 30000);
    const status = await done;
    clearTimeout(timer);
    const mask = (s: string): string => s.split(d.dir).join('DIR');
    return { status, stdout: mask(stdout), stderr: mask(stderr) };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

async function withDaemon(start: () => Promise<Daemon>, program: string, session = LIST_THEN_KILL): Promise<Outcome> {
  const d = await start();
  try {
    return await killedUnderSession(program, d, session);
  } finally {
    await d.cleanup();
  }
}

describe('virsh when the daemon dies under an interactive session', { skip: skipWithoutLibvirtd || skipWithout(PEER_VIRSH, "Debian's virsh") }, () => {
  let expected: Outcome;

  it("Debian's virsh with Debian's libvirtd says why and fails to reconnect", async () => {
    expected = await withDaemon(debianDaemon, PEER_VIRSH);
    // The oracle itself: the texts this test exists for.
    assert.match(expected.stderr, /^error: Disconnected from test\+unix:\/\/\/default\?socket=DIR\/libvirt-sock due to end of file\n/);
    assert.match(expected.stderr, /error: Failed to reconnect to the hypervisor\n/);
  });

  it("ours with our daemon prints what Debian's prints", async () => {
    assert.deepEqual(await withDaemon(ourDaemon, OUR_VIRSH), expected);
  });

  it("ours with Debian's libvirtd prints what Debian's prints", async () => {
    assert.deepEqual(await withDaemon(debianDaemon, OUR_VIRSH), expected);
  });

  it("Debian's virsh with our daemon prints what it prints with its own", async () => {
    assert.deepEqual(await withDaemon(ourDaemon, PEER_VIRSH), expected);
  });

  it('a waiting `event --loop` ends when the connection is lost, as Debian\'s does', async () => {
    const want = await withDaemon(debianDaemon, PEER_VIRSH, EVENT_LOOP_THEN_KILL);
    assert.match(want.stdout, /events received: 0\n/);
    assert.deepEqual(await withDaemon(ourDaemon, OUR_VIRSH, EVENT_LOOP_THEN_KILL), want);
  });

  it('in a one-shot command list, the wait ends and the next command fails to reconnect, as Debian\'s', async () => {
    const run = async (start: () => Promise<Daemon>, program: string): Promise<Outcome> => {
      const d = await start();
      try {
        return await killedUnderCommandList(program, d);
      } finally {
        await d.cleanup();
      }
    };
    // virsh reconnects at once here, while the killed daemon may still be closing its listening
    // socket: the error behind "Failed to reconnect" is then "Connection reset by peer" instead of
    // "Connection refused", for Debian's virsh too. That last line is left out of the comparison.
    const reason = (o: Outcome): Outcome => ({ ...o, stderr: o.stderr.replace(/(Failed to reconnect to the hypervisor\n)error: .*\n$/, '$1error: REASON\n') });
    const want = reason(await run(debianDaemon, PEER_VIRSH));
    assert.match(want.stderr, /Failed to reconnect to the hypervisor\nerror: REASON\n$/);
    assert.deepEqual(reason(await run(ourDaemon, OUR_VIRSH)), want);
  });
});

describe('close callbacks in the library', () => {
  it('fire once with EOF when our daemon stops, and not after unregistering', async () => {
    const d = await startOurDaemon();
    let stopped = false;
    try {
      const c = await open(d.uri());
      const other = await open(d.uri());
      const seen: Array<[unknown, number]> = [];
      const ignored: number[] = [];
      const cb = (conn: unknown, reason: number): void => void seen.push([conn, reason]);
      const gone = (_conn: unknown, reason: number): void => void ignored.push(reason);
      await c.registerCloseCallback(cb);
      // One callback per connection; unregistering names the one registered.
      await assert.rejects(c.registerCloseCallback(gone), (e: unknown) => {
        assert.ok(e instanceof VirError);
        assert.equal(e.code, ErrorCode.OperationInvalid);
        assert.equal(e.domain, ErrorDomain.Remote);
        assert.equal(e.message, 'Requested operation is not valid: A close callback is already registered');
        return true;
      });
      await assert.rejects(c.unregisterCloseCallback(gone), /Requested operation is not valid: A different callback was requested/);
      // On the other connection: registered, unregistered, then a later one takes its place.
      const later: number[] = [];
      await other.registerCloseCallback(gone);
      await other.unregisterCloseCallback(gone);
      await other.registerCloseCallback((_c, reason) => void later.push(reason));
      await d.stop();
      stopped = true;
      for (let i = 0; i < 500 && (seen.length === 0 || later.length === 0); i++) await sleep(10);
      assert.deepEqual(seen, [[c, ConnectCloseReason.EOF]]);
      assert.deepEqual(later, [ConnectCloseReason.EOF]);
      assert.deepEqual(ignored, []);
      assert.equal(await c.isAlive(), false);
      // Still registered after firing (libvirt keeps it until unregistered): refused again,
      // and unregistering it needs the daemon, which is gone.
      await assert.rejects(c.registerCloseCallback(gone), /A close callback is already registered/);
      await assert.rejects(c.unregisterCloseCallback(cb), /client socket is closed/);
      await c.close();
      await other.close();
      assert.equal(seen.length, 1);
    } finally {
      if (!stopped) await d.stop();
    }
  });

  it('fire with KEEPALIVE when a stopped daemon leaves the probes unanswered', async () => {
    const d = await startOurDaemon();
    const pid = Number(readFileSync(join(d.dir, 'libvirtd.pid'), 'utf8').trim());
    try {
      const c = await open(d.uri());
      const seen: number[] = [];
      await c.registerCloseCallback((_c, reason) => void seen.push(reason));
      assert.equal(await c.setKeepAlive(1, 1), 0);
      process.kill(pid, 'SIGSTOP');
      for (let i = 0; i < 1000 && seen.length === 0; i++) await sleep(10);
      assert.deepEqual(seen, [ConnectCloseReason.KEEPALIVE]);
      await c.close();
    } finally {
      process.kill(pid, 'SIGCONT');
      await d.stop();
    }
  });

  it('a close of our own is not reported', async () => {
    const d = await startOurDaemon();
    try {
      const c = await open(d.uri());
      const seen: number[] = [];
      await c.registerCloseCallback((_c, reason) => void seen.push(reason));
      await c.close();
      assert.deepEqual(seen, []);
    } finally {
      await d.stop();
    }
  });

  it('the test driver accepts a callback and never calls it, as libvirt in-process does', async () => {
    const c = await open('test:///default');
    const seen: number[] = [];
    const cb = (_c: unknown, reason: number): void => void seen.push(reason);
    await c.registerCloseCallback(cb);
    await c.registerCloseCallback(cb);
    await c.unregisterCloseCallback(() => undefined);
    await c.close();
    assert.deepEqual(seen, []);
    await assert.rejects(c.registerCloseCallback(null as never), /cb in virConnectRegisterCloseCallback must not be NULL/);
  });
});
