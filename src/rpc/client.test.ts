import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { XdrReader, XdrWriter } from '../protocol/xdr/index.js';
import { MessageStatus, MessageType, WireError, errorToWire, type MessageHeader } from '../protocol/header.js';
import { remoteProcs, remoteProgram } from '../protocol/remote/procedures.generated.js';
import type * as T from '../protocol/remote/types.generated.js';
import { ErrorCode, ErrorDomain, VirError } from '../util/error.js';
import { FrameSplitter, encodeFrame } from './framing.js';
import { memoryTransportPair, type Transport } from './transport.js';
import { CloseReason, RpcClient } from './client.js';
import { ClientProgram } from './client-program.js';
import { KEEPALIVE_PROGRAM, KeepAliveProc, keepAliveFrame } from './keepalive.js';

const PROG = remoteProgram.program;
const VERS = remoteProgram.version;

interface Got {
  header: MessageHeader;
  frame: Buffer;
  payload: Buffer;
}

function header(frame: Buffer): MessageHeader {
  return {
    prog: frame.readUInt32BE(4),
    vers: frame.readUInt32BE(8),
    proc: frame.readInt32BE(12),
    type: frame.readInt32BE(16),
    serial: frame.readUInt32BE(20),
    status: frame.readInt32BE(24),
  };
}

/** The daemon end of an in-memory connection: collects frames, sends whatever a test builds. */
class FakeDaemon {
  got: Got[] = [];
  #waiters: Array<() => void> = [];
  readonly t: Transport;
  constructor(t: Transport) {
    this.t = t;
    const sp = new FrameSplitter((f) => {
      const copy = Buffer.from(f);
      this.got.push({ header: header(copy), frame: copy, payload: copy.subarray(28) });
      for (const w of this.#waiters.splice(0)) w();
    });
    t.stream.on('data', (c: Buffer) => sp.push(c));
    t.stream.on('error', () => {});
  }
  async waitFor(n: number): Promise<void> {
    while (this.got.length < n) await new Promise<void>((r) => this.#waiters.push(r));
  }
  send(h: Partial<MessageHeader> & { proc: number; serial: number }, body?: (w: XdrWriter) => void): void {
    const full: MessageHeader = { prog: PROG, vers: VERS, type: MessageType.Reply, status: MessageStatus.Ok, ...h };
    this.t.stream.write(encodeFrame(full, body));
  }
  reply<R>(call: Got, ret: R | undefined, codec?: { encode(w: XdrWriter, v: R): void }): void {
    this.send({ ...call.header, type: MessageType.Reply, status: MessageStatus.Ok }, codec ? (w) => codec.encode(w, ret as R) : undefined);
  }
  replyError(call: Got, e: VirError): void {
    this.send({ ...call.header, type: MessageType.Reply, status: MessageStatus.Error }, (w) => WireError.encode(w, errorToWire(e)));
  }
}

function setup(opts: ConstructorParameters<typeof RpcClient>[1] = {}) {
  const [a, b] = memoryTransportPair();
  const client = new RpcClient(a, opts);
  const daemon = new FakeDaemon(b);
  return { client, daemon, remote: new ClientProgram(client, remoteProgram) };
}

test('a call is encoded with the program, procedure, serial and arguments, and its reply decoded', async () => {
  const { client, daemon, remote } = setup();
  const p = remote.call('connectGetLibVersion', undefined);
  await daemon.waitFor(1);
  const c = daemon.got[0]!;
  assert.deepEqual(c.header, { prog: PROG, vers: VERS, proc: 157, type: MessageType.Call, serial: 0, status: MessageStatus.Ok });
  daemon.reply(c, { libVer: 9000000n }, remoteProcs.connectGetLibVersion.ret!);
  assert.deepEqual(await p, { libVer: 9000000n });
  await client.close();
});

test('many calls in flight are matched by serial, whatever order the replies come in', async () => {
  const { client, daemon, remote } = setup();
  const names = ['a', 'b', 'c', 'd', 'e'];
  const calls = names.map((name) => remote.call('domainLookupByName', { name }));
  await daemon.waitFor(names.length);
  assert.deepEqual(daemon.got.map((g) => g.header.serial), [0, 1, 2, 3, 4]);
  // Reply in reverse order, each with the id of the name it was asked.
  for (const g of [...daemon.got].reverse()) {
    const args = remoteProcs.domainLookupByName.args!.decode(new XdrReader(g.payload));
    const id = names.indexOf(args.name);
    daemon.reply(g, { dom: { name: args.name, uuid: Buffer.alloc(16, id), id } }, remoteProcs.domainLookupByName.ret!);
  }
  const rets = await Promise.all(calls);
  assert.deepEqual(rets.map((r) => [r.dom.name, r.dom.id]), names.map((n, i) => [n, i]));
  assert.equal(client.pendingCount, 0);
  await client.close();
});

test('an error reply becomes a VirError with the daemon\'s code, domain and strings', async () => {
  const { client, daemon, remote } = setup();
  const p = remote.call('domainLookupByName', { name: 'nope' });
  await daemon.waitFor(1);
  daemon.replyError(
    daemon.got[0]!,
    new VirError({ code: ErrorCode.NoDomain, domain: ErrorDomain.Test, message: "Domain not found: no domain with matching name 'nope'", str1: 'Domain not found: %s', str2: "no domain with matching name 'nope'", int1: 7 }),
  );
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof VirError);
    assert.equal(e.code, ErrorCode.NoDomain);
    assert.equal(e.domain, ErrorDomain.Test);
    assert.equal(e.message, "Domain not found: no domain with matching name 'nope'");
    assert.equal(e.str2, "no domain with matching name 'nope'");
    assert.equal(e.int1, 7);
    return true;
  });
  await client.close();
});
