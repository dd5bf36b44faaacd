#!/usr/bin/env node
// Reads libvirt's XDR protocol files (the .x files rpcgen and gendispatch.pl read) and writes, per
// program, a types module (one codec per XDR type, one TS type next to it) and a procedure table
// (number, name, argument and result codecs, priority, generate mode, ACL, stream direction and
// read-only behaviour) under src/protocol/<program>/.
//
// Run:   node tools/gen-protocol.mjs /tmp/libvirt-src/libvirt-9.0.0 [OUTPUT_ROOT]
// OUTPUT_ROOT defaults to this repository; tools/check-protocol-fresh.mjs points it at a temporary
// folder and compares.
//
// Naming: XDR type names lose their program prefix and become PascalCase (remote_domain_get_info_ret
// → DomainGetInfoRet); struct members become camelCase (hv_ver → hvVer); procedures are keyed by
// the name gendispatch.pl gives their driver method (REMOTE_PROC_DOMAIN_GET_XML_DESC →
// domainGetXMLDesc). This is the one place where wire names are mapped.
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const started = performance.now();
const src = process.argv[2];
if (!src) {
  console.error('usage: gen-protocol.mjs LIBVIRT_SRC_DIR [OUTPUT_ROOT]');
  process.exit(2);
}
const outRoot = process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const version = /version:\s*'([^']+)'/.exec(readFileSync(join(src, 'meson.build'), 'utf8'))?.[1];
if (!version) throw new Error(`no version in ${src}/meson.build`);

/**
 * The programs. `prefix` is the XDR name prefix of the program's types; `procPrefix` that of its
 * procedure constants; `apiPrefix` how gendispatch.pl names the public API of a procedure.
 */
const programs = [
  { key: 'net', file: 'src/rpc/virnetprotocol.x', prefix: 'virNet', typeNamePrefix: 'Net' },
  { key: 'keepalive', file: 'src/rpc/virkeepaliveprotocol.x', prefix: 'keepalive_', procEnum: 'keepalive_procedure', procPrefix: 'KEEPALIVE_PROC_', program: 'KEEPALIVE_PROGRAM', version: 'KEEPALIVE_PROTOCOL_VERSION', typeNamePrefix: 'Keepalive' },
  { key: 'remote', file: 'src/remote/remote_protocol.x', prefix: 'remote_', procEnum: 'remote_procedure', procPrefix: 'REMOTE_PROC_', program: 'REMOTE_PROGRAM', version: 'REMOTE_PROTOCOL_VERSION', apiPrefix: 'vir', typeNamePrefix: 'Remote' },
  { key: 'qemu', file: 'src/remote/qemu_protocol.x', prefix: 'qemu_', procEnum: 'qemu_procedure', procPrefix: 'QEMU_PROC_', program: 'QEMU_PROGRAM', version: 'QEMU_PROTOCOL_VERSION', apiPrefix: 'vir', apiInfix: 'Qemu', deps: ['remote'], typeNamePrefix: 'Qemu' },
  { key: 'lxc', file: 'src/remote/lxc_protocol.x', prefix: 'lxc_', procEnum: 'lxc_procedure', procPrefix: 'LXC_PROC_', program: 'LXC_PROGRAM', version: 'LXC_PROTOCOL_VERSION', apiPrefix: 'vir', apiInfix: 'Lxc', deps: ['remote'], typeNamePrefix: 'Lxc' },
  { key: 'admin', file: 'src/admin/admin_protocol.x', prefix: 'admin_', procEnum: 'admin_procedure', procPrefix: 'ADMIN_PROC_', program: 'ADMIN_PROGRAM', version: 'ADMIN_PROTOCOL_VERSION', apiPrefix: 'virAdm', typeNamePrefix: 'Admin' },
  { key: 'lock', file: 'src/locking/lock_protocol.x', prefix: 'virLockSpaceProtocol', procEnum: 'virLockSpaceProtocolProcedure', procPrefix: 'VIR_LOCK_SPACE_PROTOCOL_PROC_', program: 'VIR_LOCK_SPACE_PROTOCOL_PROGRAM', version: 'VIR_LOCK_SPACE_PROTOCOL_PROGRAM_VERSION', typeNamePrefix: 'Lock' },
];

// ---------------------------------------------------------------------------------------------
// Lexer and parser for the XDR language (RFC 4506 section 6, plus rpcgen's % pass-through lines).

function lex(text, file) {
  const toks = [];
  let i = 0;
  let line = 1;
  const re = /\s+|\/\*\*[\s\S]*?\*\/|\/\*[\s\S]*?\*\/|\/\/[^\n]*|^%[^\n]*|^#[^\n]*|0[xX][0-9a-fA-F]+|-?\d+|[A-Za-z_][A-Za-z0-9_]*|[{}()[\]<>;,:=*]/my;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new Error(`${file}:${line}: cannot read ${JSON.stringify(text.slice(i, i + 20))}`);
    const t = m[0];
    if (t.startsWith('/**')) toks.push({ t: 'doc', v: t, line });
    else if (!/^\s|^\/\*|^\/\/|^%|^#/.test(t)) toks.push({ t, line });
    for (const c of t) if (c === '\n') line++;
    i = re.lastIndex;
  }
  return toks;
}

function parse(text, file) {
  const toks = lex(text, file);
  let p = 0;
  // A doc comment (/** ... */) belongs to the token after it: in a procedure enum, the member
  // whose annotations it carries.
  const peek = () => {
    while (toks[p]?.t === 'doc') {
      const doc = toks[p++].v;
      if (toks[p] && toks[p].t !== 'doc') toks[p].doc = doc;
    }
    return toks[p]?.t;
  };
  const next = () => {
    peek();
    return toks[p++];
  };
  const fail = (msg) => {
    throw new Error(`${file}:${toks[p]?.line ?? 'EOF'}: ${msg} (at ${JSON.stringify(toks[p]?.t)})`);
  };
  const expect = (t) => {
    if (peek() !== t) fail(`expected ${t}`);
    return next();
  };
  const ident = () => {
    const t = peek();
    if (!/^[A-Za-z_]/.test(t ?? '')) fail('expected a name');
    return next().t;
  };
  const value = () => {
    const t = next().t;
    if (/^-?\d+$/.test(t) || /^0[xX]/.test(t)) return { num: Number(t), raw: t };
    if (/^[A-Za-z_]/.test(t)) return { ref: t };
    fail('expected a value');
  };

  // type-specifier, with rpcgen's spellings of the C integer types
  const typeSpec = () => {
    const t = ident();
    if (t === 'unsigned') {
      const n = peek();
      if (n === 'int' || n === 'hyper' || n === 'char' || n === 'short' || n === 'long') return `unsigned ${next().t}`;
      return 'unsigned int';
    }
    if (t === 'struct' || t === 'union' || t === 'enum') {
      if (peek() === '{') fail(`inline ${t} definitions are not used by libvirt and not supported`);
      return ident();
    }
    return t;
  };

  const declaration = () => {
    if (peek() === 'void') {
      next();
      return { kind: 'void' };
    }
    const type = typeSpec();
    if (peek() === '*') {
      next();
      return { kind: 'optional', type, name: ident() };
    }
    const name = ident();
    if (peek() === '[') {
      next();
      const size = value();
      expect(']');
      if (type === 'opaque') return { kind: 'fixedOpaque', type, name, size };
      return { kind: 'fixedArray', type, name, size };
    }
    if (peek() === '<') {
      next();
      const max = peek() === '>' ? null : value();
      expect('>');
      if (type === 'opaque') return { kind: 'opaque', type, name, max };
      if (type === 'string') return { kind: 'string', type, name, max };
      return { kind: 'array', type, name, max };
    }
    if (type === 'string' || type === 'opaque') fail(`${type} needs a size`);
    return { kind: 'plain', type, name };
  };

  const defs = [];
  while (peek() !== undefined) {
    const kw = ident();
    if (kw === 'const') {
      const name = ident();
      expect('=');
      defs.push({ def: 'const', name, value: value() });
      expect(';');
    } else if (kw === 'typedef') {
      const decl = declaration();
      defs.push({ def: 'typedef', name: decl.name, decl });
      expect(';');
    } else if (kw === 'enum') {
      const name = ident();
      expect('{');
      const members = [];
      for (;;) {
        peek();
        const doc = toks[p].doc ?? null;
        const m = ident();
        expect('=');
        members.push({ name: m, value: value(), doc });
        if (peek() === ',') next();
        if (peek() === '}') break;
      }
      expect('}');
      expect(';');
      defs.push({ def: 'enum', name, members });
    } else if (kw === 'struct') {
      const name = ident();
      expect('{');
      const fields = [];
      while (peek() !== '}') {
        fields.push(declaration());
        expect(';');
      }
      expect('}');
      expect(';');
      defs.push({ def: 'struct', name, fields });
    } else if (kw === 'union') {
      const name = ident();
      expect('switch');
      expect('(');
      const disc = declaration();
      expect(')');
      expect('{');
      const arms = [];
      let defaultArm;
      while (peek() !== '}') {
        if (peek() === 'default') {
          next();
          expect(':');
          defaultArm = declaration();
          expect(';');
          continue;
        }
        const values = [];
        while (peek() === 'case') {
          next();
          values.push(value());
          expect(':');
        }
        if (values.length === 0) fail('expected case or default');
        const decl = declaration();
        expect(';');
        for (const v of values) arms.push({ value: v, decl });
      }
      expect('}');
      expect(';');
      defs.push({ def: 'union', name, disc, arms, defaultArm });
    } else {
      fail(`unexpected ${kw}`);
    }
  }
  return defs;
}

// ---------------------------------------------------------------------------------------------
// Facts from libvirt's C headers and public API sources.

/** Constants the .x files take from C headers (VIR_UUID_BUFLEN, VIR_TYPED_PARAM_*, flag names). */
function readHeaderConstants() {
  const consts = new Map();
  const dir = join(src, 'include/libvirt');
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.h') || f.endsWith('.h.in'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  const evalExpr = (e) => {
    const s = e.replace(/\/\*[\s\S]*?\*\//g, '').trim();
    const names = s.replace(/\b([A-Z][A-Z0-9_]+)\b/g, (n) => (consts.has(n) ? String(consts.get(n)) : 'NaN'));
    if (!/^[\d\s()+\-*<|xXa-fA-F]*$/.test(names.replace(/NaN/g, ''))) return undefined;
    // Only shifts, ors, sums and numbers reach here.
    const v = Function(`return (${names});`)();
    return Number.isFinite(v) ? v : undefined;
  };
  for (let pass = 0; pass < 3; pass++) {
    for (const text of texts) {
      for (const m of text.matchAll(/^#\s*define\s+(VIR_[A-Z0-9_]+)\s+(\([^\n]*\)|-?\d+)\s*$/gm)) {
        const v = evalExpr(m[2]);
        if (v !== undefined) consts.set(m[1], v);
      }
      for (const m of text.matchAll(/^\s+(VIR_[A-Z0-9_]+)\s*=\s*([^,\n]+?)\s*,?\s*(?:\/\*.*)?$/gm)) {
        const v = evalExpr(m[2]);
        if (v !== undefined) consts.set(m[1], v);
      }
    }
  }
  return consts;
}

/**
 * How libvirt treats a read-only connection, per public API. The rule is libvirt's own: the
 * public entry point in src/libvirt-*.c either refuses every read-only caller
 * (virCheckReadOnlyGoto: "read only access prevents virXxx"), refuses them only when certain flags
 * are set (an explicit `conn->flags & VIR_CONNECT_RO` test, e.g. virDomainGetXMLDesc with
 * VIR_DOMAIN_XML_SECURE), or lets them through. The daemon reaches the same check because it calls
 * the public API on a connection opened with VIR_CONNECT_RO (forced for the read-only socket).
 * The @acl annotations do not decide it: they drive the access-control driver (polkit), which is a
 * separate, optional check.
 */
function readPublicApis() {
  const apis = new Map();
  const files = readdirSync(join(src, 'src'))
    .filter((n) => /^libvirt(-[a-z-]+)?\.c$/.test(n))
    .map((n) => join('src', n));
  files.push('src/admin/libvirt-admin.c');
  for (const f of files) {
    const text = readFileSync(join(src, f), 'utf8');
    // Definitions start at the line start, with the return type on the line before or in front.
    for (const m of text.matchAll(/^(?:[A-Za-z_][\w ]*?[ *])?(vir\w+)\(([^)]*)\)\s*\n\{\n([\s\S]*?)\n\}\n/gm)) {
      const body = m[3];
      let readonly = 'allowed';
      const flags = [];
      if (body.includes('virCheckReadOnlyGoto(')) readonly = 'refused';
      else {
        for (const c of body.matchAll(/if\s*\(([^{;]*?VIR_CONNECT_RO[^{;]*?)\)\s*\{/g)) {
          readonly = 'flags';
          for (const n of c[1].matchAll(/\b(VIR_[A-Z0-9_]+)\b/g)) if (n[1] !== 'VIR_CONNECT_RO') flags.push(n[1]);
        }
      }
      apis.set(m[1], { readonly, flags, file: f });
    }
  }
  return apis;
}

const headerConsts = readHeaderConstants();
const publicApis = readPublicApis();

// ---------------------------------------------------------------------------------------------
// Names.

const GLOBALS = new Set(['Error', 'String', 'Number', 'Boolean', 'Object', 'Array', 'Function', 'Symbol', 'Promise', 'Map', 'Set', 'Date', 'Buffer', 'Uint8Array']);
const pascal = (s) =>
  s
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
const camelField = (s) => (s.includes('_') ? s.toLowerCase().replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()) : s);

// gendispatch.pl's fix-ups for words it capitalises differently from plain PascalCase.
const WORD_FIXUPS = [
  [/Nwfilter/, 'NWFilter'], [/Xml$/, 'XML'], [/Xml2$/, 'XML2'], [/Uri$/, 'URI'], [/Uuid$/, 'UUID'], [/Id$/, 'ID'],
  [/Mac$/, 'MAC'], [/Cpu$/, 'CPU'], [/Os$/, 'OS'], [/Nmi$/, 'NMI'], [/Pm/, 'PM'], [/Fstrim$/, 'FSTrim'],
  [/Fsfreeze$/, 'FSFreeze'], [/Fsthaw$/, 'FSThaw'], [/Fsinfo$/, 'FSInfo'], [/Iothread$/, 'IOThread'], [/Scsi/, 'SCSI'],
  [/Wwn$/, 'WWN'], [/Dhcp$/, 'DHCP'],
  // Ours: procedures libvirt dispatches by hand (so gendispatch.pl never names them) still serve
  // driver methods and APIs spelled this way (nodeGetSEVInfo, domainAuthorizedSSHKeysGet,
  // domainOpenGraphicsFD, domainFDAssociate).
  [/^Sev$/, 'SEV'], [/^Ssh$/, 'SSH'], [/^Fd$/, 'FD'], [/^Threadpool$/, 'ThreadPool'],
];

/** Procedures whose public API is not the one their name suggests (one named table). */
const API_QUIRKS = {
  // The callback-id variants replaced the old register calls on the wire; the API is the same.
  REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY: 'virConnectDomainEventRegisterAny',
  REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY: 'virConnectDomainEventDeregisterAny',
};
function procWords(name) {
  return name
    .split('_')
    .map((w) => w.toLowerCase())
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .map((w) => WORD_FIXUPS.reduce((acc, [re, rep]) => acc.replace(re, rep), w))
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Generation.

const parsed = new Map(); // program key → { prog, defs, types: Map(xdrName → info), consts: Map }

function typeName(prog, xdrName) {
  let base = xdrName.startsWith(prog.prefix) ? xdrName.slice(prog.prefix.length) : xdrName;
  base = /_/.test(base) || /^[a-z]/.test(base) ? pascal(base) : base;
  if (GLOBALS.has(base) || !/^[A-Z]/.test(base)) base = prog.typeNamePrefix + base;
  return base;
}

function enumMemberNames(members) {
  const names = members.map((m) => m.name);
  let common = names[0].split('_');
  for (const n of names) {
    const parts = n.split('_');
    let k = 0;
    while (k < common.length && k < parts.length - 1 && parts[k] === common[k]) k++;
    common = common.slice(0, k);
  }
  return names.map((n) => {
    const rest = n.split('_').slice(common.length);
    const s = rest.map((w) => w[0] + w.slice(1).toLowerCase()).join('');
    return /^\d/.test(s) ? `V${s}` : s;
  });
}

for (const prog of programs) {
  const text = readFileSync(join(src, prog.file), 'utf8');
  const defs = parse(text, prog.file);
  const types = new Map();
  const consts = new Map();
  for (const d of defs) {
    if (d.def === 'const') consts.set(d.name, d);
    else if (d.def === 'enum' && d.name === prog.procEnum) continue;
    else if (d.def === 'enum') {
      types.set(d.name, { def: d, ts: typeName(prog, d.name) });
      d.members.forEach((m) => consts.set(m.name, { def: 'enumMember', name: m.name, value: m.value }));
    } else types.set(d.name, { def: d, ts: typeName(prog, d.name) });
  }
  const tsNames = new Map();
  for (const [x, info] of types) {
    if (tsNames.has(info.ts)) throw new Error(`${prog.file}: ${x} and ${tsNames.get(info.ts)} both map to ${info.ts}`);
    tsNames.set(info.ts, x);
  }
  parsed.set(prog.key, { prog, defs, types, consts });
}

function makeEmitter(progKey) {
  const { prog, types, consts } = parsed.get(progKey);
  const deps = (prog.deps ?? []).map((k) => [k, parsed.get(k)]);
  const imports = new Set();
  const alias = (k) => k[0].toUpperCase() + k.slice(1);

  function resolveConstNum(name, seen = new Set()) {
    if (seen.has(name)) throw new Error(`constant loop at ${name}`);
    seen.add(name);
    const own = consts.get(name);
    if (own) return own.value.num ?? resolveConstNum(own.value.ref, seen);
    for (const [, dep] of deps) {
      const c = dep.consts.get(name);
      if (c) return c.value.num ?? resolveConstNum(c.value.ref, seen);
    }
    if (headerConsts.has(name)) return headerConsts.get(name);
    throw new Error(`${prog.file}: unknown constant ${name}`);
  }
  /** A size or case value as TS source: a local constant by name, anything else as a number. */
  function sizeExpr(v) {
    if (v === null) return '';
    if (v.num !== undefined) return String(v.num);
    const own = consts.get(v.ref);
    if (own && own.def === 'const') return v.ref;
    for (const [k, dep] of deps) {
      const c = dep.consts.get(v.ref);
      if (c && c.def === 'const') {
        imports.add(k);
        return `${alias(k)}.${v.ref}`;
      }
    }
    return String(resolveConstNum(v.ref));
  }
  function lookupType(name) {
    const own = types.get(name);
    if (own) return { info: own, ref: own.ts };
    for (const [k, dep] of deps) {
      const t = dep.types.get(name);
      if (t) {
        imports.add(k);
        return { info: t, ref: `${alias(k)}.${t.ts}` };
      }
    }
    throw new Error(`${prog.file}: unknown type ${name}`);
  }
  const PRIMS = {
    int: ['x.int', 'number'],
    'unsigned int': ['x.uint', 'number'],
    hyper: ['x.hyper', 'bigint'],
    'unsigned hyper': ['x.uhyper', 'bigint'],
    bool: ['x.bool', 'boolean'],
    float: ['x.float', 'number'],
    double: ['x.double', 'number'],
    'unsigned char': ['x.uchar', 'number'],
    'unsigned short': ['x.ushort', 'number'],
    char: ['x.char', 'number'],
  };
  /** [codec expression, TS type] for the base type of a declaration. */
  function base(type) {
    if (PRIMS[type]) return PRIMS[type];
    const { info, ref } = lookupType(type);
    if (info.def.def === 'enum') return ['x.int', ref];
    return [ref, ref];
  }
  function decl(d) {
    switch (d.kind) {
      case 'void':
        return ['x.voidType', 'undefined'];
      case 'plain':
        return base(d.type);
      case 'optional': {
        const [c, t] = base(d.type);
        return [`x.optional(${c})`, `${t} | null`];
      }
      case 'string':
        return [`x.string(${sizeExpr(d.max)})`, 'string'];
      case 'opaque':
        return [`x.opaque(${sizeExpr(d.max)})`, 'Buffer'];
      case 'fixedOpaque':
        return [`x.fixedOpaque(${sizeExpr(d.size)})`, 'Buffer'];
      case 'fixedArray': {
        if (d.type === 'char' || d.type === 'unsigned char') return [`x.charArray(${sizeExpr(d.size)})`, 'string'];
        const [c, t] = base(d.type);
        return [`x.fixedArray(${c}, ${sizeExpr(d.size)})`, `${/\|/.test(t) ? `(${t})` : t}[]`];
      }
      case 'array': {
        if (d.type === 'char') return [`x.charBytes(${sizeExpr(d.max)})`, 'Buffer'];
        const [c, t] = base(d.type);
        return [`x.array(${c}, ${sizeExpr(d.max)})`, `${/\|/.test(t) ? `(${t})` : t}[]`];
      }
      default:
        throw new Error(`bad declaration ${JSON.stringify(d)}`);
    }
  }
  return { decl, sizeExpr, resolveConstNum, imports, alias, lookupType };
}

function header(prog, what) {
  return (
    `// Generated by tools/gen-protocol.mjs from libvirt ${version} (${prog.file}); regenerate: node tools/gen-protocol.mjs /tmp/libvirt-src/libvirt-${version}. DO NOT EDIT.\n` +
    `// ${what}\n`
  );
}

const stats = {};

/**
 * Wire structs replaced by a hand-written codec of an API-level type (one named table): typed
 * parameters travel as the driver's TypedParam, with no wire-shaped copy in between.
 */
const TYPE_OVERRIDES = {
  remote_typed_param: { import: "import * as TP from '../typed-param.js';", ts: "import('../../driver/types.js').TypedParam", codec: 'TP.typedParamCodec(REMOTE_STRING_MAX)' },
  admin_typed_param: { import: "import * as TP from '../typed-param.js';", ts: "import('../../driver/types.js').TypedParam", codec: 'TP.typedParamCodec(ADMIN_STRING_MAX)' },
};

function emitTypes(progKey) {
  const { prog, defs, types } = parsed.get(progKey);
  const em = makeEmitter(progKey);
  const body = [];
  const defined = new Set();
  const extraImports = new Set();
  for (const d of defs) {
    if (d.def === 'const') {
      // Hex stays hex (program numbers read better so); names are resolved to their number.
      const v = d.value.num !== undefined ? d.value.raw : String(em.resolveConstNum(d.value.ref));
      body.push(`export const ${d.name} = ${v};${d.value.ref ? ` // ${d.value.ref}` : ''}`);
      continue;
    }
    if (d.def === 'enum' && d.name === prog.procEnum) continue;
    const info = types.get(d.name);
    const ts = info.ts;
    if (d.def === 'enum') {
      const names = enumMemberNames(d.members);
      body.push(`/** enum ${d.name} */`);
      body.push(`export enum ${ts} {`);
      d.members.forEach((m, i) => body.push(`  ${names[i]} = ${em.resolveConstNum(m.name)},`));
      body.push('}');
    } else if (d.def === 'typedef') {
      let [c, t] = em.decl(d.decl);
      // A typedef's codec is built at load time, so a type it names must already exist.
      if (d.decl.type && types.has(d.decl.type) && !defined.has(d.decl.type) && types.get(d.decl.type).def.def !== 'enum') {
        c = `x.lazy(() => ${c})`;
      }
      body.push(`/** typedef ${d.name} */`);
      body.push(`export type ${ts} = ${t};`);
      body.push(`export const ${ts}: x.Codec<${ts}> = ${c};`);
    } else if (TYPE_OVERRIDES[d.name]) {
      const o = TYPE_OVERRIDES[d.name];
      extraImports.add(o.import);
      body.push(`/** struct ${d.name}, carried as the driver's TypedParam (see src/protocol/typed-param.ts) */`);
      body.push(`export type ${ts} = ${o.ts};`);
      body.push(`export const ${ts}: x.Codec<${ts}> = ${o.codec};`);
    } else if (d.def === 'struct') {
      const seen = new Map();
      const fields = d.fields.map((f) => {
        const prop = camelField(f.name);
        if (seen.has(prop)) throw new Error(`${d.name}: ${f.name} and ${seen.get(prop)} both map to ${prop}`);
        seen.set(prop, f.name);
        const [c, t] = em.decl(f);
        return { prop, c, t, wire: f.name };
      });
      body.push(`/** struct ${d.name} */`);
      if (fields.length === 0) body.push(`export type ${ts} = Record<string, never>;`);
      else {
        body.push(`export interface ${ts} {`);
        for (const f of fields) body.push(`  ${f.prop}: ${f.t};${f.prop !== f.wire ? ` // ${f.wire}` : ''}`);
        body.push('}');
      }
      body.push(`export const ${ts}: x.Codec<${ts}> = x.struct('${d.name}', () => [`);
      for (const f of fields) body.push(`  ['${f.prop}', ${f.c}],`);
      body.push(']);');
    } else if (d.def === 'union') {
      const dprop = camelField(d.disc.name);
      const [dc] = em.decl(d.disc);
      const arm = (a) => {
        if (a.kind === 'void') return { code: 'null', ts: '' };
        const [c, t] = em.decl(a);
        return { code: `['${camelField(a.name)}', ${c}]`, ts: `; ${camelField(a.name)}: ${t}` };
      };
      const variants = [];
      const arms = [];
      for (const a of d.arms) {
        const v = a.value.num ?? em.resolveConstNum(a.value.ref);
        const { code, ts: tsArm } = arm(a.decl);
        variants.push(`{ ${dprop}: ${v}${tsArm} }`);
        arms.push(`    [${em.sizeExpr(a.value)}, ${code}],`);
      }
      let def = '';
      if (d.defaultArm) {
        const { code, ts: tsArm } = arm(d.defaultArm);
        variants.push(`{ ${dprop}: number${tsArm} }`);
        def = `  defaultArm: ${code},\n`;
      }
      body.push(`/** union ${d.name} */`);
      body.push(`export type ${ts} =\n  | ${variants.join('\n  | ')};`);
      body.push(`export const ${ts}: x.Codec<${ts}> = x.union('${d.name}', () => ({`);
      body.push(`  discriminant: '${dprop}',`);
      body.push(`  discriminantCodec: ${dc},`);
      body.push('  arms: [');
      body.push(...arms);
      body.push('  ],');
      if (def) body.push(def.trimEnd());
      body.push('}));');
    }
    defined.add(d.name);
  }
  let out = header(prog, 'Types: one codec per XDR type, the TS type of its values beside it.\n');
  out += `/* eslint-disable */\n`;
  out += `import * as x from '../xdr/types.js';\n`;
  for (const k of [...em.imports].sort()) out += `import * as ${em.alias(k)} from '../${k}/types.generated.js';\n`;
  for (const i of extraImports) out += `${i}\n`;
  out += '\n' + body.join('\n') + '\n';
  stats[progKey] = { types: types.size };
  return out;
}

function emitProcedures(progKey) {
  const { prog, defs, types, consts } = parsed.get(progKey);
  const em = makeEmitter(progKey);
  const procEnum = defs.find((d) => d.def === 'enum' && d.name === prog.procEnum);
  if (!procEnum) return null;

  // Argument, result and event structs are found by name, as gendispatch.pl finds them:
  // <prefix>_<name>_args / _ret / _msg, or <prefix><Name>Args / Ret / Msg; the key ignores case and
  // underscores so that REMOTE_PROC_DOMAIN_GET_INFO meets remote_domain_get_info_args.
  const norm = (s) => s.toLowerCase().replace(/_/g, '');
  const byKey = new Map();
  for (const [xname, info] of types) {
    if (info.def.def !== 'struct' || !xname.startsWith(prog.prefix)) continue;
    const m = /^(?:_)?(.*?)(?:_args|_ret|_msg|Args|Ret|Msg)$/.exec(xname.slice(prog.prefix.length));
    const role = /(?:_args|Args)$/.test(xname) ? 'args' : /(?:_ret|Ret)$/.test(xname) ? 'ret' : /(?:_msg|Msg)$/.test(xname) ? 'msg' : null;
    if (!m || !role) continue;
    const k = norm(m[1]);
    const e = byKey.get(k) ?? { words: m[1] };
    e[role] = info.ts;
    byKey.set(k, e);
  }

  const rows = [];
  const used = new Set();
  const keys = new Set();
  for (const m of procEnum.members) {
    const id = m.value.num ?? em.resolveConstNum(m.value.ref);
    const short = m.name.slice(prog.procPrefix.length);
    const k = norm(short);
    const found = byKey.get(k) ?? {};
    used.add(k);
    // gendispatch.pl takes the name from the struct when there is one (it spells LockSpace where
    // the constant says LOCKSPACE), else from the constant.
    const words = found.words && /[A-Z]/.test(found.words) && !/_/.test(found.words) ? found.words : procWords(found.words ?? short);
    const procName = /_/.test(words) ? procWords(words) : words[0].toUpperCase() + words.slice(1);
    // Driver methods start lower case, and libvirt writes the NWFilter acronym as nwfilter there;
    // the qemu and lxc programs' methods carry the program in their name (domainQemuMonitorCommand),
    // as their public APIs do.
    let methodName = procName;
    if (prog.apiInfix === 'Qemu') methodName = methodName.replace(/^((Connect)?Domain)/, '$1Qemu');
    if (prog.apiInfix === 'Lxc') methodName = methodName.replace(/^Domain/, 'DomainLxc');
    const key = methodName.startsWith('NWFilter') ? `nwfilter${methodName.slice(8)}` : methodName[0].toLowerCase() + methodName.slice(1);
    if (keys.has(key)) throw new Error(`${prog.file}: two procedures map to ${key}`);
    keys.add(key);

    const opts = { acl: [], aclfilter: [] };
    for (const line of (m.doc ?? '').split('\n')) {
      const a = /^\s*\*\s*@(\w+)\s*:\s*([\w:!|]+)\s*$/.exec(line);
      if (!a) continue;
      if (a[1] === 'acl' || a[1] === 'aclfilter') opts[a[1]].push(a[2]);
      else opts[a[1]] = a[2];
    }
    if (prog.key !== 'keepalive' && !opts.generate) throw new Error(`${m.name}: no @generate annotation`);
    let api = null;
    if (prog.apiPrefix) api = prog.apiPrefix + methodName;
    if (API_QUIRKS[m.name]) api = API_QUIRKS[m.name];
    const apiFacts = api ? publicApis.get(api) : undefined;
    let readonly = 'null';
    if (apiFacts?.readonly === 'refused') readonly = `'refused'`;
    else if (apiFacts?.readonly === 'allowed') readonly = `'allowed'`;
    else if (apiFacts?.readonly === 'flags') {
      const flags = apiFacts.flags.map((f) => {
        if (!headerConsts.has(f)) throw new Error(`${api}: unknown flag ${f}`);
        return `${headerConsts.get(f)} /* ${f} */`;
      });
      readonly = `{ refusedWithFlags: ${flags.join(' | ')} }`;
    }
    let stream = 'null';
    if (opts.readstream) stream = `'read'`;
    if (opts.writestream) stream = `'write'`;
    const extra = [];
    if (found.msg) extra.push('event: true');
    if (stream !== 'null') extra.push(`stream: ${stream}`);
    if (opts.aclfilter.length) extra.push(`aclFilter: [${opts.aclfilter.map((a) => `'${a}'`).join(', ')}]`);
    if (opts.sparseflag) extra.push(`sparseFlag: '${opts.sparseflag}'`);
    const fields = [
      id,
      `'${m.name}'`,
      api && apiFacts ? `'${api}'` : 'null',
      found.msg ? `T.${found.msg}` : found.args ? `T.${found.args}` : 'null',
      found.ret ? `T.${found.ret}` : 'null',
      opts.generate ? `'${opts.generate}'` : 'null',
      `'${opts.priority === 'high' ? 'high' : 'low'}'`,
      `[${opts.acl.filter((a) => a !== 'none').map((a) => `'${a}'`).join(', ')}]`,
      readonly,
      ...(extra.length ? [`{ ${extra.join(', ')} }`] : []),
    ];
    rows.push({ key, line: `  ${key}: proc(${fields.join(', ')}),` });
  }
  const unused = [...byKey.keys()].filter((k) => !used.has(k));
  if (unused.length) console.warn(`${prog.file}: structs without a procedure: ${unused.join(', ')}`);

  const progNum = em.resolveConstNum(prog.program);
  const progVers = em.resolveConstNum(prog.version);
  const hasTypes = [...types.keys()].length > 0 || [...consts.keys()].length > 0;
  let out = header(prog, 'Procedure table: one entry per procedure, keyed by driver-method name.\n');
  out += `/* eslint-disable */\n`;
  out += `import type { Program } from '../procedure.js';\n`;
  out += `import { program, proc } from '../procedure.js';\n`;
  if (hasTypes && rows.some((r) => r.line.includes('T.'))) out += `import * as T from './types.generated.js';\n`;
  out += `\n// proc(number, constant, public API, args, ret, @generate, @priority, @acl, read-only rule, extras)\n`;
  out += `export const ${prog.key}Procs = {\n${rows.map((r) => r.line).join('\n')}\n};\n`;
  out += `\n/** The ${prog.key} program: number ${'0x' + progNum.toString(16)}, version ${progVers}, and its procedures by number. */\n`;
  out += `export const ${prog.key}Program: Program<typeof ${prog.key}Procs> = program('${prog.key}', ${'0x' + progNum.toString(16).padStart(8, '0')}, ${progVers}, ${prog.key}Procs);\n`;
  stats[progKey] = { ...stats[progKey], procedures: rows.length };
  return out;
}

function write(rel, text) {
  const p = join(outRoot, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

for (const prog of programs) {
  const hasTypes = parsed.get(prog.key).types.size > 0 || [...parsed.get(prog.key).consts.values()].some((c) => c.def === 'const');
  if (hasTypes) write(`src/protocol/${prog.key}/types.generated.ts`, emitTypes(prog.key));
  const procs = emitProcedures(prog.key);
  if (procs) write(`src/protocol/${prog.key}/procedures.generated.ts`, procs);
}

const ms = (performance.now() - started).toFixed(0);
console.log(
  `libvirt ${version}: ` +
    Object.entries(stats)
      .map(([k, s]) => `${k} ${s.types ?? 0} types${s.procedures !== undefined ? `, ${s.procedures} procedures` : ''}`)
      .join('; ') +
    ` (${ms} ms)`,
);
if (!existsSync(outRoot)) process.exit(1);
