// The layout of a wire type, learnt from its codec.
//
// The generated codecs are compiled closures: they encode and decode but do not list their
// fields. The wire mapping (wire-map.ts) needs the list — field names in order and what each
// holds — to turn an argument struct into a driver call's positional arguments and back, as
// libvirt's gendispatch.pl reads it from the .x files. Rather than keep a second description of
// ~900 structs beside the generated one, the layout is read off the codec itself: it decodes once
// from a scripted reader that records which primitive each step reads and answers every read with
// a fixed value (lengths 1, optionals present), and the decoded value is then walked in step with
// that record. Each procedure's layout is learnt on first use and kept.
import type { Codec } from '../../protocol/xdr/types.js';
import { XdrReader } from '../../protocol/xdr/reader.js';

export type Prim = 'int' | 'uint' | 'hyper' | 'uhyper' | 'bool' | 'double' | 'string';

export type Shape =
  | { readonly k: Prim }
  /** opaque<max> or opaque[n]; n === 16 with the name uuid is remote_uuid. */
  | { readonly k: 'opaque'; readonly fixed: number | null }
  /** rpcgen's char x<max>: bytes sent one int each (security labels, SASL data). */
  | { readonly k: 'charBytes' }
  /** rpcgen's char x[n]: a NUL-terminated C string (virNodeInfo's model). */
  | { readonly k: 'charArray' }
  | { readonly k: 'typedParam' }
  | { readonly k: 'optional'; readonly of: Shape }
  | { readonly k: 'array'; readonly of: Shape }
  | { readonly k: 'struct'; readonly fields: readonly (readonly [string, Shape])[] };

export type StructShape = Extract<Shape, { k: 'struct' }>;

type Op = 'int' | 'uint' | 'uchar' | 'char' | 'ushort' | 'hyper' | 'uhyper' | 'bool' | 'double' | 'float' | 'length' | 'fixedOpaque' | 'opaque' | 'string';

const EMPTY = Buffer.alloc(0);

/**
 * A reader that records each read and answers with a fixed value: lengths 1 (so an array's
 * element is seen), bools true (so an optional's contents are seen) except the one numbered
 * `falseAt`, which tells the optional it guards apart from its contents.
 */
class ScriptedReader extends XdrReader {
  readonly ops: Op[] = [];
  #bools = 0;

  constructor(readonly falseAt = -1) {
    super(EMPTY, 0, Number.MAX_SAFE_INTEGER);
  }
  override int(): number {
    this.ops.push('int');
    // 1 is also VIR_TYPED_PARAM_INT, so a typed parameter decodes as an int one.
    return 1;
  }
  override uint(): number {
    this.ops.push('uint');
    return 1;
  }
  override uchar(): number {
    this.ops.push('uchar');
    return 1;
  }
  override char(): number {
    this.ops.push('char');
    return 1;
  }
  override ushort(): number {
    this.ops.push('ushort');
    return 1;
  }
  override hyper(): bigint {
    this.ops.push('hyper');
    return 1n;
  }
  override uhyper(): bigint {
    this.ops.push('uhyper');
    return 1n;
  }
  override bool(): boolean {
    this.ops.push('bool');
    return this.#bools++ !== this.falseAt;
  }
  override double(): number {
    this.ops.push('double');
    return 1.5;
  }
  override float(): number {
    this.ops.push('float');
    return 1.5;
  }
  override length(): number {
    this.ops.push('length');
    return 1;
  }
  override fixedOpaque(n: number): Buffer {
    this.ops.push('fixedOpaque');
    return Buffer.alloc(n);
  }
  override opaque(): Buffer {
    this.ops.push('opaque');
    return EMPTY;
  }
  override string(): string {
    this.ops.push('string');
    return '';
  }
}

class Mismatch extends Error {}

const PRIM_OF: Partial<Record<Op, Prim>> = {
  int: 'int',
  uchar: 'uint',
  char: 'int',
  ushort: 'uint',
  uint: 'uint',
  hyper: 'hyper',
  uhyper: 'uhyper',
  double: 'double',
  float: 'double',
};

function isTypedParam(v: object): boolean {
  const keys = Object.keys(v);
  return keys.length === 3 && keys[0] === 'field' && keys[1] === 'type' && keys[2] === 'value';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** The path of the first value that is null in `b` but not in `a` (same decode, one bool false). */
function nulledPath(a: unknown, b: unknown, path: string): string | null {
  if (b === null && a !== null) return path;
  if (Array.isArray(a) && Array.isArray(b)) return a.length && b.length ? nulledPath(a[0], b[0], `${path}[]`) : null;
  if (isRecord(a) && isRecord(b) && !isTypedParam(a)) {
    for (const k of Object.keys(a)) {
      const p = nulledPath(a[k], b[k], `${path}.${k}`);
      if (p !== null) return p;
    }
  }
  return null;
}

/** Walk `v` (at `path`) from op `at`; returns its shape and the index of the next op. */
function walk(v: unknown, path: string, optionals: ReadonlySet<string>, ops: readonly Op[], at: number, inside = false): [Shape, number] {
  const op = ops[at];
  if (!inside && optionals.has(path)) {
    if (op !== 'bool') throw new Mismatch();
    const [of, next] = walk(v, path, optionals, ops, at + 1, true);
    return [{ k: 'optional', of }, next];
  }
  if (typeof v === 'boolean') {
    if (op !== 'bool') throw new Mismatch();
    return [{ k: 'bool' }, at + 1];
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    const p = op && PRIM_OF[op];
    if (!p) throw new Mismatch();
    return [{ k: p }, at + 1];
  }
  if (typeof v === 'string') {
    if (op === 'string') return [{ k: 'string' }, at + 1];
    // char x[n]: n ints, each answered 1, so the string has n characters.
    if (op === 'int') return [{ k: 'charArray' }, at + v.length];
    throw new Mismatch();
  }
  if (Buffer.isBuffer(v)) {
    if (op === 'fixedOpaque') return [{ k: 'opaque', fixed: v.length }, at + 1];
    if (op === 'opaque') return [{ k: 'opaque', fixed: null }, at + 1];
    if (op === 'length' && ops[at + 1] === 'int') return [{ k: 'charBytes' }, at + 2];
    throw new Mismatch();
  }
  if (Array.isArray(v)) {
    if (op !== 'length') throw new Mismatch();
    const [of, next] = walk(v[0], `${path}[]`, optionals, ops, at + 1);
    return [{ k: 'array', of }, next];
  }
  if (isRecord(v)) {
    if (isTypedParam(v) && op === 'string') return [{ k: 'typedParam' }, at + 3];
    return walkStruct(v, path, optionals, ops, at);
  }
  throw new Mismatch();
}

function walkStruct(v: Record<string, unknown>, path: string, optionals: ReadonlySet<string>, ops: readonly Op[], at: number): [StructShape, number] {
  const fields: [string, Shape][] = [];
  for (const [name, fv] of Object.entries(v)) {
    const [s, next] = walk(fv, `${path}.${name}`, optionals, ops, at);
    fields.push([name, s]);
    at = next;
  }
  return [{ k: 'struct', fields }, at];
}

const cache = new WeakMap<Codec<unknown>, StructShape>();

/**
 * The struct layout behind a codec (an argument, result or event struct). Throws when the codec
 * is not a struct or cannot be read this way; the mapping's unit test runs it on every procedure.
 */
export function structShape(codec: Codec<unknown>): StructShape {
  const hit = cache.get(codec);
  if (hit) return hit;
  const r = new ScriptedReader();
  const v = codec.decode(r);
  if (!isRecord(v)) throw new Error(`${codec.xdr} is not a struct`);
  // Each bool read is either a bool field or an optional's marker; answering it false once
  // shows which (the optional it guards becomes null).
  const nBools = r.ops.filter((o) => o === 'bool').length;
  const optionals: string[] = [];
  for (let i = 0; i < nBools; i++) {
    const p = nulledPath(v, codec.decode(new ScriptedReader(i)), '');
    if (p !== null) optionals.push(p);
  }
  let shape: StructShape;
  let end: number;
  try {
    [shape, end] = walkStruct(v, '', new Set(optionals), r.ops, 0);
  } catch (e) {
    if (e instanceof Mismatch) throw new Error(`cannot read the layout of ${codec.xdr}`);
    throw e;
  }
  if (end !== r.ops.length) throw new Error(`cannot read the layout of ${codec.xdr}: ${r.ops.length - end} reads unaccounted for`);
  cache.set(codec, shape);
  return shape;
}

/**
 * The field names of a struct codec, in order: one scripted decode, without working out what each
 * field holds (which takes one more decode per bool read, and the walk).
 */
export function structFieldNames(codec: Codec<unknown>): string[] {
  const v = codec.decode(new ScriptedReader());
  if (!isRecord(v)) throw new Error(`${codec.xdr} is not a struct`);
  return Object.keys(v);
}

/** Field names of a struct shape, for messages and tests. */
export function describeShape(s: Shape): string {
  switch (s.k) {
    case 'optional':
      return `${describeShape(s.of)}?`;
    case 'array':
      return `${describeShape(s.of)}[]`;
    case 'opaque':
      return s.fixed === null ? 'opaque' : `opaque[${s.fixed}]`;
    case 'struct':
      return `{${s.fields.map(([n, f]) => `${n}: ${describeShape(f)}`).join(', ')}}`;
    default:
      return s.k;
  }
}
