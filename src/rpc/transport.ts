// The byte pipe under an RPC connection. The RPC layers (server, client) see only this interface,
// so unit tests run them over an in-memory pair, and TLS or WebSocket transports can be added
// without touching them (vscode-jsonrpc's RAL idea).
import { Duplex } from 'node:stream';
import { Socket } from 'node:net';

/** Who is on the other end, as far as the transport can tell. */
export interface PeerIdentity {
  /** 'unix', 'tcp' or 'memory'. */
  kind: 'unix' | 'tcp' | 'memory';
  /** For unix sockets: the uid the daemon attributes to the peer (see unixPeer). */
  uid: number | null;
  gid: number | null;
  pid: number | null;
  /** "addr;port" for TCP peers, as libvirt formats socket addresses. */
  address: string | null;
}

/**
 * A bidirectional byte stream. It is a Node Duplex (net.Socket is one), so backpressure works as
 * everywhere in Node: write() returning false means wait for 'drain'; pause()/resume() stop and
 * restart reading.
 */
export interface Transport {
  readonly stream: Duplex;
  readonly peer: PeerIdentity;
  /** Close both directions now; pending writes are dropped. */
  destroy(): void;
  /**
   * The fast read path, when the transport has one: incoming bytes go to `sink` instead of
   * 'data' events, as a view of a buffer that is reused once `sink` returns (so whatever must
   * outlive the call is copied). pause()/resume() on the stream still stop and restart reading.
   */
  readonly setReader?: (sink: (chunk: Buffer) => void) => void;
}

export function socketTransport(sock: Socket, peer: PeerIdentity): Transport {
  // Replies are small and latency matters more than packet count.
  sock.setNoDelay?.(true);
  return { stream: sock, peer, destroy: () => sock.destroy() };
}

/** Bytes one read may bring; libuv's own suggestion for stream reads. */
const READ_SIZE = 64 * 1024;
/**
 * The one buffer every accepted connection reads into. Reads are handled one at a time, each to
 * its end, before the event loop reads again, so connections can share it.
 */
let sharedReadBuffer: Buffer | null = null;

/**
 * The transport of a connection a server accepted (created paused: net.Server's pauseOnConnect).
 * Node's Readable path allocates a 64 KiB buffer per read and pushes it through the stream
 * machinery; at one small call per read that was a third of the daemon's user CPU per call. Node
 * reads into a caller's buffer only for sockets built with `onread`, which net.Server does not
 * offer, so the accepted socket's handle is taken into such a socket. The accepted Socket object
 * stays the server's connection count: it is destroyed when the new one closes (its handle is
 * already closed by then, so that only updates the count).
 */
export function acceptedSocketTransport(accepted: Socket, peer: PeerIdentity): Transport {
  const handle = (accepted as unknown as { _handle?: unknown })._handle;
  if (!handle) return socketTransport(accepted, peer);
  let sink: ((chunk: Buffer) => void) | null = null;
  const buffer = (sharedReadBuffer ??= Buffer.allocUnsafe(READ_SIZE));
  const sock = new Socket({
    handle,
    readable: true,
    writable: true,
    pauseOnCreate: true,
    onread: { buffer, callback: (n: number, buf: Uint8Array) => void sink?.((buf as Buffer).subarray(0, n)) },
  } as ConstructorParameters<typeof Socket>[0]);
  sock.once('close', () => accepted.destroy());
  const t = socketTransport(sock, peer);
  return { ...t, setReader: (fn) => void (sink = fn) };
}

/** A connected pair of in-memory transports, for tests. */
export function memoryTransportPair(): [Transport, Transport] {
  let left!: Duplex;
  let right!: Duplex;
  const make = (other: () => Duplex) =>
    new Duplex({
      // A modest buffer so tests can exercise backpressure.
      highWaterMark: 64 * 1024,
      read() {
        // Data is pushed by the peer's write(); nothing to pull.
      },
      write(chunk: Buffer, _enc, cb) {
        const peer = other();
        if (peer.destroyed) return cb();
        // Honour the reader's pause(): push() returning false means its buffer is full, so hold
        // the callback (and with it this side's writable buffer) until the reader drains.
        if (peer.push(chunk)) return cb();
        waiters.get(peer)!.push(cb);
      },
      final(cb) {
        other().push(null);
        cb();
      },
      destroy(err, cb) {
        const peer = other();
        if (!peer.destroyed) peer.push(null);
        cb(err);
      },
    });
  const waiters = new Map<Duplex, Array<() => void>>();
  left = make(() => right);
  right = make(() => left);
  for (const d of [left, right]) {
    const list: Array<() => void> = [];
    waiters.set(d, list);
    // _read is called when the consumer wants more: release the blocked writers.
    const origRead = d._read.bind(d);
    d._read = (n: number) => {
      origRead(n);
      const pending = list.splice(0);
      for (const cb of pending) cb();
    };
  }
  const peer: PeerIdentity = { kind: 'memory', uid: process.getuid?.() ?? null, gid: process.getgid?.() ?? null, pid: process.pid, address: null };
  return [
    { stream: left, peer, destroy: () => left.destroy() },
    { stream: right, peer, destroy: () => right.destroy() },
  ];
}
