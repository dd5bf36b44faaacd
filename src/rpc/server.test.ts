import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XdrReader, type XdrWriter } from '../protocol/xdr/index.js';
import { ErrorCode, ErrorDomain, VirError } from '../util/error.js';
import { Server } from './server.js';
import { ClientAuth } from './server-client.js';
import { ServerProgram, type ServerProcedure } from './server-program.js';
import { MessageStatus, MessageType, buildFrame, decodeHeader, type RpcHeader } from './server-message.js';
import { KEEPALIVE_PROGRAM, KeepAliveProc, keepAliveFrame } from './keepalive.js';
import { memoryTransportPair, type Transport } from './transport.js';

const PROG = 0x20008086;
const VERS = 1;

interface Reply {
  header: RpcHeader;
  body: Buffer;
}

/** A minimal peer: sends frames, collects whole reply frames. */
class Peer {
  replies: Reply[] = [];
  #buf = Buffer.alloc(0);
  #waiters: Array<() => void> = [];
  closed = false;

  constructor(readonly t: Transport) {
    t.stream.on('data', (c: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, c]);
      while (this.#buf.length >= 4) {
        const len = this.#buf.readUInt32BE(0);
        if (this.#buf.length < len) break;
        const frame = this.#buf.subarray(0, len);
        this.#buf = this.#buf.subarray(len);
        this.replies.push({ header: decodeHeader(frame), body: frame.subarray(28) });
      }
      for (const w of this.#waiters.splice(0)) w();
    });
    const gone = () => {
      this.closed = true;
      for (const w of this.#waiters.splice(0)) w();
    };
    t.stream.on('end', gone);
    t.stream.on('close', gone);
  }

  call(proc: number, serial: number, body?: (w: XdrWriter) => void, prog = PROG, vers = VERS, type = MessageType.Call): void {
    this.t.stream.write(buildFrame({ prog, vers, proc, type, serial, status: MessageStatus.Ok }, body));
  }

  async waitFor(n: number): Promise<void> {
    while (this.replies.length < n && !this.closed) await new Promise<void>((r) => this.#waiters.push(r));
  }

  async waitClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => this.#waiters.push(r));
  }
}

function decodeError(body: Buffer): { code: number; domain: number; message: string | null } {
  const r = new XdrReader(body);
  const code = r.int();
  const domain = r.int();
  const message = r.uint() ? r.string(4194304) : null;
  return { code, domain, message };
}

const add: ServerProcedure<[number, number], number> = {
  name: 'add',
  decodeArgs: (r) => [r.int(), r.int()],
  encodeRet: (w, v) => w.int(v),
  run: (_ctx, [a, b]) => a + b,
};

const fails: ServerProcedure<void, void> = {
  name: 'fails',
  run: () => {
    throw new VirError({ code: ErrorCode.NoDomain, domain: ErrorDomain.Test, message: "Domain not found: no domain with matching name 'x'" });
  },
};

function setup(opts: { maxRequests?: number; auth?: ClientAuth; procs?: (ServerProcedure | undefined)[]; maxClients?: number } = {}) {
  const server = new Server('libvirtd', { maxClients: opts.maxClients ?? 10, maxAnonymousClients: 0, keepaliveInterval: 5, keepaliveCount: 5 });
  const procs = opts.procs ?? [];
  procs[1] ??= add;
  procs[2] ??= fails;
  server.addProgram(new ServerProgram(PROG, VERS, procs));
  const policy = { auth: opts.auth ?? ClientAuth.None, readonly: false, maxQueuedClients: 10, maxClientRequests: opts.maxRequests ?? 5 };
  const connect = () => {
    const [a, b] = memoryTransportPair();
    const client = server.addClient(b, { policy });
    return { peer: new Peer(a), client };
  };
  return { server, connect, policy };
}

test('a call gets a reply with its serial, program, version and procedure', async () => {
  const { connect } = setup();
  const { peer } = connect();
  peer.call(1, 77, (w) => {
    w.int(40);
    w.int(2);
  });
  await peer.waitFor(1);
  const { header, body } = peer.replies[0]!;
  assert.deepEqual(header, { prog: PROG, vers: VERS, proc: 1, type: MessageType.Reply, serial: 77, status: MessageStatus.Ok });
  assert.equal(body.readInt32BE(0), 42);
});

test('unknown program, wrong version, unknown procedure, bad payload: libvirt RPC errors, connection kept', async () => {
  const { connect } = setup();
  const { peer } = connect();
  peer.call(1, 1, undefined, 0x12345678, 1);
  peer.call(1, 2, undefined, PROG, 9);
  peer.call(99, 3);
  peer.call(1, 4, (w) => w.int(1)); // one int short
  peer.call(2, 5);
  peer.call(1, 6, (w) => {
    w.int(1);
    w.int(1);
  });
  await peer.waitFor(6);
  const bySerial = new Map(peer.replies.map((r) => [r.header.serial, r]));
  const err = (s: number) => {
    const r = bySerial.get(s)!;
    assert.equal(r.header.status, MessageStatus.Error);
    assert.equal(r.header.type, MessageType.Reply);
    return decodeError(r.body);
  };
  assert.deepEqual(err(1), { code: ErrorCode.Rpc, domain: ErrorDomain.Rpc, message: 'Cannot find program 305419896 version 1' });
  assert.equal(bySerial.get(1)!.header.prog, 0x12345678, 'the error echoes the unknown program');
  assert.deepEqual(err(2), { code: ErrorCode.Rpc, domain: ErrorDomain.Rpc, message: `Cannot find program ${PROG} version 9` });
  assert.deepEqual(err(3), { code: ErrorCode.Rpc, domain: ErrorDomain.Rpc, message: 'unknown procedure: 99' });
  assert.deepEqual(err(4), { code: ErrorCode.Rpc, domain: ErrorDomain.Rpc, message: 'Unable to decode message payload' });
  assert.deepEqual(err(5), { code: ErrorCode.NoDomain, domain: ErrorDomain.Test, message: "Domain not found: no domain with matching name 'x'" });
  assert.equal(bySerial.get(6)!.header.status, MessageStatus.Ok);
});

test('CALL_WITH_FDS on a transport that cannot carry descriptors: an error reply, the connection kept', async () => {
  const { connect } = setup();
  const { peer, client } = connect();
  peer.call(1, 1, (w) => {
    w.uint(1); // one descriptor
    w.int(40);
    w.int(2);
  }, PROG, VERS, MessageType.CallWithFds);
  // No descriptor at all: taken like a plain call, the count skipped.
  peer.call(1, 2, (w) => {
    w.uint(0);
    w.int(40);
    w.int(2);
  }, PROG, VERS, MessageType.CallWithFds);
  await peer.waitFor(2);
  const bySerial = new Map(peer.replies.map((r) => [r.header.serial, r]));
  assert.equal(bySerial.get(1)!.header.status, MessageStatus.Error);
  assert.deepEqual(decodeError(bySerial.get(1)!.body), { code: ErrorCode.InternalError, domain: ErrorDomain.Rpc, message: 'internal error: Receiving file descriptors is not supported on this socket' });
  assert.equal(bySerial.get(2)!.header.status, MessageStatus.Ok);
  assert.equal(bySerial.get(2)!.body.readInt32BE(0), 42);
  assert.equal(client.closed, false);
});

test('an unauthenticated client may call only procedures marked needAuth: false', async () => {
  const authList: ServerProcedure = { name: 'authList', needAuth: false, run: () => undefined };
  const { connect } = setup({ auth: ClientAuth.Sasl, procs: [undefined, undefined, undefined, authList] });
  const { peer, client } = connect();
  peer.call(1, 1, (w) => {
    w.int(1);
    w.int(1);
  });
  peer.call(3, 2);
  await peer.waitFor(2);
  assert.equal(decodeError(peer.replies.find((r) => r.header.serial === 1)!.body).message, 'authentication required');
  assert.equal(peer.replies.find((r) => r.header.serial === 2)!.header.status, MessageStatus.Ok);
  client.setAuthenticated();
  peer.call(1, 3, (w) => {
    w.int(1);
    w.int(1);
  });
  await peer.waitFor(3);
  assert.equal(peer.replies[2]!.header.status, MessageStatus.Ok);
});

test('max_client_requests: never more calls running than the limit, all eventually answered', async () => {
  let running = 0;
  let peak = 0;
  const gates: Array<() => void> = [];
  const slow: ServerProcedure<void, void> = {
    name: 'slow',
    run: () => {
      running++;
      peak = Math.max(peak, running);
      return new Promise<void>((res) =>
        gates.push(() => {
          running--;
          res();
        }),
      );
    },
  };
  const { connect } = setup({ maxRequests: 2, procs: [undefined, undefined, undefined, slow] });
  const { peer, client } = connect();
  for (let i = 1; i <= 6; i++) peer.call(3, i);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(running, 2);
  assert.equal(client.paused, true, 'reading stops while the limit is reached');
  while (peer.replies.length < 6) {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(peak, 2);
  assert.deepEqual(peer.replies.map((r) => r.header.serial).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
  assert.equal(client.paused, false);
});

test('a client that never reads its replies stalls itself: bounded handler runs and buffered replies', async () => {
  let runs = 0;
  const big: ServerProcedure<void, Buffer> = {
    name: 'big',
    run: () => {
      runs++;
      return Buffer.alloc(256 * 1024);
    },
    encodeRet: (w, v) => w.opaque(v, 1 << 24),
  };
  const server = new Server('x', { maxClients: 10, maxAnonymousClients: 0, keepaliveInterval: 0, keepaliveCount: 0 });
  server.addProgram(new ServerProgram(PROG, VERS, [undefined, undefined, undefined, big]));
  const [a, b] = memoryTransportPair();
  const client = server.addClient(b, { policy: { auth: ClientAuth.None, readonly: false, maxQueuedClients: 1, maxClientRequests: 3 } });
  // The peer writes calls but never reads.
  a.stream.pause();
  for (let i = 1; i <= 200; i++) {
    a.stream.write(buildFrame({ prog: PROG, vers: VERS, proc: 3, type: MessageType.Call, serial: i, status: MessageStatus.Ok }));
  }
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(runs <= 4, `handler ran ${runs} times; the limit is 3 plus what the peer's buffer absorbed`);
  assert.ok(client.inflight <= 200);
  assert.equal(client.paused, true);
  client.close();
});

test('keepalive PING is answered with PONG and takes no request slot', async () => {
  const { connect } = setup({ maxRequests: 1 });
  const { peer, client } = connect();
  peer.t.stream.write(keepAliveFrame(KeepAliveProc.Ping));
  await peer.waitFor(1);
  const { header } = peer.replies[0]!;
  assert.equal(header.prog, KEEPALIVE_PROGRAM);
  assert.equal(header.proc, KeepAliveProc.Pong);
  assert.equal(header.type, MessageType.Message);
  assert.equal(client.inflight, 0);
});

test('a length word over the limit or under the header size closes only that client', async () => {
  const { connect, server } = setup();
  const bad1 = connect();
  const bad2 = connect();
  const good = connect();
  const word = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  // libvirt's limit is on the length after the length word: 32 MiB + 4 is the largest allowed.
  bad1.peer.t.stream.write(word(33554432 + 4 + 1));
  // A packet too short to hold a header is read whole, then refused (as libvirt does).
  bad2.peer.t.stream.write(Buffer.concat([word(27), Buffer.alloc(23)]));
  const big = connect();
  big.peer.t.stream.write(word(33554432 + 4));
  await bad1.peer.waitClosed();
  await bad2.peer.waitClosed();
  good.peer.call(1, 9, (w) => {
    w.int(2);
    w.int(3);
  });
  await good.peer.waitFor(1);
  assert.equal(good.peer.replies[0]!.body.readInt32BE(0), 5);
  assert.equal(big.peer.closed, false, 'a packet of exactly the limit is awaited, not refused');
  assert.equal(server.clients.size, 2);
});

test('packets split at every offset are reassembled', async () => {
  const { connect } = setup();
  const { peer } = connect();
  const frame = buildFrame({ prog: PROG, vers: VERS, proc: 1, type: MessageType.Call, serial: 5, status: MessageStatus.Ok }, (w) => {
    w.int(20);
    w.int(22);
  });
  const two = Buffer.concat([frame, frame]);
  for (let cut = 0; cut <= two.length; cut++) {
    peer.t.stream.write(two.subarray(0, cut));
    peer.t.stream.write(two.subarray(cut));
  }
  await peer.waitFor(2 * (two.length + 1));
  assert.ok(peer.replies.every((r) => r.header.serial === 5 && r.body.readInt32BE(0) === 42));
});

test('max_clients: a connection past the limit waits, and is admitted when a client leaves', async () => {
  const { connect, server } = setup({ maxClients: 1 });
  const first = connect();
  // Through the service path: the server parks newcomers when full.
  const [a, b] = memoryTransportPair();
  let added = 0;
  server.on('client', () => added++);
  const peer2 = new Peer(a);
  // A stand-in service: the server registers its connection handler on it.
  const policy = { auth: ClientAuth.None, readonly: false, maxQueuedClients: 5, maxClientRequests: 5 };
  let handler: ((t: Transport, s: unknown) => void) | null = null;
  const svc = { policy, address: 'mem', onConnection: (cb: (t: Transport, s: unknown) => void) => (handler = cb), close: async () => {} };
  server.addService(svc as never);
  handler!(b, svc);
  peer2.call(1, 1, (w) => {
    w.int(1);
    w.int(2);
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(added, 0, 'held while the server is full');
  assert.equal(peer2.replies.length, 0);
  first.client.close();
  await peer2.waitFor(1);
  assert.equal(added, 1);
  assert.equal(peer2.replies[0]!.body.readInt32BE(0), 3);
});
