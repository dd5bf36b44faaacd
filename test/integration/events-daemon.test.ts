// Events across processes, through a daemon: Debian's virsh and ours each wait with
// `event --all --loop` (and net-event, pool-event, nodedev-event, secret-event) on the same daemon
// while a third client changes things; what ours prints must be what Debian's prints. Run against
// Debian's libvirtd and against ours. Then our library's event API over the remote driver: typed
// payloads, callbacks sharing one daemon registration, deregistration and its errors.
//
// Skipped without Debian's virsh or libvirtd; TSVIRT_STRICT_PEERS=1 makes that a failure.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, VirError, type Connect, type DomainEvent } from '../../src/api/index.js';
import { ROOT, STRICT, startOurDaemon, type OurDaemon } from '../interop/our-daemon.js';
import { DebianLibvirtd, libvirtdAvailable } from './rpc-client-daemon.js';

const DEBIAN_VIRSH = '/usr/bin/virsh';
const OUR_VIRSH = join(ROOT, 'bin', 'virsh');
const haveVirsh = existsSync(DEBIAN_VIRSH);
const skip = (!haveVirsh || !libvirtdAvailable) && !STRICT ? 'Debian virsh or libvirtd is not installed' : false;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((res, rej) => {
    const p = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('error', rej);
    p.on('close', (status) => res({ status, stdout, stderr }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// What the watchers wait for, and what the third client does meanwhile.
const WATCHERS: string[][] = [
  ['event', '--all', '--loop'],
  ['event', '--domain', 'test', '--event', 'lifecycle', '--loop'],
  ['event', '--event', 'metadata-change'],
  ['net-event', '--event', 'lifecycle', '--loop'],
  ['pool-event', '--event', 'lifecycle', '--loop'],
  ['pool-event', '--pool', 'default-pool', '--event', 'refresh', '--loop'],
  ['nodedev-event', '--event', 'lifecycle', '--loop'],
  ['secret-event', '--event', 'lifecycle', '--loop'],
];

const VHBA = `<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>
<wwnn>2001001b32a9da4e</wwnn><wwpn>2101001b32a9da4e</wwpn></capability></capability></device>`;

const DOM = `<domain type='test'><name>ev1</name><uuid>2c1b6a3e-8a4f-4c2e-9c1d-0a1b2c3d4e5f</uuid>
<memory unit='KiB'>131072</memory><vcpu>1</vcpu><os><type arch='i686'>hvm</type></os></domain>`;

const POOL = `<pool type='dir'><name>evpool</name><target><path>/tmp/evpool</path></target></pool>`;

function actions(dir: string): string {
  writeFileSync(join(dir, 'vhba.xml'), VHBA);
  writeFileSync(join(dir, 'dom.xml'), DOM);
  writeFileSync(join(dir, 'pool.xml'), POOL);
  return [
    'destroy test',
    'start test',
    'suspend test',
    'resume test',
    'desc test hello',
    `define ${dir}/dom.xml`,
    'start ev1',
    'destroy ev1',
    'undefine ev1',
    'net-destroy default',
    'net-start default',
    'pool-refresh default-pool',
    `pool-define ${dir}/pool.xml`,
    'pool-undefine evpool',
    `nodedev-create ${dir}/vhba.xml`,
    'nodedev-destroy scsi_host12',
  ].join('; ');
}

/**
 * Both virshes watch the daemon at `uri` with every watcher while Debian's virsh acts. Nothing
 * tells when a virsh has registered, so the watchers start one after another with time to spare
 * (a Node process opening a remote connection needs a few hundred milliseconds, more when many
 * start at once), and each waits long enough to outlast the others' start.
 */
async function watchBoth(uri: string, dir: string): Promise<{ argv: string[]; ours: Run; debian: Run }[]> {
  const STAGGER_MS = 700;
  const TIMEOUT = String(Math.ceil((WATCHERS.length * STAGGER_MS + 2500) / 1000) + 3);
  const runs: { argv: string[]; ours: Promise<Run>; debian: Promise<Run> }[] = [];
  for (const w of WATCHERS) {
    const argv = ['-c', uri, ...w, '--timeout', TIMEOUT];
    runs.push({ argv: w, ours: run([process.execPath, OUR_VIRSH, ...argv]), debian: run([DEBIAN_VIRSH, ...argv]) });
    await sleep(STAGGER_MS);
  }
  await sleep(2500);
  const act = await run([DEBIAN_VIRSH, '-c', uri, actions(dir)]);
  assert.equal(act.status, 0, act.stderr);
  return Promise.all(runs.map(async (r) => ({ argv: r.argv, ours: await r.ours, debian: await r.debian })));
}

function compare(results: { argv: string[]; ours: Run; debian: Run }[]): void {
  for (const r of results) {
    const what = r.argv.join(' ');
    assert.equal(r.ours.stdout, r.debian.stdout, `${what}: stdout`);
    assert.equal(r.ours.stderr, r.debian.stderr, `${what}: stderr`);
    assert.equal(r.ours.status, r.debian.status, `${what}: exit status`);
  }
}

/** The lines every daemon's test driver must have sent (a check that events flowed at all). */
function expectFlow(results: { argv: string[]; ours: Run }[]): void {
  const all = results[0]!.ours.stdout;
  for (const line of [
    "event 'lifecycle' for domain 'test': Stopped Destroyed",
    "event 'lifecycle' for domain 'test': Started Booted",
    "event 'lifecycle' for domain 'ev1': Defined Added",
    "event 'lifecycle' for domain 'ev1': Undefined Removed",
  ]) {
    assert.ok(all.includes(`${line}\n`), `missing: ${line}\n${all}`);
  }
  assert.match(results[3]!.ours.stdout, /^event 'lifecycle' for network default: Stopped\n/);
  assert.match(results[6]!.ours.stdout, /for node device scsi_host12: Created\n/);
}

describe('event commands through a daemon, against Debian virsh', { skip }, () => {
  let debian: DebianLibvirtd;
  let ours: OurDaemon;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsvirt-events-'));
    debian = new DebianLibvirtd();
    await debian.start();
    ours = await startOurDaemon();
  });
  after(async () => {
    await debian?.stop();
    await ours?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("print what Debian's virsh prints, on Debian's libvirtd", async () => {
    const results = await watchBoth(`test+unix:///default?socket=${debian.sock}`, dir);
    compare(results);
    expectFlow(results);
  });

  it("print what Debian's virsh prints, on our libvirtd", async () => {
    const results = await watchBoth(ours.uri(), dir);
    compare(results);
    expectFlow(results);
  });
});

describe('the event API over the remote driver', { skip: !libvirtdAvailable && !STRICT ? 'Debian libvirtd is not installed' : false }, () => {
  let debian: DebianLibvirtd;
  let ourd: OurDaemon;
  before(async () => {
    debian = new DebianLibvirtd();
    await debian.start();
    ourd = await startOurDaemon();
  });
  after(async () => {
    await debian?.stop();
    await ourd?.stop();
  });

  async function scenario(uri: string, remote: boolean): Promise<unknown[]> {
    const watcher = await open(uri);
    const actor = await open(uri);
    const seen: unknown[] = [];
    try {
      const all = (d: { name: string }, ev: DomainEvent) => seen.push(['all', d.name, ev]);
      const onlyTest = (d: { name: string }, ev: DomainEvent) => seen.push(['test', d.name, ev]);
      const a = await watcher.domainEventRegisterAny(null, 0, all);
      const b = await watcher.domainEventRegisterAny(await watcher.domainLookupByName('test'), 0, onlyTest);
      const legacy = (d: { name: string }, ev: DomainEvent<0>) => seen.push(['legacy', d.name, ev.event, ev.detail]);
      await watcher.domainEventRegister(legacy);
      const meta = await watcher.domainEventRegisterAny(null, 23, all);
      await assert.rejects(watcher.domainEventRegisterAny(null, 0, all), (e: unknown) => e instanceof VirError && e.message === 'invalid argument: event callback already tracked');
      const dom = await actor.domainLookupByName('test');
      await dom.destroy();
      await dom.create();
      await dom.setMetadata(0, 'x', null, null, 0);
      await sleep(300);
      await watcher.domainEventDeregisterAny(b);
      await watcher.domainEventDeregister(legacy);
      await dom.suspend();
      await dom.resume();
      await sleep(300);
      await watcher.domainEventDeregisterAny(a);
      await watcher.domainEventDeregisterAny(meta);
      // The remote driver looks the ID up before removing it, with its own message.
      const unknown = remote ? `invalid argument: event callback id ${a} not registered` : `invalid argument: could not find event callback ${a} for deletion`;
      await assert.rejects(watcher.domainEventDeregisterAny(a), (e: unknown) => e instanceof VirError && e.message === unknown);
      await dom.destroy();
      await dom.create();
      await sleep(300);
      seen.push(['ids', a, b, meta]);
    } finally {
      await watcher.close();
      await actor.close();
    }
    return seen;
  }

  it('delivers the same callbacks as the test driver in-process, on both daemons', async () => {
    const local = await scenario('test:///default', false);
    assert.equal(local.length, 10, JSON.stringify(local, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
    // Per callback, the same events in the same order (callbacks sharing one daemon registration
    // are called together, so the interleaving across callbacks may differ, in libvirt too).
    const byCallback = (seen: unknown[]) => {
      const m: Record<string, unknown[]> = {};
      for (const x of seen as unknown[][]) (m[String(x[0])] ??= []).push(x);
      return m;
    };
    assert.deepEqual(byCallback(await scenario(`test+unix:///default?socket=${debian.sock}`, true)), byCallback(local));
    assert.deepEqual(byCallback(await scenario(ourd.uri(), true)), byCallback(local));
  });
});
