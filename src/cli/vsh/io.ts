// Synchronous terminal I/O for the shell. virsh flushes after every print, so output goes straight
// to the file descriptor; that also keeps stdout and stderr in order when both go to one place.
import { readSync, writeSync } from 'node:fs';

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Write all of `s` to `fd`, waiting when a non-blocking pipe is full. */
export function writeAll(fd: number, s: string): void {
  if (s === '') return;
  let buf = Buffer.from(s);
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        sleepMs(1);
        continue;
      }
      // A closed stdout (EPIPE) ends output quietly, as a C program killed by SIGPIPE would.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw e;
    }
  }
}

/**
 * Lines from standard input, read synchronously and shared by the shell's prompt and by
 * credential prompts (both read the same stream, as virsh's readline and fgets do).
 */
export class StdinLines {
  #pending = Buffer.alloc(0);
  #eof = false;

  /** Fill until `stop` bytes appear or end of input. */
  #fill(stop: (buf: Buffer) => number): number {
    const chunk = Buffer.alloc(65536);
    for (;;) {
      const at = stop(this.#pending);
      if (at >= 0 || this.#eof) return at;
      let n: number;
      try {
        n = readSync(0, chunk, 0, chunk.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          sleepMs(5);
          continue;
        }
        if (code === 'EOF') n = 0;
        else throw e;
      }
      if (n === 0) this.#eof = true;
      else this.#pending = Buffer.concat([this.#pending, chunk.subarray(0, n)]);
    }
  }

  /**
   * The next line without its terminator, or null at end of input. With `readlineEnds`, a
   * carriage return also ends a line, as readline's accept-line does.
   */
  readLine(readlineEnds = false): string | null {
    const find = (b: Buffer): number => {
      const nl = b.indexOf(10);
      if (!readlineEnds) return nl;
      const cr = b.indexOf(13);
      if (cr >= 0 && (nl < 0 || cr < nl)) return cr;
      return nl;
    };
    const at = this.#fill(find);
    if (at < 0) {
      if (this.#pending.length === 0) return null;
      const line = this.#pending.toString('utf8');
      this.#pending = Buffer.alloc(0);
      return line;
    }
    const line = this.#pending.subarray(0, at).toString('utf8');
    this.#pending = this.#pending.subarray(at + 1);
    return line;
  }
}
