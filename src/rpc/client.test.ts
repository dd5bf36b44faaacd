import { test, mock } from 'node:test';
import { getEventListeners } from 'node:events';
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

function lookupReply(g: Got, id = 1) {
  const args = remoteProcs.domainLookupByName.args!.decode(new XdrReader(g.payload));
  return { dom: { name: args.name, uuid: Buffer.alloc(16, id), id } };
}

test('an aborted call rejects with the abort reason, its late reply is dropped and the connection goes on', async () => {
  const { client, daemon, remote } = setup();
  const ac = new AbortController();
  const p = remote.call('domainLookupByName', { name: 'slow' }, { signal: ac.signal });
  await daemon.waitFor(1);
  const reason = new Error('user gave up');
  ac.abort(reason);
  await assert.rejects(p, (e) => e === reason);
  assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  // The reply to the abandoned call comes anyway: it must not break anything.
  daemon.reply(daemon.got[0]!, lookupReply(daemon.got[0]!), remoteProcs.domainLookupByName.ret!);
  const q = remote.call('domainLookupByName', { name: 'next' });
  await daemon.waitFor(2);
  daemon.reply(daemon.got[1]!, lookupReply(daemon.got[1]!), remoteProcs.domainLookupByName.ret!);
  assert.equal((await q).dom.name, 'next');
  assert.equal(client.isOpen, true);
  await client.close();
});

test('a call whose signal is already aborted sends nothing; a completed call leaves no abort listener', async () => {
  const { client, daemon, remote } = setup();
  const ac = new AbortController();
  ac.abort(new Error('before'));
  await assert.rejects(remote.call('connectGetLibVersion', undefined, { signal: ac.signal }), { message: 'before' });
  const ac2 = new AbortController();
  const p = remote.call('connectGetLibVersion', undefined, { signal: ac2.signal });
  await daemon.waitFor(1);
  assert.equal(daemon.got.length, 1);
  assert.equal(daemon.got[0]!.header.serial, 0);
  daemon.reply(daemon.got[0]!, { libVer: 1n }, remoteProcs.connectGetLibVersion.ret!);
  await p;
  assert.equal(getEventListeners(ac2.signal, 'abort').length, 0);
  await client.close();
});

test('when the peer goes away every pending call fails with libvirt\'s error, and later calls too', async () => {
  const { client, daemon, remote } = setup();
  const calls = [remote.call('connectGetLibVersion', undefined), remote.call('domainLookupByName', { name: 'x' })];
  await daemon.waitFor(2);
  daemon.t.stream.end();
  for (const c of calls) {
    await assert.rejects(c, (e: unknown) => {
      assert.ok(e instanceof VirError);
      assert.equal(e.message, 'End of file while reading data: Input/output error');
      assert.equal(e.code, ErrorCode.SystemError);
      assert.equal(e.domain, ErrorDomain.Rpc);
      assert.equal(e.int1, 5);
      return true;
    });
  }
  const info = await client.closed;
  assert.equal(info.reason, CloseReason.Eof);
  assert.equal(client.pendingCount, 0);
  await assert.rejects(remote.call('connectGetLibVersion', undefined), (e: unknown) => {
    assert.ok(e instanceof VirError);
    assert.equal(e.message, 'internal error: client socket is closed');
    assert.equal(e.code, ErrorCode.InternalError);
    assert.equal(e.domain, ErrorDomain.Rpc);
    return true;
  });
});

test('a local close fails pending calls with "client socket is closed" and emits close', async () => {
  const { client, daemon, remote } = setup();
  const p = remote.call('connectGetLibVersion', undefined);
  await daemon.waitFor(1);
  const seen: CloseReason[] = [];
  client.on('close', (i) => seen.push(i.reason));
  await client.close();
  await assert.rejects(p, { message: 'internal error: client socket is closed' });
  assert.deepEqual(seen, [CloseReason.Client]);
});

test('a length word over libvirt\'s limit drops the connection with libvirt\'s text', async () => {
  const { client, daemon, remote } = setup();
  const p = remote.call('connectGetLibVersion', undefined);
  await daemon.waitFor(1);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(4 + 33554432 + 1);
  daemon.t.stream.write(len);
  await assert.rejects(p, (e: unknown) => e instanceof VirError && e.code === ErrorCode.Rpc && e.message === 'packet 33554433 bytes received from server too large, want 33554432');
  assert.equal((await client.closed).reason, CloseReason.Error);
});

test('a message over the limits is refused before it is sent, and the connection stays usable', async () => {
  const { client, daemon, remote } = setup();
  const huge = 'x'.repeat(4194304 + 1); // over REMOTE_STRING_MAX
  await assert.rejects(remote.call('domainDefineXML', { xml: huge }), (e: unknown) => e instanceof VirError && e.code === ErrorCode.Rpc && e.message === 'Unable to encode message payload');
  assert.equal(daemon.got.length, 0);
  const p = remote.call('connectGetLibVersion', undefined);
  await daemon.waitFor(1);
  daemon.reply(daemon.got[0]!, { libVer: 2n }, remoteProcs.connectGetLibVersion.ret!);
  assert.equal((await p).libVer, 2n);
  await client.close();
});

test('a reply nobody waits for drops the connection, as libvirt\'s client does', async () => {
  const { client, daemon } = setup();
  daemon.send({ proc: 157, serial: 99 }, (w) => w.hyper(1n));
  const info = await client.closed;
  assert.equal(info.error?.message, `no call waiting for reply with prog ${PROG} vers 1 serial 99`);
});

test('a reply with a bad payload fails only its call', async () => {
  const { client, daemon, remote } = setup();
  const p = remote.call('connectGetLibVersion', undefined);
  await daemon.waitFor(1);
  daemon.send({ ...daemon.got[0]!.header, type: MessageType.Reply }, (w) => w.int(1)); // 4 bytes, a hyper needs 8
  await assert.rejects(p, { message: 'Unable to decode message payload' });
  assert.equal(client.isOpen, true);
  await client.close();
});

test('events are dispatched by program and procedure, decoded, and can be unsubscribed', async () => {
  const { client, daemon, remote } = setup();
  const got: T.DomainEventCallbackLifecycleMsg[] = [];
  const off = remote.onEvent('domainEventCallbackLifecycle', (m) => got.push(m));
  const ev = remoteProcs.domainEventCallbackLifecycle;
  const msg = { callbackID: 3, msg: { dom: { name: 'd', uuid: Buffer.alloc(16, 1), id: 1 }, event: 5, detail: 1 } };
  daemon.send({ proc: ev.id, serial: 0, type: MessageType.Message }, (w) => ev.args!.encode(w, msg));
  // Another program's event with the same number, and an unknown procedure: ignored.
  daemon.send({ prog: 0x20008087, proc: ev.id, serial: 0, type: MessageType.Message }, (w) => ev.args!.encode(w, msg));
  daemon.send({ proc: 9999, serial: 0, type: MessageType.Message });
  // A round trip makes sure everything before it was read.
  const p = remote.call('connectGetLibVersion', undefined);
  await daemon.waitFor(1);
  daemon.reply(daemon.got[0]!, { libVer: 1n }, remoteProcs.connectGetLibVersion.ret!);
  await p;
  assert.deepEqual(got, [msg]);
  off();
  daemon.send({ proc: ev.id, serial: 0, type: MessageType.Message }, (w) => ev.args!.encode(w, msg));
  const q = remote.call('connectGetLibVersion', undefined);
  await daemon.waitFor(2);
  daemon.reply(daemon.got[1]!, { libVer: 1n }, remoteProcs.connectGetLibVersion.ret!);
  await q;
  assert.equal(got.length, 1);
  assert.equal(client.isOpen, true);
  await client.close();
});

test('the client answers a keepalive PING with a PONG', async () => {
  const { client, daemon } = setup();
  daemon.t.stream.write(keepAliveFrame(KeepAliveProc.Ping));
  await daemon.waitFor(1);
  const h = daemon.got[0]!.header;
  assert.deepEqual([h.prog, h.proc, h.type, h.status], [KEEPALIVE_PROGRAM, KeepAliveProc.Pong, MessageType.Message, MessageStatus.Ok]);
  await client.close();
});

test('keepalive: PINGs after each silent interval, then the peer is declared dead (fake timers)', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    const { client, daemon, remote } = setup();
    client.startKeepAlive(5, 2);
    const p = remote.call('connectGetLibVersion', undefined);
    await daemon.waitFor(1);
    const pings = () => daemon.got.filter((g) => g.header.prog === KEEPALIVE_PROGRAM && g.header.proc === KeepAliveProc.Ping).length;
    mock.timers.tick(4999);
    await settle();
    assert.equal(pings(), 0);
    mock.timers.tick(1);
    await daemon.waitFor(2);
    assert.equal(pings(), 1);
    // An answer (any packet) resets the count; then silence again.
    daemon.t.stream.write(keepAliveFrame(KeepAliveProc.Pong));
    await settle();
    mock.timers.tick(5000);
    await daemon.waitFor(3);
    mock.timers.tick(5000);
    await daemon.waitFor(4);
    assert.equal(pings(), 3);
    assert.equal(client.isOpen, true);
    mock.timers.tick(5000);
    const info = await client.closed;
    assert.equal(info.reason, CloseReason.Keepalive);
    assert.equal(info.error?.message, 'internal error: connection closed due to keepalive timeout');
    await assert.rejects(p, { message: 'internal error: connection closed due to keepalive timeout' });
  } finally {
    mock.timers.reset();
  }
});

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}
