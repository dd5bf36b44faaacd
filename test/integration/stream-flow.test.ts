// Stream flow control on the daemon side, on its own: a real RPC server over a real unix socket,
// the daemon's stream code (src/daemon/remote/streams.ts) serving test-only stream procedures
// (storageVolDownload from a synthetic 256 MiB source, storageVolUpload into a deliberately slow
// sink), and clients that read or accept data slowly. What must hold:
//  - download: the bytes the daemon holds — its socket's write buffer plus what it has pulled from
//    the source and not yet handed to the socket — stay under a fixed bound whatever the reader
//    does, and the source is pulled no faster than the client reads;
//  - upload: the bytes the daemon has read from its socket and the sink has not yet taken stay
//    under a fixed bound: the daemon stops reading (socket paused) instead of queueing;
//  - the data arrives complete and in order (SHA-256 of both ends), finish and abort are
//    confirmed, and an abort or a client that disconnects mid-stream releases everything (source
//    closed, sink told, listeners and request slots back, the connection still serving).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from '../../src/rpc/server.js';
import { ClientAuth, type ServerClient } from '../../src/rpc/server-client.js';
import { socketTransport } from '../../src/rpc/transport.js';
import { RpcClient } from '../../src/rpc/client.js';
import { ClientProgram } from '../../src/rpc/client-program.js';
import { FrameSplitter, PAYLOAD_OFFSET, encodeFrame } from '../../src/rpc/framing.js';
import { MessageStatus, MessageType } from '../../src/protocol/header.js';
import { remoteProgram, remoteProcs } from '../../src/protocol/remote/procedures.generated.js';
import { StorageVolDownloadArgs } from '../../src/protocol/remote/types.generated.js';
import { connectUnix } from '../../src/drivers/remote/transports/unix.js';
import { DispatchRegistry } from '../../src/daemon/remote/registry.js';
import { serveReadStream, serveWriteStream, type StreamSink } from '../../src/daemon/remote/streams.js';

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
/** The synthetic source yields blocks of this size; the daemon cuts them into 256 KiB packets. */
const BLOCK = MiB;
/** libvirtd.conf's default max_client_requests. */
const REQUESTS = 5;
/** Client-side queue per stream before the client stops reading (RpcClient's default). */
const CLIENT_HWM = 4 * MiB;

/**
 * Fixed bounds, independent of the stream's size and of the reader's speed. Download: one source
 * block in hand (1 MiB) plus one packet over the socket's high-water mark. Upload: the request
 * slots' packets plus what the socket and the frame splitter had read when reading paused.
 */
const DOWNLOAD_BOUND = 2 * MiB;
const UPLOAD_BOUND = 3 * MiB;
/** What may sit between the source and a slow reader: daemon, kernel and client queues. */
const AHEAD_BOUND = DOWNLOAD_BOUND + CLIENT_HWM + 4 * MiB;

const TEMPLATE = randomBytes(BLOCK);

/** Block at `offset`: random bytes with each 4 KiB page stamped with its number, so reordering shows. */
function block(offset: number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  TEMPLATE.copy(b, 0, 0, n);
  for (let p = 0; p < n; p += 4096) b.writeUInt32BE((offset + p) / 4096, p);
  return b;
}

/** The download's source, watched: how much it has yielded, and whether it was closed or signalled. */
class Source {
  produced = 0;
  closed = false;
  signalled = false;
  readonly hash: Hash = createHash('sha256');
  constructor(readonly size: number) {}

  async *run(signal: AbortSignal): AsyncGenerator<Buffer> {
    signal.addEventListener('abort', () => (this.signalled = true), { once: true });
    try {
      while (this.produced < this.size) {
        const n = Math.min(BLOCK, this.size - this.produced);
        const b = block(this.produced, n);
        this.hash.update(b);
        this.produced += n;
        yield b;
      }
    } finally {
      this.closed = true;
    }
  }
}

/** The upload's sink: slow on purpose, with an optional long stall at one offset. */
class Sink implements StreamSink {
  taken = 0;
  /** Bytes of whole frames taken (payload + header), to set against the socket's bytesRead. */
  framesTaken = 0;
  finished = 0;
  aborted = 0;
  takenAtFinish = -1;
  readonly hash: Hash = createHash('sha256');
  stalling = false;
  constructor(
    readonly pace: { everyBytes: number; ms: number },
    readonly stall: { at: number; ms: number } | null = null,
    readonly onTake: () => void = () => {},
  ) {}

  async write(data: Uint8Array): Promise<void> {
    const before = this.taken;
    this.hash.update(data);
    this.taken += data.length;
    this.framesTaken += data.length + PAYLOAD_OFFSET;
    this.onTake();
    if (this.stall && before < this.stall.at && this.taken >= this.stall.at) {
      this.stalling = true;
      await sleep(this.stall.ms);
      this.stalling = false;
    } else if (Math.floor(before / this.pace.everyBytes) !== Math.floor(this.taken / this.pace.everyBytes)) {
      await sleep(this.pace.ms);
    }
  }
  finish(): void {
    this.finished++;
    this.takenAtFinish = this.taken;
  }
  abort(): void {
    this.aborted++;
  }
}

interface Conn {
  sock: Socket;
  client: ServerClient;
  /** Stream payload handed to sock.write so far (download). */
  handed: number;
}

/** An RPC server with the test-only stream procedures, listening on a unix socket. */
class Rig {
  readonly dir = mkdtempSync(join(tmpdir(), 'tsvirt-stream-flow-'));
  readonly path = join(this.dir, 'sock');
  readonly server = new Server('libvirtd', { maxClients: 20, maxAnonymousClients: 0, keepaliveInterval: 5, keepaliveCount: 5 });
  readonly conns: Conn[] = [];
  /** Streams served, in order, with the promise serveReadStream/serveWriteStream returned. */
  readonly served: Promise<void>[] = [];
  source: Source | null = null;
  sink: Sink | null = null;
  /** Peak daemon-side buffered bytes of the current transfer. */
  peak = 0;
  /** Of which the largest socket write buffer seen. */
  peakSocket = 0;
  #net!: NetServer;

  async start(): Promise<void> {
    const reg = new DispatchRegistry(remoteProgram);
    reg.register({
      storageVolDownload: (ctx, args) => {
        const src = (this.source = new Source(Number(args.length)));
        this.served.push(serveReadStream(ctx.client, ctx.header, (signal) => src.run(signal)));
        return undefined;
      },
      storageVolUpload: (ctx) => {
        assert.ok(this.sink, 'a sink is set up before an upload');
        this.served.push(serveWriteStream(ctx.client, ctx.header, this.sink));
        return undefined;
      },
      // An ordinary call, to show a connection still serves after its stream.
      connectGetLibVersion: () => ({ libVer: 9000000n }),
    });
    this.server.addProgram(reg.build());
    this.#net = createServer((sock) => this.#accept(sock));
    this.#net.listen(this.path);
    await once(this.#net, 'listening');
  }

  #accept(sock: Socket): void {
    const t = socketTransport(sock, { kind: 'unix', uid: null, gid: null, pid: null, address: null });
    const client = this.server.addClient(t, { policy: { auth: ClientAuth.None, readonly: false, maxQueuedClients: 10, maxClientRequests: REQUESTS } });
    const conn: Conn = { sock, client, handed: 0 };
    this.conns.push(conn);
    // Every write of the daemon to this client passes here: count stream payload and sample.
    const self = this;
    const write = sock.write;
    sock.write = function (this: Socket, ...a: unknown[]) {
      const r = (write as (...x: unknown[]) => boolean).apply(this, a);
      const f = a[0] as Buffer;
      if (f.length > PAYLOAD_OFFSET && f.readInt32BE(16) === MessageType.Stream && f.readInt32BE(24) === MessageStatus.Continue) {
        conn.handed += f.length - PAYLOAD_OFFSET;
      }
      self.sampleDownload(conn);
      return r;
    } as typeof sock.write;
    // Reads of the daemon: what it has taken from the socket and the sink has not.
    sock.on('data', () => this.sampleUpload(conn));
  }

  /** Daemon-side buffered bytes of a download: socket buffer + pulled from the source, not yet handed out. */
  downloadBuffered(conn: Conn): number {
    return conn.sock.writableLength + (this.source ? this.source.produced - conn.handed : 0);
  }

  sampleDownload(conn: Conn): void {
    if (!this.source) return;
    this.peak = Math.max(this.peak, this.downloadBuffered(conn));
    this.peakSocket = Math.max(this.peakSocket, conn.sock.writableLength);
  }

  /** Daemon-side buffered bytes of an upload: read off the socket, not yet taken by the sink. */
  uploadBuffered(conn: Conn): number {
    return conn.sock.bytesRead - (this.sink?.framesTaken ?? 0);
  }

  sampleUpload(conn: Conn): void {
    if (this.sink) this.peak = Math.max(this.peak, this.uploadBuffered(conn));
  }

  reset(): void {
    this.source = null;
    this.sink = null;
    this.peak = 0;
    this.peakSocket = 0;
  }

  async client(): Promise<{ rpc: RpcClient; remote: ClientProgram<typeof remoteProcs>; conn: Conn }> {
    const n = this.conns.length;
    const rpc = await RpcClient.connect(await connectUnix(this.path), { streamHighWaterMark: CLIENT_HWM });
    await waitFor(() => this.conns.length > n, 'the daemon to accept');
    return { rpc, remote: new ClientProgram(rpc, remoteProgram), conn: this.conns[n]! };
  }

  async stop(): Promise<void> {
    await this.server.close();
    this.#net.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Wait until the socket has something to read or has ended, without leaving listeners behind. */
function readable(sock: Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      sock.off('readable', done);
      sock.off('end', done);
      sock.off('close', done);
      resolve();
    };
    sock.on('readable', done);
    sock.on('end', done);
    sock.on('close', done);
  });
}

/** A raw connection read by hand: read() gives the next complete packets (at least one). */
async function rawClient(): Promise<{ sock: Socket; conn: Conn; read(): Promise<Buffer[]> }> {
  const n = rig.conns.length;
  const sock = netConnect(rig.path);
  await once(sock, 'connect');
  sock.pause();
  await waitFor(() => rig.conns.length > n, 'the daemon to accept');
  const frames: Buffer[] = [];
  const splitter = new FrameSplitter((f) => frames.push(Buffer.from(f)));
  return {
    sock,
    conn: rig.conns[n]!,
    async read() {
      while (frames.length === 0) {
        const chunk = sock.read() as Buffer | null;
        if (chunk) splitter.push(chunk);
        else if (sock.readableEnded || sock.destroyed) throw new Error('the daemon closed the connection');
        else await readable(sock);
      }
      return frames.splice(0);
    },
  };
}

const VOL = { pool: 'flow', name: 'synthetic', key: '/flow/synthetic' };
const dlArgs = (size: number) => ({ vol: VOL, offset: 0n, length: BigInt(size), flags: 0 });

/** No stream code is left listening on the client: no drain or close listeners beyond the server's own. */
function assertReleased(conn: Conn, closeBaseline: number): void {
  assert.equal(conn.client.listenerCount('drain'), 0, 'no one waits for drain');
  assert.equal(conn.client.listenerCount('close'), closeBaseline, 'no stream listens for close');
}

function report(what: string, ms: number): void {
  const socket = rig.source ? `, of which socket write buffer ${rig.peakSocket} bytes` : '';
  console.log(`# ${what}: ${SIZE / MiB} MiB in ${ms} ms, peak daemon-side buffered ${rig.peak} bytes (${(rig.peak / 1024).toFixed(0)} KiB)${socket}`);
}

const rig = new Rig();

describe('stream flow control (daemon side)', () => {
  before(() => rig.start());
  after(() => rig.stop());

  it('download of 256 MiB to a slow RPC client: bounded daemon buffer, source held back, data whole and in order, finish confirmed', async () => {
    rig.reset();
    const { rpc, remote, conn } = await rig.client();
    const closeBaseline = conn.client.listenerCount('close');
    const t0 = Date.now();
    const { stream } = await remote.openStream('storageVolDownload', dlArgs(SIZE));
    const src = rig.source!;
    const hash = createHash('sha256');
    let got = 0;
    let aheadPeak = 0;
    let stallChecked = false;
    for (;;) {
      const b = await stream.recv(256 * 1024);
      if (typeof b === 'string') continue;
      if (b.length === 0) break;
      hash.update(b);
      const before = got;
      got += b.length;
      aheadPeak = Math.max(aheadPeak, src.produced - got);
      if (before < 64 * MiB && got >= 64 * MiB) {
        // The reader stops for a while: the daemon must stop pulling from its source.
        await sleep(100);
        const produced = src.produced;
        const buffered = rig.downloadBuffered(conn);
        await sleep(300);
        assert.equal(src.produced, produced, 'the source is not pulled while the reader stalls');
        assert.ok(buffered <= DOWNLOAD_BOUND, `buffered while stalled: ${buffered}`);
        stallChecked = true;
      } else if (Math.floor(before / (512 * 1024)) !== Math.floor(got / (512 * 1024))) {
        await sleep(2);
      }
    }
    await stream.finish();
    await rig.served.at(-1);
    const ms = Date.now() - t0;
    assert.ok(stallChecked);
    assert.equal(got, SIZE);
    assert.equal(hash.digest('hex'), src.hash.digest('hex'), 'same bytes, same order');
    assert.ok(src.closed, 'the source was closed');
    assert.equal(src.signalled, false, 'a whole stream is not cut short');
    assert.ok(rig.peak > 0 && rig.peak <= DOWNLOAD_BOUND, `peak daemon-side buffered ${rig.peak} ≤ ${DOWNLOAD_BOUND}`);
    assert.ok(aheadPeak <= AHEAD_BOUND, `the source ran at most ${aheadPeak} bytes ahead of the reader`);
    assertReleased(conn, closeBaseline);
    assert.deepEqual(await remote.call('connectGetLibVersion', undefined), { libVer: 9000000n });
    report('download, slow RPC client', ms);
    console.log(`#   source ahead of the reader at most ${aheadPeak} bytes`);
    await rpc.close();
  });

  it('download of 256 MiB to a raw socket that reads slowly: bounded, whole, in order, finish confirmed', async () => {
    rig.reset();
    const { sock, read } = await rawClient();
    const serial = 7;
    const hdr = { prog: remoteProgram.program, vers: remoteProgram.version, proc: remoteProcs.storageVolDownload.id, serial };
    const t0 = Date.now();
    sock.write(encodeFrame({ ...hdr, type: MessageType.Call, status: MessageStatus.Ok }, (w) => StorageVolDownloadArgs.encode(w, dlArgs(SIZE))));
    const hash = createHash('sha256');
    let got = 0;
    let replied = false;
    let eof = false;
    let confirmed = false;
    let reads = 0;
    while (!confirmed) {
      for (const f of await read()) {
        const type = f.readInt32BE(16);
        const status = f.readInt32BE(24);
        assert.equal(f.readUInt32BE(20), serial);
        if (type === MessageType.Reply) {
          assert.equal(status, MessageStatus.Ok);
          replied = true;
        } else if (type === MessageType.Stream && status === MessageStatus.Continue && f.length > PAYLOAD_OFFSET) {
          assert.ok(replied && !eof, 'data after the reply, before the end');
          hash.update(f.subarray(PAYLOAD_OFFSET));
          got += f.length - PAYLOAD_OFFSET;
        } else if (type === MessageType.Stream && status === MessageStatus.Continue) {
          eof = true;
          // Finish: a STREAM packet with status OK, confirmed by an empty STREAM / OK.
          sock.write(encodeFrame({ ...hdr, type: MessageType.Stream, status: MessageStatus.Ok }));
        } else if (type === MessageType.Stream && status === MessageStatus.Ok) {
          assert.ok(eof);
          assert.equal(f.length, PAYLOAD_OFFSET);
          confirmed = true;
        } else {
          assert.fail(`unexpected packet type ${type} status ${status}`);
        }
      }
      // Slow: a pause after every few reads.
      if (++reads % 4 === 0) await sleep(1);
    }
    await rig.served.at(-1);
    const ms = Date.now() - t0;
    const src = rig.source!;
    assert.equal(got, SIZE);
    assert.equal(hash.digest('hex'), src.hash.digest('hex'));
    assert.ok(src.closed);
    assert.ok(rig.peak > 0 && rig.peak <= DOWNLOAD_BOUND, `peak daemon-side buffered ${rig.peak} ≤ ${DOWNLOAD_BOUND}`);
    report('download, slow raw socket', ms);
    sock.destroy();
  });

  it('download aborted mid-stream by a raw client with every queue full: confirmed, source closed and signalled, nothing left buffered, connection still serving', async () => {
    rig.reset();
    const { sock, conn, read } = await rawClient();
    const closeBaseline = conn.client.listenerCount('close');
    const hdr = { prog: remoteProgram.program, vers: remoteProgram.version, proc: remoteProcs.storageVolDownload.id, serial: 3 };
    sock.write(encodeFrame({ ...hdr, type: MessageType.Call, status: MessageStatus.Ok }, (w) => StorageVolDownloadArgs.encode(w, dlArgs(SIZE))));
    // Read 16 MiB, then stop reading until the daemon waits for room.
    let got = 0;
    while (got < 16 * MiB) for (const f of await read()) got += f.length - PAYLOAD_OFFSET;
    await waitFor(() => conn.client.listenerCount('drain') === 1 && conn.client.needsDrain, 'the daemon to wait for room');
    await sleep(50);
    const src = rig.source!;
    assert.ok(src.produced < SIZE, 'the source is held back');
    // Abort: a STREAM packet with status ERROR; the daemon confirms with an empty STREAM / OK after the data in flight.
    sock.write(encodeFrame({ ...hdr, type: MessageType.Stream, status: MessageStatus.Error }));
    let confirmed = false;
    let after = 0;
    while (!confirmed) {
      for (const f of await read()) {
        if (f.readInt32BE(16) === MessageType.Stream && f.readInt32BE(24) === MessageStatus.Ok) {
          assert.equal(f.length, PAYLOAD_OFFSET);
          confirmed = true;
        } else {
          assert.equal(f.readInt32BE(24), MessageStatus.Continue);
          after += f.length - PAYLOAD_OFFSET;
        }
      }
    }
    await rig.served.at(-1);
    assert.ok(src.closed, 'the source was closed');
    assert.ok(src.signalled, 'the source was told the stream ended early');
    assert.ok(after <= DOWNLOAD_BOUND + 4 * MiB, `data in flight after the abort: ${after}`);
    const producedAtAbort = src.produced;
    await waitFor(() => conn.sock.writableLength === 0, 'the daemon socket to empty');
    assertReleased(conn, closeBaseline);
    assert.ok(rig.peak <= DOWNLOAD_BOUND, `peak ${rig.peak}`);
    assert.equal(conn.client.inflight, 0, 'no request slot held');
    await sleep(50);
    assert.equal(src.produced, producedAtAbort, 'nothing pulled after the abort');
    sock.destroy();
  });

  it('download aborted mid-stream by the RPC client: confirmed, source closed, connection serves a call and a new stream', async () => {
    rig.reset();
    const { rpc, remote, conn } = await rig.client();
    const closeBaseline = conn.client.listenerCount('close');
    // A queue roomy enough that the client never stops reading (the full-queue case is the next test).
    const { stream } = await remote.openStream('storageVolDownload', dlArgs(SIZE), { highWaterMark: 64 * MiB });
    let got = 0;
    while (got < 32 * MiB) {
      const b = await stream.recv(256 * 1024);
      if (typeof b !== 'string') got += b.length;
    }
    const src = rig.source!;
    assert.ok(src.produced < SIZE, 'the source is held back');
    await stream.abort();
    await rig.served.at(-1);
    assert.ok(src.closed, 'the source was closed');
    assert.ok(src.signalled, 'the source was told the stream ended early');
    const producedAtAbort = src.produced;
    await waitFor(() => conn.sock.writableLength === 0, 'the daemon socket to empty');
    assertReleased(conn, closeBaseline);
    assert.ok(rig.peak <= DOWNLOAD_BOUND, `peak ${rig.peak}`);
    assert.deepEqual(await remote.call('connectGetLibVersion', undefined), { libVer: 9000000n });
    assert.equal(src.produced, producedAtAbort, 'nothing pulled after the abort');
    // A second stream on the same connection runs to its end.
    const again = await remote.openStream('storageVolDownload', dlArgs(4 * MiB));
    let n = 0;
    for await (const b of again.stream) n += b.length;
    assert.equal(n, 4 * MiB);
    await rig.served.at(-1);
    assertReleased(conn, closeBaseline);
    await rpc.close();
  });

  it('download aborted by the RPC client while its own stream queue is full: the queue is dropped, reading resumes, the abort is confirmed, the connection still serves', async () => {
    rig.reset();
    const { rpc, remote, conn } = await rig.client();
    const closeBaseline = conn.client.listenerCount('close');
    const { stream } = await remote.openStream('storageVolDownload', dlArgs(SIZE));
    // Nothing is read: the client queue fills past its mark and the client stops reading.
    await waitFor(() => stream.queuedBytes > CLIENT_HWM, 'the client queue to fill');
    await waitFor(() => rpc.transport.stream.isPaused(), 'the client to stop reading');
    const src = rig.source!;
    assert.ok(src.produced < SIZE, 'the source is held back');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        stream.abort(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('abort not confirmed within 10 s')), 10_000))),
      ]);
    } finally {
      clearTimeout(timer);
    }
    assert.equal(stream.queuedBytes, 0, 'the unread data was dropped');
    assert.equal(rpc.transport.stream.isPaused(), false, 'the client reads again');
    await assert.rejects(stream.recv(10), { message: 'operation failed: stream is closed' });
    await rig.served.at(-1);
    assert.ok(src.closed, 'the source was closed');
    assert.ok(src.signalled, 'the source was told the stream ended early');
    await waitFor(() => conn.sock.writableLength === 0, 'the daemon socket to empty');
    assertReleased(conn, closeBaseline);
    assert.deepEqual(await remote.call('connectGetLibVersion', undefined), { libVer: 9000000n });
    // The same connection carries a new stream to its end.
    const again = await remote.openStream('storageVolDownload', dlArgs(4 * MiB));
    let n = 0;
    for await (const b of again.stream) n += b.length;
    assert.equal(n, 4 * MiB);
    await rig.served.at(-1);
    await rpc.close();
  });

  it('download, client disconnects mid-stream (RPC client and raw socket): the daemon frees the stream and the client', async () => {
    for (const how of ['rpc', 'raw'] as const) {
      rig.reset();
      let drop: () => void;
      if (how === 'rpc') {
        const { rpc, remote } = await rig.client();
        const { stream } = await remote.openStream('storageVolDownload', dlArgs(SIZE));
        let got = 0;
        while (got < 16 * MiB) {
          const b = await stream.recv(256 * 1024);
          if (typeof b !== 'string') got += b.length;
        }
        drop = () => void rpc.close();
      } else {
        const { sock, read } = await rawClient();
        sock.write(
          encodeFrame(
            { prog: remoteProgram.program, vers: remoteProgram.version, proc: remoteProcs.storageVolDownload.id, serial: 1, type: MessageType.Call, status: MessageStatus.Ok },
            (w) => StorageVolDownloadArgs.encode(w, dlArgs(SIZE)),
          ),
        );
        // Read a little, then stop reading altogether: the daemon must be waiting for room.
        let got = 0;
        while (got < 8 * MiB) for (const f of await read()) got += f.length;
        drop = () => sock.destroy();
      }
      const conn = rig.conns.at(-1)!;
      const src = rig.source!;
      await sleep(100);
      assert.ok(conn.client.listenerCount('drain') === 1 || src.produced === SIZE, `${how}: the daemon waits for room`);
      drop();
      await rig.served.at(-1);
      assert.ok(src.closed, `${how}: the source was closed`);
      assert.ok(src.signalled, `${how}: the source was told`);
      await waitFor(() => !rig.server.clients.has(conn.client), `${how}: the client to be gone`);
      assert.equal(conn.client.closed, true);
      assert.equal(conn.client.listenerCount('drain'), 0);
      assert.ok(rig.peak <= DOWNLOAD_BOUND, `${how}: peak ${rig.peak}`);
    }
  });

  it('upload of 256 MiB to a slow daemon-side sink: the daemon pauses its socket, bounded buffer, data whole and in order, finish confirmed', async () => {
    rig.reset();
    const { rpc, remote, conn } = await rig.client();
    let pausedSeen = false;
    let stallChecked: Promise<void> | null = null;
    const sink = (rig.sink = new Sink({ everyBytes: 512 * 1024, ms: 2 }, { at: 64 * MiB, ms: 800 }, () => {
      rig.sampleUpload(conn);
      if (conn.client.paused) pausedSeen = true;
    }));
    const t0 = Date.now();
    const { stream } = await remote.openStream('storageVolUpload', { vol: VOL, offset: 0n, length: BigInt(SIZE), flags: 0 });
    const sent = createHash('sha256');
    let stallSeen = false;
    for (let off = 0; off < SIZE; off += BLOCK) {
      const b = block(off, BLOCK);
      sent.update(b);
      for (let p = 0; p < BLOCK; p += 256 * 1024) await stream.send(b.subarray(p, p + 256 * 1024));
      if (sink.stalling && !stallSeen) {
        // While the sink sleeps the daemon must stop reading.
        stallSeen = true;
        stallChecked = (async () => {
          await sleep(150);
          const read = conn.sock.bytesRead;
          assert.ok(conn.client.paused, 'reading paused while the sink stalls');
          await sleep(150);
          if (sink.stalling) assert.equal(conn.sock.bytesRead, read, 'nothing read while paused');
        })();
      }
    }
    await stream.finish();
    await rig.served.at(-1);
    const ms = Date.now() - t0;
    if (stallChecked) await stallChecked;
    assert.ok(stallSeen, 'the client was still sending when the sink stalled');
    assert.ok(pausedSeen, 'the daemon paused reading');
    assert.equal(sink.taken, SIZE);
    assert.equal(sink.hash.digest('hex'), sent.digest('hex'), 'same bytes, same order');
    assert.equal(sink.finished, 1);
    assert.equal(sink.takenAtFinish, SIZE, 'finish came after all the data');
    assert.equal(sink.aborted, 0);
    assert.ok(rig.peak > 0 && rig.peak <= UPLOAD_BOUND, `peak daemon-side buffered ${rig.peak} ≤ ${UPLOAD_BOUND}`);
    await waitFor(() => conn.client.inflight === 0, 'request slots back');
    assert.equal(conn.client.paused, false);
    assert.deepEqual(await remote.call('connectGetLibVersion', undefined), { libVer: 9000000n });
    report('upload, slow daemon-side sink', ms);
    await rpc.close();
  });

  it('upload aborted mid-stream: sink told once, queued packets dropped, slots back, connection still serving', async () => {
    rig.reset();
    const { rpc, remote, conn } = await rig.client();
    const closeBaseline = conn.client.listenerCount('close');
    const sink = (rig.sink = new Sink({ everyBytes: 256 * 1024, ms: 5 }, null, () => rig.sampleUpload(conn)));
    const { stream } = await remote.openStream('storageVolUpload', { vol: VOL, offset: 0n, length: BigInt(SIZE), flags: 0 });
    const b = block(0, 256 * 1024);
    for (let sent = 0; sent < 32 * MiB; sent += b.length) {
      // Keep the daemon's slots full: do not wait for the sink beyond the transport's own pace.
      await stream.send(b);
    }
    await stream.abort();
    await rig.served.at(-1);
    assert.equal(sink.aborted, 1);
    assert.equal(sink.finished, 0);
    assert.ok(sink.taken < 32 * MiB, 'queued packets were dropped, not written');
    const taken = sink.taken;
    await waitFor(() => conn.client.inflight === 0 && !conn.client.paused, 'slots back and reading resumed');
    assertReleased(conn, closeBaseline);
    assert.ok(rig.peak <= UPLOAD_BOUND, `peak ${rig.peak}`);
    assert.deepEqual(await remote.call('connectGetLibVersion', undefined), { libVer: 9000000n });
    assert.equal(sink.taken, taken, 'nothing written after the abort');
    await rpc.close();
  });

  it('upload, client disconnects mid-stream: sink told once, the daemon frees the client', async () => {
    rig.reset();
    const { rpc, remote, conn } = await rig.client();
    const sink = (rig.sink = new Sink({ everyBytes: 256 * 1024, ms: 5 }, { at: 8 * MiB, ms: 2000 }, () => rig.sampleUpload(conn)));
    const { stream } = await remote.openStream('storageVolUpload', { vol: VOL, offset: 0n, length: BigInt(SIZE), flags: 0 });
    const b = block(0, 256 * 1024);
    // Send until the daemon stops taking (its slots are full and the sink stalls), then vanish.
    const sending = (async () => {
      for (;;) await stream.send(b);
    })().catch(() => {});
    await waitFor(() => sink.stalling, 'the sink to stall');
    await sleep(100);
    assert.ok(conn.client.paused, 'reading paused');
    await rpc.close();
    await sending;
    await rig.served.at(-1);
    assert.equal(sink.aborted, 1);
    assert.equal(sink.finished, 0);
    await waitFor(() => !rig.server.clients.has(conn.client), 'the client to be gone');
    assert.equal(conn.client.listenerCount('close'), 0);
    assert.ok(rig.peak <= UPLOAD_BOUND, `peak ${rig.peak}`);
  });
});
