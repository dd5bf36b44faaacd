// The differential cases (test/diff/cases/*.ts) run a second way: Debian's virsh on
// test+unix:///…?socket=OURS (our daemon) against Debian's virsh on test:///… in-process. The
// runner is test/diff/runner.ts; this file only maps each case's test:/// URI onto a daemon.
// Cases without a test:/// URI (no connection, other drivers) are not run here.
//
// A test:///default state lives while a connection holds it, so each worker has its own daemon
// and runs its cases one at a time: every case starts from libvirt's default objects, as it does
// in-process.
//
// Skipped without /usr/bin/virsh; TSVIRT_STRICT_PEERS=1 makes that a failure.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DiffCase } from '../diff/case.js';
import { PEER_VIRSH, compareCase, loadCaseFiles, peerAvailable } from '../diff/runner.js';
import { STRICT, startOurDaemon, type OurDaemon } from './our-daemon.js';

const WORKERS = 3;
const files = await loadCaseFiles();
const have = peerAvailable();
const skip = !have && !STRICT ? `${PEER_VIRSH} is not installed` : false;

/**
 * Cases whose output depends on libvirt running in virsh's own process, so they differ through
 * any daemon (Debian's libvirtd too): by file/name, with the reason.
 */
const IN_PROCESS_ONLY: Record<string, string> = {
  'general/keepalive-forced-on-test-driver': 'the test driver refuses keepalive; the remote driver supports it',
  'general/keepalive-count-forced-on-test-driver': 'the test driver refuses keepalive; the remote driver supports it',
  'general/debug-keepalive-message': 'the test driver refuses keepalive; the remote driver supports it',
  'general/connect-failure-at-start': "libxml2's I/O warning is printed by the process that parses the file: the daemon",
  'interface/iface-define-bond-arp': "libvirt's GLib warning is printed by the process that runs the driver: the daemon",
};

function viaDaemon(c: DiffCase): boolean {
  const uri = c.uri === undefined ? 'test:///default' : c.uri;
  return uri !== null && uri.startsWith('test:///') && !c.env?.LIBVIRT_DEFAULT_URI;
}

const daemons: OurDaemon[] = [];
const idle: OurDaemon[] = [];
const waiting: ((d: OurDaemon) => void)[] = [];

async function withDaemon<T>(fn: (d: OurDaemon) => Promise<T>): Promise<T> {
  const d = idle.pop() ?? (await new Promise<OurDaemon>((r) => waiting.push(r)));
  try {
    return await fn(d);
  } finally {
    const w = waiting.shift();
    if (w) w(d);
    else idle.push(d);
  }
}

let total = 0;
let identical = 0;

describe('Debian virsh → our daemon, against Debian virsh in-process', { skip, concurrency: WORKERS }, () => {
  before(async () => {
    assert.ok(have, `${PEER_VIRSH} is not installed (TSVIRT_STRICT_PEERS=1)`);
    for (let i = 0; i < WORKERS; i++) daemons.push(await startOurDaemon());
    idle.push(...daemons);
  });
  after(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    console.log(`virsh via our daemon: ${identical}/${total} identical`);
  });
  for (const f of files) {
    for (const c of f.cases.filter(viaDaemon)) {
      const inProcessOnly = IN_PROCESS_ONLY[`${f.file}/${c.name}`];
      it(`${f.file}/${c.name}`, { skip: inProcessOnly ?? false }, async () => {
        total++;
        const r = await withDaemon((d) =>
          compareCase(c, { program: PEER_VIRSH, mapUri: (u) => `test+unix://${u.slice('test://'.length)}?socket=${d.sock}` }),
        );
        if (r.identical) identical++;
        assert.ok(r.identical, `${f.file}/${c.name} differs through our daemon\n${r.report}`);
      });
    }
  }
});
