// XDR combinators (RFC 4506, as libvirt's rpcgen output encodes it).
//
// Each combinator returns a Codec: a pair of functions that write a value to an XdrWriter and read
// one from an XdrReader. Structs and unions are compiled, on first use, into straight-line
// functions with `new Function`: one call per non-primitive field, primitives inlined as reader or
// writer method calls, and decoded structs built as one object literal (so every value of a type
// shares one hidden class). This keeps a 10,000-domain list in the low milliseconds, where a
// per-field interpreter walking a description would not be. Compiling lazily keeps module load
// cheap: the remote program declares over a thousand types and a client uses a handful.
//
// Value mapping (what a TypeScript caller sees):
//   int, unsigned int, enum      → number (enums are not range-checked, as libtirpc's xdr_enum
//                                  isn't: a newer peer may send values we do not know)
//   unsigned char, unsigned short → number; each takes four bytes, as rpcgen sends them
//   hyper, unsigned hyper        → bigint, always: 64-bit counters (memory in KiB, cpu time in ns,
//                                  byte counts) exceed 2^53 in practice, and one type per wire type
//                                  keeps encode free of range guessing
//   bool                         → boolean
//   float, double                → number
//   string<max>                  → string (UTF-8 on the wire; max counts bytes)
//   opaque<max>, opaque[n]       → Buffer (decode returns a view into the received frame)
//   char                         → number (-128..127; four bytes, sign-extended)
//   char[n] (rpcgen: 4 bytes per char) → string, NUL-terminated
//   char<max>                    → Buffer of the bytes (4 bytes each on the wire)
//   T *                          → T | null
//   T<max>, T[n]                 → T[]
//   struct                       → object with the generator's camelCase field names
//   union                        → { [discriminant]: number, [arm]: value } (no arm key for void)
//   void                         → undefined
import { xdrError } from './errors.js';
import type { XdrReader } from './reader.js';
import type { XdrWriter } from './writer.js';

export interface Codec<T> {
  /** The XDR type, for messages: 'int', 'string<4194304>', 'struct remote_nonnull_domain'. */
  readonly xdr: string;
  encode(w: XdrWriter, v: T): void;
  decode(r: XdrReader): T;
  /**
   * For primitives: source fragments that read or write the value without a call through the
   * codec, used when a struct or union is compiled. `enc(w, x)` and `dec(r)` take the names of the
   * writer, the value expression and the reader.
   */
  readonly inline?: { enc(w: string, x: string): string; dec(r: string): string };
}

export type Infer<C> = C extends Codec<infer T> ? T : never;

// Primitives are plain closures: building them with new Function at load would cost more than
// it saves, since structs inline primitives anyway and only top-level uses call these.
function prim<T>(xdr: string, method: string, encode: Codec<T>['encode'], decode: Codec<T>['decode'], arg = ''): Codec<T> {
  const extra = arg === '' ? '' : `, ${arg}`;
  return {
    xdr,
    encode,
    decode,
    inline: { enc: (w, x) => `${w}.${method}(${x}${extra});`, dec: (r) => `${r}.${method}(${arg})` },
  };
}

export const int: Codec<number> = prim('int', 'int', (w, v) => w.int(v), (r) => r.int());
export const uint: Codec<number> = prim('unsigned int', 'uint', (w, v) => w.uint(v), (r) => r.uint());
export const uchar: Codec<number> = prim('unsigned char', 'uchar', (w, v) => w.uchar(v), (r) => r.uchar());
export const ushort: Codec<number> = prim('unsigned short', 'ushort', (w, v) => w.ushort(v), (r) => r.ushort());
export const char: Codec<number> = prim('char', 'char', (w, v) => w.char(v), (r) => r.char());
export const hyper: Codec<bigint> = prim('hyper', 'hyper', (w, v) => w.hyper(v), (r) => r.hyper());
export const uhyper: Codec<bigint> = prim('unsigned hyper', 'uhyper', (w, v) => w.uhyper(v), (r) => r.uhyper());
export const bool: Codec<boolean> = prim('bool', 'bool', (w, v) => w.bool(v), (r) => r.bool());
export const double: Codec<number> = prim('double', 'double', (w, v) => w.double(v), (r) => r.double());
export const float: Codec<number> = prim('float', 'float', (w, v) => w.float(v), (r) => r.float());

export const voidType: Codec<undefined> = {
  xdr: 'void',
  encode() {},
  decode() {
    return undefined;
  },
  inline: { enc: () => '', dec: () => 'undefined' },
};

function checkSize(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`bad XDR ${what} size ${n}`);
}

/** string<max>; `max` of 0xffffffff stands for XDR's unbounded `string<>`. */
export function string(max = 0xffffffff): Codec<string> {
  checkSize(max, 'string');
  return prim(`string<${max}>`, 'string', (w, v) => w.string(v, max), (r) => r.string(max), String(max));
}

export function opaque(max = 0xffffffff): Codec<Buffer> {
  checkSize(max, 'opaque');
  return prim(`opaque<${max}>`, 'opaque', (w, v) => w.opaque(v, max), (r) => r.opaque(max), String(max));
}

export function fixedOpaque(n: number): Codec<Buffer> {
  checkSize(n, 'opaque');
  return prim(`opaque[${n}]`, 'fixedOpaque', (w, v) => w.fixedOpaque(v, n), (r) => r.fixedOpaque(n), String(n));
}

/** An enum: an int on the wire. The TS type parameter lets generated code name its enum. */
export function enumeration<E extends number = number>(name: string): Codec<E> {
  return prim<E>(`enum ${name}`, 'int', (w, v) => w.int(v), (r) => r.int() as E);
}

/**
 * rpcgen's `char x[n]`: each char travels as a 4-byte int. libvirt uses it once, for the CPU model
 * in virNodeInfo; the value is a NUL-terminated C string, so it maps to string.
 */
export function charArray(n: number): Codec<string> {
  checkSize(n, 'char array');
  return {
    xdr: `char[${n}]`,
    encode(w, v) {
      const bytes = Buffer.from(v, 'utf8');
      if (bytes.length > n) throw xdrError(`XDR char[${n}] cannot hold ${bytes.length} bytes`);
      w.reserve(4 * n);
      for (let i = 0; i < n; i++) w.int(i < bytes.length ? (bytes[i]! << 24) >> 24 : 0);
    },
    decode(r) {
      const bytes = Buffer.allocUnsafe(n);
      let len = -1;
      for (let i = 0; i < n; i++) {
        bytes[i] = r.int() & 0xff;
        if (len < 0 && bytes[i] === 0) len = i;
      }
      return bytes.toString('utf8', 0, len < 0 ? n : len);
    },
  };
}

/**
 * rpcgen's `char x<max>`: a count, then one sign-extended int per byte. libvirt sends security
 * labels this way (with their trailing NUL counted) and SASL tokens (raw bytes), so the value is
 * the bytes as they are; the caller knows which are C strings.
 */
export function charBytes(max = 0xffffffff): Codec<Buffer> {
  checkSize(max, 'char array');
  return {
    xdr: `char<${max}>`,
    encode(w, v) {
      if (v.length > max) throw xdrError(`XDR char array length ${v.length} exceeds maximum ${max}`);
      w.uint(v.length);
      w.reserve(4 * v.length);
      for (let i = 0; i < v.length; i++) w.int((v[i]! << 24) >> 24);
    },
    decode(r) {
      const n = r.length(max, 'char array');
      if (n * 4 > r.end - r.pos) throw xdrError(`XDR char array of ${n} items cannot fit in ${r.end - r.pos} bytes`);
      const out = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) out[i] = r.int() & 0xff;
      return out;
    },
  };
}

/** `T *x`: a bool saying whether a value follows. */
export function optional<T>(c: Codec<T>): Codec<T | null> {
  return {
    xdr: `${c.xdr} *`,
    encode(w, v) {
      if (v === null || v === undefined) {
        w.bool(false);
        return;
      }
      w.bool(true);
      c.encode(w, v);
    },
    decode(r) {
      return r.bool() ? c.decode(r) : null;
    },
  };
}

/** `T x<max>`: a count, then the items. */
export function array<T>(c: Codec<T>, max = 0xffffffff): Codec<T[]> {
  checkSize(max, 'array');
  return compileLazy<T[]>(`${c.xdr}<${max}>`, () => {
    const ie = c.inline?.enc('w', 'v[i]') ?? 'c.encode(w, v[i]);';
    const id = c.inline?.dec('r') ?? 'c.decode(r)';
    const encode = new Function(
      'c',
      'max',
      'xdrError',
      `return function encode(w, v) {
        const n = v.length;
        if (n > max) throw xdrError('XDR array length ' + n + ' exceeds maximum ' + max);
        w.uint(n);
        for (let i = 0; i < n; i++) { ${ie} }
      };`,
    )(c, max, xdrError);
    // Every XDR item takes at least four bytes, so a count larger than a quarter of what is left
    // is a lie: reject it before allocating (a hostile peer could otherwise make us build a huge
    // array from a short message). void items are the exception and are not used in arrays.
    const decode = new Function(
      'c',
      'max',
      'xdrError',
      `return function decode(r) {
        const n = r.length(max, 'array');
        if (n * 4 > r.end - r.pos) throw xdrError('XDR array of ' + n + ' items cannot fit in ' + (r.end - r.pos) + ' bytes');
        const out = [];
        for (let i = 0; i < n; i++) out.push(${id});
        return out;
      };`,
    )(c, max, xdrError);
    return { encode, decode };
  });
}

/** `T x[n]`: exactly n items, no count on the wire. */
export function fixedArray<T>(c: Codec<T>, n: number): Codec<T[]> {
  checkSize(n, 'array');
  return {
    xdr: `${c.xdr}[${n}]`,
    encode(w, v) {
      if (v.length !== n) throw xdrError(`XDR fixed array needs ${n} items, got ${v.length}`);
      for (let i = 0; i < n; i++) c.encode(w, v[i]!);
    },
    decode(r) {
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(c.decode(r));
      return out;
    },
  };
}

/** One struct member: the TS property name and its codec. */
export type Field = readonly [name: string, codec: Codec<any>];

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A struct. `fields` may be a function returning them, for types declared later in a file.
 * The value type is given by the caller (the generator writes the interface next to the codec).
 */
export function struct<T>(name: string, fields: readonly Field[] | (() => readonly Field[])): Codec<T> {
  return compileLazy<T>(`struct ${name}`, () => {
    const list = typeof fields === 'function' ? fields() : fields;
    const codecs: Codec<unknown>[] = [];
    const enc: string[] = [];
    const dec: string[] = [];
    for (const [prop, c] of list) {
      if (!IDENT.test(prop)) throw new Error(`struct ${name}: bad field name ${prop}`);
      const k = codecs.push(c) - 1;
      enc.push(c.inline ? c.inline.enc('w', `v.${prop}`) : `c[${k}].encode(w, v.${prop});`);
      dec.push(`${prop}: ${c.inline ? c.inline.dec('r') : `c[${k}].decode(r)`}`);
    }
    const encode = new Function(
      'c',
      'wrap',
      `return function encode(w, v) {
        try { ${enc.join(' ')} } catch (e) { throw wrap(e); }
      };`,
    )(codecs, (e: unknown) => encodeFailure(`struct ${name}`, e));
    const decode = new Function('c', `return function decode(r) { return { ${dec.join(', ')} }; };`)(codecs);
    return { encode, decode };
  });
}

/** One union arm: the property that carries the value, or null for a void arm. */
export type Arm = readonly [prop: string, codec: Codec<any>] | null;

export interface UnionSpec {
  /** Name of the discriminant property ('type'). */
  discriminant: string;
  /** The discriminant's codec: int, unsigned int, enum or bool (bool is sent as 0/1). */
  discriminantCodec: Codec<number> | Codec<boolean>;
  arms: ReadonlyArray<readonly [value: number, arm: Arm]>;
  /** The default arm; undefined means none, so an unlisted discriminant is an error. */
  defaultArm?: Arm;
}

export function union<T>(name: string, spec: UnionSpec | (() => UnionSpec)): Codec<T> {
  return compileLazy<T>(`union ${name}`, () => {
    const s = typeof spec === 'function' ? spec() : spec;
    if (!IDENT.test(s.discriminant)) throw new Error(`union ${name}: bad discriminant ${s.discriminant}`);
    const d = s.discriminant;
    const isBool = s.discriminantCodec === bool;
    const codecs: Codec<unknown>[] = [];
    const armEnc = (arm: Arm) => {
      if (arm === null) return '';
      if (!IDENT.test(arm[0])) throw new Error(`union ${name}: bad arm name ${arm[0]}`);
      const k = codecs.push(arm[1]) - 1;
      return arm[1].inline ? arm[1].inline.enc('w', `v.${arm[0]}`) : `c[${k}].encode(w, v.${arm[0]});`;
    };
    const armDec = (arm: Arm) => {
      if (arm === null) return `return { ${d}: x };`;
      const k = codecs.push(arm[1]) - 1;
      return `return { ${d}: x, ${arm[0]}: ${arm[1].inline ? arm[1].inline.dec('r') : `c[${k}].decode(r)`} };`;
    };
    const key = (v: number) => (isBool ? String(v !== 0) : String(v));
    const encCases = s.arms.map(([v, arm]) => `case ${key(v)}: ${armEnc(arm)} break;`).join('\n');
    const decCases = s.arms.map(([v, arm]) => `case ${key(v)}: ${armDec(arm)}`).join('\n');
    const noArm = `throw xdrError('XDR union ${name} has no arm for discriminant ' + x);`;
    const encDefault = s.defaultArm === undefined ? noArm : armEnc(s.defaultArm);
    const decDefault = s.defaultArm === undefined ? noArm : armDec(s.defaultArm);
    const dw = s.discriminantCodec.inline!.enc('w', 'x');
    const dr = s.discriminantCodec.inline!.dec('r');
    const encode = new Function(
      'c',
      'xdrError',
      'wrap',
      `return function encode(w, v) {
        const x = v.${d};
        try {
          ${dw}
          switch (x) {
            ${encCases}
            default: ${encDefault}
          }
        } catch (e) { throw wrap(e); }
      };`,
    )(codecs, xdrError, (e: unknown) => encodeFailure(`union ${name}`, e));
    const decode = new Function(
      'c',
      'xdrError',
      `return function decode(r) {
        const x = ${dr};
        switch (x) {
          ${decCases}
          default: ${decDefault}
        }
      };`,
    )(codecs, xdrError);
    return { encode, decode };
  });
}

/**
 * A codec whose functions are built on first use. The object's methods replace themselves, so
 * after the first call there is no indirection left.
 */
function compileLazy<T>(xdr: string, build: () => { encode: Codec<T>['encode']; decode: Codec<T>['decode'] }): Codec<T> {
  const codec = {
    xdr,
    encode(w: XdrWriter, v: T) {
      compile();
      codec.encode(w, v);
    },
    decode(r: XdrReader): T {
      compile();
      return codec.decode(r);
    },
  };
  function compile() {
    const built = build();
    codec.encode = built.encode;
    codec.decode = built.decode;
  }
  return codec;
}

/** A reference to a codec defined later (XDR files may use a type before declaring it). */
export function lazy<T>(get: () => Codec<T>): Codec<T> {
  let xdr = '(lazy)';
  const codec: Codec<T> = {
    get xdr() {
      return xdr;
    },
    encode(w, v) {
      resolve();
      codec.encode(w, v);
    },
    decode(r) {
      resolve();
      return codec.decode(r);
    },
  };
  function resolve() {
    const c = get();
    xdr = c.xdr;
    codec.encode = c.encode.bind(c);
    codec.decode = c.decode.bind(c);
  }
  return codec;
}

function encodeFailure(name: string, e: unknown): Error {
  // Say which type failed; nested types give a chain ("cannot encode struct a: cannot encode
  // struct b: XDR int cannot hold undefined"), which is what finds a missing field quickly.
  const msg = e instanceof Error ? e.message : String(e);
  return xdrError(`cannot encode ${name}: ${msg}`);
}
