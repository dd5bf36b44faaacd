// virStream: data flowing between the application and a driver (libvirt-stream.c). For now a
// stream is filled by an API call in this process (virDomainScreenshot through a local driver)
// and read by the application; the remote driver can later back the same class with RPC stream
// packets by calling push()/end()/fail() as they arrive.
import { ErrorCode, ErrorDomain, errorsFrom, type VirError } from '../util/error.js';
import type { Connect } from './connect.js';

const report = errorsFrom(ErrorDomain.Streams);

/** virStreamFlags */
export const StreamFlags = { NONBLOCK: 1 } as const;

export class Stream {
  readonly conn: Connect;
  readonly flags: number;
  #chunks: Uint8Array[] = [];
  #ended = false;
  #failed: VirError | undefined;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(conn: Connect, flags = 0) {
    this.conn = conn;
    this.flags = flags;
  }

  // --- the producing side (an API entry point or the remote driver) ---
  push(chunk: Uint8Array): void {
    if (this.#ended || this.#closed) return;
    if (chunk.length > 0) this.#chunks.push(chunk);
    this.#notify();
  }
  end(): void {
    this.#ended = true;
    this.#notify();
  }
  fail(err: VirError): void {
    this.#failed = err;
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  // --- the consuming side (virStreamRecv / virStreamRecvAll / virStreamFinish / virStreamAbort) ---
  /** The next chunk, or null at the end of the data. */
  async recv(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.#closed) throw report(ErrorCode.OperationInvalid, 'stream is not open');
      const next = this.#chunks.shift();
      if (next) return next;
      if (this.#failed) throw this.#failed;
      if (this.#ended) return null;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** virStreamRecvAll: hand every chunk to `sink` until the end of the data. */
  async recvAll(sink: (chunk: Uint8Array) => void | Promise<void>): Promise<void> {
    for (let c = await this.recv(); c !== null; c = await this.recv()) await sink(c);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (let c = await this.recv(); c !== null; c = await this.recv()) yield c;
  }

  /** virStreamFinish: the data must have been read to its end. */
  async finish(): Promise<void> {
    if (this.#failed) throw this.#failed;
    this.#closed = true;
    this.#chunks = [];
  }

  /** virStreamAbort: drop whatever is left. */
  async abort(): Promise<void> {
    this.#closed = true;
    this.#chunks = [];
    this.#notify();
  }
}
