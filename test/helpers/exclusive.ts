// A fixed set of resources (daemons) lent out one user at a time. A test:///default state lives
// while some connection holds it, so a daemon that serves one virsh at a time gives every case
// libvirt's default objects, as a fresh in-process connection does.
export class Exclusive<T> {
  #idle: T[];
  #waiting: ((t: T) => void)[] = [];

  constructor(items: T[]) {
    this.#idle = [...items];
  }

  async use<R>(fn: (t: T) => Promise<R>): Promise<R> {
    const t = this.#idle.pop() ?? (await new Promise<T>((r) => this.#waiting.push(r)));
    try {
      return await fn(t);
    } finally {
      const w = this.#waiting.shift();
      if (w) w(t);
      else this.#idle.push(t);
    }
  }
}
