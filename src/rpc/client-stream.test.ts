import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { MessageStatus, MessageType, WireError, errorToWire, type MessageHeader } from '../protocol/header.js';
import { StreamHole } from '../protocol/net/types.generated.js';
import { remoteProcs, remoteProgram } from '../protocol/remote/procedures.generated.js';
import { ErrorCode, ErrorDomain, VirError } from '../util/error.js';
import { FrameSplitter, encodeFrame, encodeRawFrame } from './framing.js';
import { memoryTransportPair, type Transport } from './transport.js';
import { RpcClient } from './client.js';
import { ClientProgram } from './client-program.js';

const PROG = remoteProgram.program;
const screenshot = remoteProcs.domainScreenshot;
const upload = remoteProcs.storageVolUpload;
const dom = { name: 'test', uuid: Buffer.alloc(16, 7), id: 1 };

interface Got {
  header: MessageHeader;
  payload: Buffer;
}

/** The daemon side: records packets, sends stream packets honouring the transport's backpressure. */
class Daemon {
  got: Got[] = [];
  #waiters: Array<() => void> = [];
  constructor(readonly t: Transport) {
    const sp = new FrameSplitter((f) => {
      const c = Buffer.from(f);
      this.got.push({
        header: { prog: c.readUInt32BE(4), vers: c.readUInt32BE(8), proc: c.readInt32BE(12), type: c.readInt32BE(16), serial: c.readUInt32BE(20), status: c.readInt32BE(24) },
        payload: c.subarray(28),
      });
      for (const w of this.#waiters.splice(0)) w();
    });
    t.stream.on('data', (c: Buffer) => sp.push(c));
  }
  async waitFor(pred: (g: Got[]) => boolean): Promise<void> {
    while (!pred(this.got)) await new Promise<void>((r) => this.#waiters.push(r));
  }
  /** Write and wait for the transport to take it, as a well-behaved daemon does. */
  async write(frame: Buffer): Promise<void> {
    if (!this.t.stream.write(frame)) await new Promise((r) => this.t.stream.once('drain', r));
  }
  header(serial: number, proc: number, type = MessageType.Stream, status = MessageStatus.Continue): MessageHeader {
    return { prog: PROG, vers: 1, proc, type, serial, status };
  }
  data(serial: number, proc: number, data: Buffer) {
    return this.write(encodeRawFrame(this.header(serial, proc), data));
  }
  eof(serial: number, proc: number) {
    return this.write(encodeRawFrame(this.header(serial, proc), Buffer.alloc(0)));
  }
  hole(serial: number, proc: number, length: number) {
    return this.write(encodeFrame(this.header(serial, proc, MessageType.StreamHole), (w) => StreamHole.encode(w, { length: BigInt(length), flags: 0 })));
  }
  confirm(serial: number, proc: number) {
    return this.write(encodeRawFrame(this.header(serial, proc, MessageType.Stream, MessageStatus.Ok), Buffer.alloc(0)));
  }
  streamError(serial: number, proc: number, e: VirError) {
    return this.write(encodeFrame(this.header(serial, proc, MessageType.Stream, MessageStatus.Error), (w) => WireError.encode(w, errorToWire(e))));
  }
}

async function openScreenshot(hwm: number, sparse = false) {
  const [a, b] = memoryTransportPair();
  const client = new RpcClient(a, { streamHighWaterMark: hwm });
  const daemon = new Daemon(b);
  const remote = new ClientProgram(client, remoteProgram);
  const opening = remote.openStream('domainScreenshot', { dom, screen: 0, flags: 0 }, { sparse });
  await daemon.waitFor((g) => g.length === 1);
  const call = daemon.got[0]!;
  await daemon.write(encodeFrame({ ...call.header, type: MessageType.Reply }, (w) => screenshot.ret!.encode(w, { mime: 'image/png' })));
  const { ret, stream } = await opening;
  assert.equal(ret.mime, 'image/png');
  return { client, daemon, stream, serial: call.header.serial };
}

test('a read stream: data, end, then finish is sent and confirmed', async () => {
  const { client, daemon, stream, serial } = await openScreenshot(1 << 20);
  await daemon.data(serial, screenshot.id, Buffer.from('hello '));
  await daemon.data(serial, screenshot.id, Buffer.from('world'));
  await daemon.eof(serial, screenshot.id);
  const finishing = (async () => {
    const parts: Buffer[] = [];
    for await (const c of stream) parts.push(c);
    return Buffer.concat(parts).toString();
  })();
  await daemon.waitFor((g) => g.length === 2);
  const fin = daemon.got[1]!.header;
  assert.deepEqual([fin.type, fin.status, fin.serial, fin.proc, daemon.got[1]!.payload.length], [MessageType.Stream, MessageStatus.Ok, serial, screenshot.id, 0]);
  await daemon.confirm(serial, screenshot.id);
  assert.equal(await finishing, 'hello world');
  await assert.rejects(stream.recv(10), { message: 'operation failed: stream is closed' });
  await client.close();
});

test('a slow reader keeps memory bounded: the client stops reading past the high-water mark', async () => {
  const hwm = 1 << 20;
  const { client, daemon, stream, serial } = await openScreenshot(hwm);
  const packet = 256 * 1024;
  const total = 64 * 1024 * 1024; // 64 MiB through a 1 MiB window
  let sent = 0;
  const sending = (async () => {
    const buf = Buffer.alloc(packet, 0xab);
    for (; sent < total; sent += packet) await daemon.data(serial, screenshot.id, buf);
    await daemon.eof(serial, screenshot.id);
  })();
  let received = 0;
  let maxQueued = 0;
  let maxBuffered = 0;
  for (;;) {
    maxQueued = Math.max(maxQueued, stream.queuedBytes);
    maxBuffered = Math.max(maxBuffered, client.transport.stream.readableLength);
    // The daemon can never be far ahead of the reader.
    assert.ok(sent - received <= hwm + 4 * packet + 2 * 64 * 1024 + 256 * 1024, `daemon ran ${sent - received} bytes ahead`);
    const c = await stream.recv(64 * 1024);
    if (typeof c === 'string') continue;
    if (c.length === 0) break;
    received += c.length;
    if (received % (4 * 1024 * 1024) === 0) await new Promise((r) => setImmediate(r)); // be slow now and then
  }
  await sending;
  assert.equal(received, total);
  assert.ok(maxQueued <= hwm + packet, `queued ${maxQueued}`);
  assert.ok(maxBuffered <= 2 * (packet + 28), `transport buffered ${maxBuffered}`);
  const fin = stream.finish();
  await daemon.waitFor((g) => g.some((x) => x.header.status === MessageStatus.Ok && x.header.type === MessageType.Stream));
  await daemon.confirm(serial, screenshot.id);
  await fin;
  await client.close();
});

test('the Node Readable adapter delivers the bytes and finishes the stream', async () => {
  const { client, daemon, stream, serial } = await openScreenshot(1 << 20);
  const payload = randomBytes(3 * 262120 + 17);
  const sending = (async () => {
    for (let off = 0; off < payload.length; off += 262120) await daemon.data(serial, screenshot.id, payload.subarray(off, off + 262120));
    await daemon.eof(serial, screenshot.id);
    await daemon.waitFor((g) => g.some((x) => x.header.status === MessageStatus.Ok && x.header.type === MessageType.Stream));
    await daemon.confirm(serial, screenshot.id);
  })();
  const parts: Buffer[] = [];
  for await (const c of stream.readable()) parts.push(c as Buffer);
  await sending;
  assert.ok(Buffer.concat(parts).equals(payload));
  await client.close();
});

test('an upload honours backpressure: sends wait while the daemon does not read', async () => {
  const [a, b] = memoryTransportPair();
  const client = new RpcClient(a);
  const daemon = new Daemon(b);
  const remote = new ClientProgram(client, remoteProgram);
  const opening = remote.openStream('storageVolUpload', { vol: { pool: 'p', name: 'v', key: 'k' }, offset: 0n, length: 0n, flags: 0 });
  await daemon.waitFor((g) => g.length === 1);
  const call = daemon.got[0]!;
  await daemon.write(encodeFrame({ ...call.header, type: MessageType.Reply }));
  const { stream } = await opening;
  b.stream.pause();
  const data = randomBytes(8 * 1024 * 1024);
  const writing = pipeline(Readable.from([data]), stream.writable());
  let maxPending = 0;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setImmediate(r));
    maxPending = Math.max(maxPending, a.stream.writableLength);
  }
  // Nothing is read on the far side, so the client must have stopped after a window's worth.
  assert.ok(maxPending <= 2 * 262120 + 64 * 1024, `client buffered ${maxPending} bytes`);
  b.stream.resume();
  await daemon.waitFor((g) => g.some((x) => x.header.type === MessageType.Stream && x.header.status === MessageStatus.Ok));
  await daemon.confirm(call.header.serial, upload.id);
  await writing;
  const body = Buffer.concat(daemon.got.filter((g) => g.header.type === MessageType.Stream && g.header.status === MessageStatus.Continue).map((g) => g.payload));
  assert.ok(body.equals(data));
  assert.ok(daemon.got.filter((g) => g.header.status === MessageStatus.Continue).every((g) => g.payload.length <= 262120));
  await client.close();
});

test('an error from the daemon fails the reader with its code and domain', async () => {
  const { client, daemon, stream, serial } = await openScreenshot(1 << 20);
  await daemon.data(serial, screenshot.id, Buffer.from('abc'));
  await daemon.streamError(serial, screenshot.id, new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.Streams, message: 'internal error: boom' }));
  await assert.rejects(
    (async () => {
      for (;;) {
        const c = await stream.recv(1024);
        if (typeof c !== 'string' && c.length === 0) break;
      }
    })(),
    (e: unknown) => e instanceof VirError && e.code === ErrorCode.InternalError && e.domain === ErrorDomain.Streams && e.message === 'internal error: boom',
  );
  await assert.rejects(stream.finish(), { message: 'internal error: boom' });
  assert.equal(client.isOpen, true);
  await client.close();
});

test('abort sends an ERROR packet and waits for the confirmation', async () => {
  const { client, daemon, stream, serial } = await openScreenshot(1 << 20);
  const aborting = stream.abort();
  await daemon.waitFor((g) => g.length === 2);
  const h = daemon.got[1]!.header;
  assert.deepEqual([h.type, h.status, h.serial, daemon.got[1]!.payload.length], [MessageType.Stream, MessageStatus.Error, serial, 0]);
  await daemon.confirm(serial, screenshot.id);
  await aborting;
  await client.close();
});

test('abort with the queue full: the unread data is dropped, reading resumes, data still in flight is ignored, the confirmation is read', async () => {
  const hwm = 64 * 1024;
  const { client, daemon, stream, serial } = await openScreenshot(hwm);
  const chunk = Buffer.alloc(32 * 1024, 0xcd);
  // The daemon keeps sending until the client stops reading (its writes stop completing).
  const flooding = (async () => {
    for (let i = 0; i < 64; i++) await daemon.data(serial, screenshot.id, chunk);
  })();
  while (!client.transport.stream.isPaused()) await new Promise((r) => setImmediate(r));
  assert.ok(stream.queuedBytes > hwm);
  const aborting = stream.abort();
  assert.equal(stream.queuedBytes, 0, 'the queue is dropped at once');
  assert.equal(client.transport.stream.isPaused(), false, 'reading resumes');
  await daemon.waitFor((g) => g.some((x) => x.header.type === MessageType.Stream && x.header.status === MessageStatus.Error));
  // What the daemon had in flight arrives before its confirmation and is not queued.
  await flooding;
  assert.equal(stream.queuedBytes, 0);
  await daemon.confirm(serial, screenshot.id);
  await aborting;
  await assert.rejects(stream.recv(10), { message: 'operation failed: stream is closed' });
  assert.equal(client.isOpen, true);
  await client.close();
});

test('holes: sparse streams report them; holes read as zeros unless asked to stop; others refuse them', async () => {
  const { client, daemon, stream, serial } = await openScreenshot(1 << 20, true);
  await daemon.data(serial, screenshot.id, Buffer.from('ab'));
  await daemon.hole(serial, screenshot.id, 5);
  await daemon.data(serial, screenshot.id, Buffer.from('cd'));
  await daemon.hole(serial, screenshot.id, 3);
  await daemon.eof(serial, screenshot.id);
  assert.deepEqual(await stream.recv(100, { stopAtHole: true }), Buffer.from('ab'));
  assert.equal(await stream.recv(100, { stopAtHole: true }), 'hole');
  assert.equal(stream.recvHole(), 5);
  assert.deepEqual(stream.inData(), { inData: true, length: 2 });
  assert.deepEqual(await stream.recv(100), Buffer.from('cd'));
  assert.deepEqual(await stream.recv(100), Buffer.alloc(3));
  assert.deepEqual(await stream.recv(100), Buffer.alloc(0));
  await client.close();

  const plain = await openScreenshot(1 << 20, false);
  await plain.daemon.hole(plain.serial, screenshot.id, 5);
  await assert.rejects(plain.stream.recv(10), (e: unknown) => e instanceof VirError && e.code === ErrorCode.Rpc && e.message === 'Unexpected stream hole');
  await assert.rejects(plain.stream.sendHole(5), { message: 'Requested operation is not valid: Skipping is not supported with this stream' });
  await plain.client.close();
});

test('a hole sent by the client goes out as a STREAM_HOLE packet', async () => {
  const { client, daemon, stream, serial } = await openScreenshot(1 << 20, true);
  await stream.sendHole(1 << 20);
  await daemon.waitFor((g) => g.length === 2);
  const g = daemon.got[1]!;
  assert.deepEqual([g.header.type, g.header.status, g.header.serial], [MessageType.StreamHole, MessageStatus.Continue, serial]);
  assert.deepEqual(StreamHole.decode(new (await import('../protocol/xdr/index.js')).XdrReader(g.payload)), { length: 1048576n, flags: 0 });
  await client.close();
});

test('when the connection goes away a waiting reader gets the connection\'s error', async () => {
  const { client, daemon, stream } = await openScreenshot(1 << 20);
  const reading = stream.recv(10);
  daemon.t.stream.end();
  await assert.rejects(reading, { message: 'End of file while reading data: Input/output error' });
  await client.closed;
});
