// Debian's real libvirt client (python3-libvirt 9.0 over libvirt0) talks to a tiny responder built
// only from our wire layer: frame splitter, header, generated procedure table and codecs. Every
// call the real client sends must decode with our codecs and re-encode to the same bytes; every
// reply we encode must be understood by the real client (it prints what it decoded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { FrameSplitter, encodeFrame } from '../../src/rpc/framing.js';
import { decodeHeader, errorToWire, MessageStatus, MessageType, Programs, WireError, type MessageHeader } from '../../src/protocol/header.js';
import { remoteProgram, remoteProcs } from '../../src/protocol/remote/procedures.generated.js';
import type * as T from '../../src/protocol/remote/types.generated.js';
import { XdrReader, XdrWriter } from '../../src/protocol/xdr/index.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../src/util/error.js';

const PY = '/usr/bin/python3';
const hasPython = spawnSync(PY, ['-c', 'import libvirt'], { stdio: 'ignore' }).status === 0;

const uuid = (n: number) => Buffer.from(`ef86180145844${n.toString().padStart(3, '0')}af2cbbbadd77a5e8`, 'hex');
const domains: T.NonnullDomain[] = [
  { name: 'alpha', uuid: uuid(1), id: 1 },
  { name: 'beta-é', uuid: uuid(2), id: -1 },
];

/** What our responder answers, by procedure key. */
const answers: Record<string, (args: any) => unknown> = {
  authList: () => ({ types: [0] }),
  connectSupportsFeature: (a: T.ConnectSupportsFeatureArgs) => ({ supported: a.feature === 9 /* VIR_DRV_FEATURE_PROGRAM_KEEPALIVE */ ? 0 : 1 }),
  connectOpen: () => undefined,
  connectGetLibVersion: () => ({ libVer: 9000000n }),
  connectGetHostname: () => ({ hostname: 'wire-test' }),
  connectListAllDomains: () => ({ domains, ret: domains.length }),
  domainLookupByName: (a: T.DomainLookupByNameArgs) => {
    const d = domains.find((x) => x.name === a.name);
    if (!d) throw errorsFrom(ErrorDomain.Test)(ErrorCode.NoDomain, `no domain with matching name '${a.name}'`);
    return { dom: d };
  },
  domainGetInfo: () => ({ state: 1, maxMem: 8388608n, memory: 2097152n, nrVirtCpu: 2, cpuTime: 12345678901234n }),
  domainGetSchedulerParameters: () => ({ params: [{ field: 'weight', type: 2, value: 256 }, { field: 'cap', type: 2, value: 0 }] }),
  domainGetSchedulerType: () => ({ type: 'credit', nparams: 2 }),
  connectClose: () => undefined,
};

const script = `
import libvirt, sys
libvirt.registerErrorHandler(lambda *a: None, None)
c = libvirt.open(sys.argv[1])
print("lib", c.getLibVersion())
print("host", c.getHostname())
for d in c.listAllDomains(0):
    print("dom", d.name(), d.UUIDString(), d.ID())
try:
    c.lookupByName("nope")
except libvirt.libvirtError as e:
    print("err", e.get_error_code(), e.get_error_domain(), e.get_error_message())
d = c.lookupByName("alpha")
print("info", d.info())
print("sched", sorted(d.schedulerParameters().items()))
c.close()
`;

test('python3-libvirt client against our wire layer', { skip: !hasPython && 'python3-libvirt not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsvirt-xdr-'));
  const sock = join(dir, 'sock');
  const seen: string[] = [];
  const problems: string[] = [];
  const server = createServer((s: Socket) => {
    const w = new XdrWriter(4096);
    const splitter = new FrameSplitter((frame) => {
      const r = new XdrReader(frame, 4);
      const h = decodeHeader(r);
      if (h.prog !== Programs.remote.program) {
        problems.push(`program ${h.prog.toString(16)}`);
        return;
      }
      const def = remoteProgram.byId[h.proc];
      if (!def) {
        problems.push(`unknown procedure ${h.proc}`);
        return;
      }
      const key = Object.entries(remoteProcs).find(([, d]) => d === def)![0];
      seen.push(key);
      const args = def.args ? def.args.decode(r) : undefined;
      if (r.pos !== frame.length) problems.push(`${key}: ${frame.length - r.pos} bytes not decoded`);
      // Our encoder must reproduce the real client's bytes exactly.
      const again = encodeFrame(h, def.args ? (x) => def.args!.encode(x, args) : undefined);
      if (!again.equals(frame)) problems.push(`${key}: re-encoded call differs\n  real ${frame.toString('hex')}\n  ours ${again.toString('hex')}`);
      const reply: MessageHeader = { ...h, type: MessageType.Reply, status: MessageStatus.Ok };
      const answer = answers[key];
      w.reset();
      let out: Buffer;
      try {
        if (!answer) throw errorsFrom(ErrorDomain.Rpc)(ErrorCode.Rpc, `unknown procedure: ${h.proc}`);
        const ret = answer(args);
        out = encodeFrame(reply, def.ret ? (x) => def.ret!.encode(x, ret) : undefined, w);
      } catch (e) {
        const err = e as Parameters<typeof errorToWire>[0];
        out = encodeFrame({ ...reply, status: MessageStatus.Error }, (x) => WireError.encode(x, errorToWire(err)), w);
      }
      s.write(Buffer.from(out));
    });
    s.on('data', (c) => splitter.push(c));
    s.on('error', () => {});
  });
  await new Promise<void>((res) => server.listen(sock, res));
  try {
    const py = spawn(PY, ['-c', script, `test+unix:///default?socket=${sock}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    py.stdout.on('data', (d) => (stdout += d));
    py.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((res) => py.on('close', res));
    assert.deepStrictEqual(problems, []);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.equal(
      stdout,
      [
        'lib 9000000',
        'host wire-test',
        'dom alpha ef861801-4584-4001-af2c-bbbadd77a5e8 1',
        'dom beta-é ef861801-4584-4002-af2c-bbbadd77a5e8 -1',
        `err ${ErrorCode.NoDomain} ${ErrorDomain.Test} Domain not found: no domain with matching name 'nope'`,
        'info [1, 8388608, 2097152, 2, 12345678901234]',
        "sched [('cap', 0), ('weight', 256)]",
        '',
      ].join('\n'),
    );
    // The real client's opening sequence, as libvirt 9.0's remote driver sends it.
    assert.deepStrictEqual(seen.slice(0, 2), ['authList', 'connectOpen']);
    if (process.env.TSVIRT_XDR_VERBOSE) console.log(seen.join(' '));
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
