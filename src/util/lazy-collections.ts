// Read-only Maps and Sets filled on first use. Large generated tables (src/api/api-facts.generated.ts)
// are consulted only on rare paths (errors, read-only connections), so building them while a
// one-shot virsh starts would be wasted time; these keep the ReadonlyMap/ReadonlySet types their
// users see.

/** A ReadonlyMap whose entries come from `fill` the first time it is read. */
export class LazyMap<K, V> extends Map<K, V> {
  #fill: (() => Iterable<readonly [K, V]>) | null;

  constructor(fill: () => Iterable<readonly [K, V]>) {
    super();
    this.#fill = fill;
  }

  #ready(): this {
    const fill = this.#fill;
    if (fill !== null) {
      this.#fill = null;
      for (const [k, v] of fill()) super.set(k, v);
    }
    return this;
  }

  override get(key: K): V | undefined {
    this.#ready();
    return super.get(key);
  }
  override has(key: K): boolean {
    this.#ready();
    return super.has(key);
  }
  override get size(): number {
    this.#ready();
    return super.size;
  }
  override forEach(cb: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#ready();
    super.forEach(cb, thisArg);
  }
  override entries(): MapIterator<[K, V]> {
    this.#ready();
    return super.entries();
  }
  override keys(): MapIterator<K> {
    this.#ready();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.#ready();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/** A ReadonlySet whose members come from `fill` the first time it is read. */
export class LazySet<T> extends Set<T> {
  #fill: (() => Iterable<T>) | null;

  constructor(fill: () => Iterable<T>) {
    super();
    this.#fill = fill;
  }

  #ready(): this {
    const fill = this.#fill;
    if (fill !== null) {
      this.#fill = null;
      for (const v of fill()) super.add(v);
    }
    return this;
  }

  override has(value: T): boolean {
    this.#ready();
    return super.has(value);
  }
  override get size(): number {
    this.#ready();
    return super.size;
  }
  override forEach(cb: (value: T, value2: T, set: Set<T>) => void, thisArg?: unknown): void {
    this.#ready();
    super.forEach(cb, thisArg);
  }
  override entries(): SetIterator<[T, T]> {
    this.#ready();
    return super.entries();
  }
  override keys(): SetIterator<T> {
    this.#ready();
    return super.keys();
  }
  override values(): SetIterator<T> {
    this.#ready();
    return super.values();
  }
  override [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }
}
