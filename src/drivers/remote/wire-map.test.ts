// The wire mapping against every procedure of the remote table and against the driver
// interfaces as declared in src/driver/*.ts (read as text: TypeScript interfaces leave nothing at
// run time). Each procedure with a public API must map, by the rules or by a named quirk, or be
// listed as unsupported with a reason; each rule-mapped call must fit the driver method's
// declared parameters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import type { ProcDef } from '../../protocol/procedure.js';
import { XdrReader, XdrWriter } from '../../protocol/xdr/index.js';
import { HAND_WRITTEN, QUIRKS, UNSUPPORTED, apiProcedureKeys, kindOf, uuidBytes, uuidText, wireMapping, wireRoute, type DriverKind } from './wire-map.js';
import { structFieldNames, structShape, type Shape } from './wire-shape.js';
import { ErrorCode, type VirError } from '../../util/error.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

interface Method {
  params: { name: string; type: string }[];
  ret: string;
}

const IFACES: Record<DriverKind, [string, string]> = {
  hypervisor: ['hypervisor.ts', 'HypervisorDriver'],
  network: ['network.ts', 'NetworkDriver'],
  storage: ['storage.ts', 'StorageDriver'],
  interface: ['interface.ts', 'InterfaceDriver'],
  nodeDevice: ['node-device.ts', 'NodeDeviceDriver'],
  secret: ['secret.ts', 'SecretDriver'],
  nwfilter: ['nwfilter.ts', 'NWFilterDriver'],
};

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ('<({['.includes(ch)) depth++;
    if ('>)}]'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Driver methods as declared: `name?(a: T, b: U): Promise<R>;` lines of each interface. */
function readInterfaces(): Record<DriverKind, Map<string, Method>> {
  const out = {} as Record<DriverKind, Map<string, Method>>;
  for (const [kind, [file, name]] of Object.entries(IFACES) as [DriverKind, [string, string]][]) {
    const text = readFileSync(join(ROOT, 'src', 'driver', file), 'utf8');
    const start = text.indexOf(`export interface ${name} {`);
    assert.ok(start >= 0, `${file} declares ${name}`);
    const body = text.slice(start, text.indexOf('\n}\n', start));
    const methods = new Map<string, Method>();
    for (const m of body.matchAll(/^\s+(\w+)\?\((.*)\): Promise<(.*)>;\s*$/gm)) {
      methods.set(m[1]!, {
        params: splitTop(m[2]!).map((p) => ({ name: p.slice(0, p.indexOf(':')).trim(), type: p.slice(p.indexOf(':') + 1).trim() })),
        ret: m[3]!,
      });
    }
    out[kind] = methods;
  }
  return out;
}

const REF_TYPES: Record<string, string[]> = {
  'name,uuid,id': ['DomainRef'],
  'name,uuid': ['NetworkRef', 'StoragePoolRef', 'NWFilterRef'],
  'net,uuid': ['NetworkPortRef'],
  'pool,name,key': ['StorageVolRef'],
  'name,mac': ['InterfaceRef'],
  name: ['NodeDeviceRef'],
  'uuid,usageType,usageID': ['SecretRef'],
  'name,dom': ['DomainSnapshotRef', 'DomainCheckpointRef'],
  'portdev,filtername': ['NWFilterBindingRef'],
};

/** The TypeScript types a wire field may be declared as on the driver side. */
function tsTypes(s: Shape, boolish: boolean): string[] {
  switch (s.k) {
    case 'int':
    case 'uint':
    case 'double':
      return boolish ? ['boolean'] : ['number'];
    case 'hyper':
    case 'uhyper':
      return ['bigint'];
    case 'bool':
      return ['boolean'];
    case 'string':
    case 'charArray':
    case 'charBytes':
      return ['string'];
    case 'opaque':
      return ['Uint8Array', 'string'];
    case 'typedParam':
      return ['TypedParam'];
    case 'optional':
      return tsTypes(s.of, boolish).map((t) => `${t} | null`);
    case 'array':
      return tsTypes(s.of, boolish).map((t) => `${t}[]`);
    case 'struct':
      return REF_TYPES[s.fields.map(([n]) => n).join(',')] ?? [`{${s.fields.map(([n]) => n).join(',')}}`];
  }
}

const ifaces = readInterfaces();

/** Field names of the driver's value types (interfaces in src/driver/*.ts), by type name. */
const valueTypes = new Map<string, string[]>();
for (const file of ['types.ts', 'network.ts', 'storage.ts', 'nwfilter.ts', 'refs.ts']) {
  const text = readFileSync(join(ROOT, 'src', 'driver', file), 'utf8');
  for (const m of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    valueTypes.set(m[1]!, [...m[2]!.matchAll(/^  (\w+)\??:/gm)].map((x) => x[1]!));
  }
}

/** Whether a declared type (a name or an inline object) has the struct's field names. */
function sameFields(declared: string, s: Shape): boolean {
  if (s.k !== 'struct') return false;
  const names = declared.startsWith('{') ? [...declared.matchAll(/(\w+)\??:/g)].map((x) => x[1]!) : valueTypes.get(declared);
  if (!names) return false;
  const sig = s.fields.map(([n]) => n).join(',');
  const renames: Record<string, string> = sig === 'net,uuid' ? { net: 'network' } : sig === 'name,dom' ? { dom: 'domain' } : {};
  const wire = s.fields.map(([n]) => renames[n] ?? n);
  return names.length === wire.length && names.every((n) => wire.includes(n));
}
const keys = apiProcedureKeys();

describe('wire map', () => {
  it('reads the layout of every argument, result and event struct in the remote table', () => {
    for (const [k, p] of Object.entries(remoteProcs as Record<string, ProcDef>)) {
      for (const c of [p.args, p.ret]) if (c) assert.doesNotThrow(() => structShape(c), k);
    }
  });

  it('maps every procedure with a public API, or lists it as unsupported with a reason', () => {
    let auto = 0;
    let quirk = 0;
    for (const k of keys) {
      const m = wireMapping(k);
      const reason = (UNSUPPORTED as Record<string, string>)[k] ?? (HAND_WRITTEN as Record<string, string>)[k];
      if (reason !== undefined) {
        assert.equal(m, null, k);
        assert.ok(reason.length > 10, `${k}: a reason`);
        continue;
      }
      assert.ok(m, `${k} maps`);
      if (m.quirk) quirk++;
      else auto++;
    }
    console.log(
      `wire map: ${keys.length} procedures with a public API: ${auto} by the rules, ${quirk} by quirk, ` +
        `${Object.keys(HAND_WRITTEN).length} hand-written, ${Object.keys(UNSUPPORTED).length} unsupported`,
    );
  });

  it('routes each procedure without building its mapping to where its mapping goes (the remote driver lays out its methods from the routes)', () => {
    for (const k of keys) {
      const m = wireMapping(k);
      const r = wireRoute(k);
      assert.deepEqual(r, m && { kind: m.kind, method: m.method }, k);
    }
  });

  it('tells field names from one decode, as the full layout does', () => {
    for (const [k, p] of Object.entries(remoteProcs as Record<string, ProcDef>)) {
      for (const c of [p.args, p.ret]) if (c) assert.deepEqual(structFieldNames(c), structShape(c).fields.map(([n]) => n), k);
    }
  });

  it('puts each driver method in the kind libvirt declares it in', () => {
    const facts = JSON.parse(readFileSync(join(ROOT, 'tools', 'data', 'libvirt-9.0-drivers.json'), 'utf8')) as { kinds: Record<string, { field: string }[]> };
    const ours: Record<string, DriverKind> = { hypervisor: 'hypervisor', network: 'network', storage: 'storage', interface: 'interface', nodedev: 'nodeDevice', nodeDevice: 'nodeDevice', secret: 'secret', nwfilter: 'nwfilter' };
    let checked = 0;
    for (const [kind, fields] of Object.entries(facts.kinds)) {
      const want = ours[kind];
      if (!want) continue;
      for (const { field } of fields) {
        const m = wireMapping(field);
        if (!m || m.method !== field) continue;
        assert.equal(m.kind, want, `${field} belongs to the ${kind} driver`);
        checked++;
      }
    }
    assert.ok(checked > 300, `checked ${checked}`);
  });

  it('calls each declared driver method with the parameters it declares', () => {
    const problems: string[] = [];
    for (const k of keys) {
      const m = wireMapping(k);
      if (!m) continue;
      const decl = ifaces[m.kind].get(m.method);
      // Not declared yet: the mapping stands ready for when the area adds the method.
      if (!decl) continue;
      const q = (QUIRKS as Record<string, { toDriverArgs?: unknown; append?: unknown[] }>)[k];
      if (q?.toDriverArgs) continue;
      const shape = m.proc.args ? structShape(m.proc.args) : { k: 'struct' as const, fields: [] };
      const fields = shape.fields.filter(([n]) => n !== 'needResults');
      const nWire = fields.length + (q?.append?.length ?? 0);
      if (nWire !== decl.params.length) {
        problems.push(`${k} → ${m.method}: wire gives ${nWire} arguments (${fields.map(([n]) => n).join(', ')}), driver declares ${decl.params.length} (${decl.params.map((p) => p.name).join(', ')})`);
        continue;
      }
      fields.forEach(([n, s], i) => {
        const declared = decl.params[i]!.type;
        const allowed = tsTypes(s, n === 'autostart');
        // Node devices travel by name.
        if (i === 0 && n === 'name' && /^nodeDevice/.test(m.method) && !/LookupBy|CreateXML|DefineXML/.test(m.method)) allowed.splice(0, allowed.length, 'NodeDeviceRef');
        // A nullable wire string where the driver takes a string: the public API refuses null
        // before calling, as libvirt's does, so a driver never sees it from a library caller.
        if (s.k === 'optional' && s.of.k === 'string') allowed.push('string');
        if (!allowed.includes(declared)) problems.push(`${k} → ${m.method}: argument ${i + 1} (${n}) is ${allowed.join(' or ')} on the wire, ${declared} in the driver`);
      });
    }
    assert.deepEqual(problems, []);
  });

  it('gives each declared driver method its answer in the type it declares', () => {
    const problems: string[] = [];
    for (const k of keys) {
      const m = wireMapping(k);
      if (!m || !m.proc.ret) continue;
      const decl = ifaces[m.kind].get(m.method);
      const q = (QUIRKS as Record<string, { toWireRet?: unknown; method?: string }>)[k];
      if (!decl || q?.toWireRet || q?.method) continue;
      if ((QUIRKS as Record<string, { fromWireRet?: unknown }>)[k]?.fromWireRet) continue;
      const f = structShape(m.proc.ret).fields;
      const predicate = /^[a-z]\w*?(Is|Has)[A-Z]|(Get|Set)Autostart$|^connectSupportsFeature$/.test(m.method);
      let ok: boolean;
      let want: string;
      if (f.length === 1) {
        const allowed = tsTypes(f[0]![1], predicate);
        if (f[0]![1].k === 'optional' && f[0]![1].of.k === 'string') allowed.push('string');
        ok = allowed.includes(decl.ret) || sameFields(decl.ret, f[0]![1]) || allowed.some((a) => a.endsWith('[]') && sameFields(decl.ret.replace(/\[\]$/, ''), (f[0]![1] as { of: Shape }).of));
        want = allowed.join(' or ');
      } else if (f.length === 2 && f[0]![1].k === 'array' && f[1]![0] === 'ret') {
        const el = f[0]![1].of;
        const allowed = tsTypes(el, false).map((t) => `${t}[]`);
        ok = allowed.includes(decl.ret) || (decl.ret.endsWith('[]') && sameFields(decl.ret.slice(0, -2), el));
        want = allowed.join(' or ');
      } else {
        ok = sameFields(decl.ret, structShape(m.proc.ret));
        want = `{${f.map(([n]) => n).join(', ')}}`;
      }
      if (!ok) problems.push(`${k} → ${m.method}: the reply gives ${want}, the driver declares ${decl.ret}`);
    }
    assert.deepEqual(problems, []);
  });

  it('derives kinds from names', () => {
    assert.equal(kindOf('connectListAllNetworks'), 'network');
    assert.equal(kindOf('connectListAllNWFilters'), 'nwfilter');
    assert.equal(kindOf('connectFindStoragePoolSources'), 'storage');
    assert.equal(kindOf('nodeListDevices'), 'nodeDevice');
    assert.equal(kindOf('nodeGetInfo'), 'hypervisor');
    assert.equal(kindOf('connectSecretEventRegisterAny'), 'secret');
    assert.equal(wireMapping('nodeDeviceDettach')!.kind, 'hypervisor');
  });

  it('turns refs into canonical UUID text and back', () => {
    const m = wireMapping('domainGetInfo')!;
    const uuid = '6695eb01-f6a4-8304-79aa-97f2502e193f';
    const wire = { dom: { name: 'test', uuid: uuidBytes(uuid), id: 1 } };
    assert.deepEqual(m.toDriverArgs(wire), [{ name: 'test', uuid, id: 1 }]);
    assert.deepEqual(m.toWireArgs([{ name: 'test', uuid, id: 1 }]), wire);
    assert.equal(uuidText(uuidBytes(uuid)), uuid);
  });

  it('round-trips a call and a reply through the codecs', () => {
    const m = wireMapping('domainGetInfo')!;
    const info = { state: 1, maxMem: 8388608n, memory: 2097152n, nrVirtCpu: 2, cpuTime: 5n };
    const w = new XdrWriter(64);
    m.proc.ret!.encode(w, m.toWireRet(info, undefined));
    assert.deepEqual(m.fromWireRet(m.proc.ret!.decode(new XdrReader(w.finish())), []), info);
  });

  it('gives lists as lists, counts on the wire, and honours needResults', () => {
    const m = wireMapping('connectListAllDomains')!;
    assert.deepEqual(m.toWireArgs([3]), { needResults: 1, flags: 3 });
    assert.deepEqual(m.toDriverArgs({ needResults: 1, flags: 3 }), [3]);
    const refs = [{ name: 'a', uuid: '00000000-0000-0000-0000-000000000001', id: -1 }];
    const ret = m.toWireRet(refs, { needResults: 1, flags: 0 }) as { domains: unknown[]; ret: number };
    assert.equal(ret.ret, 1);
    assert.deepEqual(m.fromWireRet(ret, [0]), refs);
    assert.deepEqual(m.toWireRet(refs, { needResults: 0, flags: 0 }), { domains: [], ret: 1 });
  });

  it('sends predicates as ints and gives booleans to drivers', () => {
    const m = wireMapping('domainIsActive')!;
    assert.deepEqual(m.toWireRet(true, undefined), { active: 1 });
    assert.equal(m.fromWireRet({ active: 0 }, []), false);
    const set = wireMapping('networkSetAutostart')!;
    const net = { name: 'default', uuid: '00000000-0000-0000-0000-000000000001' };
    assert.deepEqual((set.toWireArgs([net, true]) as { autostart: number }).autostart, 1);
    assert.deepEqual(set.toDriverArgs({ net: { name: 'default', uuid: uuidBytes(net.uuid) }, autostart: 1 }), [net, true]);
  });

  it('sends flags built with 1 << 31 as the unsigned value C would', () => {
    const m = wireMapping('connectGetAllDomainStats')!;
    const wire = m.toWireArgs([null, 0, (1 << 31) | 1]) as { flags: number };
    assert.equal(wire.flags, 0x80000001);
    const w = new XdrWriter(64);
    assert.doesNotThrow(() => m.proc.args!.encode(w, wire));
    assert.equal((m.proc.args!.decode(new XdrReader(w.finish())) as { flags: number }).flags, 0x80000001);
    assert.equal((wireMapping('domainGetXMLDesc')!.toWireArgs([{ name: 'a', uuid: '00000000-0000-0000-0000-000000000001', id: 1 }, -1]) as { flags: number }).flags, 0xffffffff);
  });

  it('carries security labels as C strings', () => {
    const m = wireMapping('domainGetSecurityLabel')!;
    const wire = m.toWireRet({ label: 'x', enforcing: true }, undefined) as { label: Buffer; enforcing: number };
    assert.deepEqual([...wire.label], [120, 0]);
    assert.equal(wire.enforcing, 1);
    assert.deepEqual(m.fromWireRet(wire, []), { label: 'x', enforcing: true });
  });

  it('passes node devices by name, and lookups a plain name', () => {
    assert.deepEqual(wireMapping('nodeDeviceLookupByName')!.toDriverArgs({ name: 'computer' }), ['computer']);
    assert.deepEqual(wireMapping('nodeDeviceGetXMLDesc')!.toDriverArgs({ name: 'computer', flags: 0 }), [{ name: 'computer' }, 0]);
    assert.deepEqual(wireMapping('nodeDeviceGetXMLDesc')!.toWireArgs([{ name: 'computer' }, 0]), { name: 'computer', flags: 0 });
  });

  it('carries "no block job" as found 0 and gives drivers null', () => {
    const m = wireMapping('domainGetBlockJobInfo')!;
    const roundTrip = (v: unknown) => {
      const w = new XdrWriter(64);
      m.proc.ret!.encode(w, m.toWireRet(v, undefined));
      return { wire: m.proc.ret!.decode(new XdrReader(w.finish())) as { found: number }, back: m.fromWireRet(m.proc.ret!.decode(new XdrReader(w.finish())), []) };
    };
    const none = roundTrip(null);
    assert.equal(none.wire.found, 0);
    assert.equal(none.back, null);
    const job = { type: 2, bandwidth: 5n, cur: 10n, end: 100n };
    const some = roundTrip(job);
    assert.equal(some.wire.found, 1);
    assert.deepEqual(some.back, job);
  });

  it('sends every job counter, zero where the driver gives none, and keeps a daemon\'s', () => {
    const m = wireMapping('domainGetJobInfo')!;
    const w = new XdrWriter(128);
    m.proc.ret!.encode(w, m.toWireRet({ type: 0 }, undefined));
    const back = m.fromWireRet(m.proc.ret!.decode(new XdrReader(w.finish())), []) as Record<string, unknown>;
    assert.equal(back.type, 0);
    assert.equal(back.timeElapsed, 0n);
    assert.equal(Object.keys(back).length, 12);
    const full = { ...back, type: 1, dataTotal: 1234n };
    const w2 = new XdrWriter(128);
    m.proc.ret!.encode(w2, m.toWireRet(full, undefined));
    assert.deepEqual(m.fromWireRet(m.proc.ret!.decode(new XdrReader(w2.finish())), []), full);
  });

  it('answers the agent timeout\'s status word for drivers, which return nothing', () => {
    const m = wireMapping('domainAgentSetResponseTimeout')!;
    assert.deepEqual(m.toWireRet(undefined, undefined), { result: 0 });
    assert.equal(m.fromWireRet({ result: 0 }, []), undefined);
  });

  it('hands drivers no descriptors and answers "not supported" when asked to send any: they cannot cross a Node socket', () => {
    const dom = { name: 'test', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', id: 1 };
    const wireDom = { name: 'test', uuid: uuidBytes(dom.uuid), id: 1 };
    assert.deepEqual(wireMapping('domainFDAssociate')!.toDriverArgs({ dom: wireDom, name: 'x', flags: 0 }), [dom, 'x', [], 0]);
    assert.deepEqual(wireMapping('domainCreateWithFiles')!.toDriverArgs({ dom: wireDom, flags: 0 }), [dom, [], 0]);
    assert.deepEqual(wireMapping('domainCreateXMLWithFiles')!.toDriverArgs({ xmlDesc: '<domain/>', flags: 1 }), ['<domain/>', [], 1]);
    assert.deepEqual(wireMapping('domainCreateWithFiles')!.toWireArgs([dom, [], 0]), { dom: wireDom, flags: 0 });
    assert.deepEqual(wireMapping('domainCreateXMLWithFiles')!.toWireArgs(['<domain/>', [], 1]), { xmlDesc: '<domain/>', flags: 1 });
    for (const [k, args] of [
      ['domainFDAssociate', [dom, 'x', [0], 0]],
      ['domainCreateWithFiles', [dom, [0], 0]],
      ['domainCreateXMLWithFiles', ['<domain/>', [0], 0]],
    ] as const) {
      const api = wireMapping(k)!.api;
      assert.throws(() => wireMapping(k)!.toWireArgs(args), (e: VirError) => e.code === ErrorCode.NoSupport && e.message === `this function is not supported by the connection driver: ${api}`, k);
    }
  });

  it('routes flag-less calls to their own driver methods, as libvirt\'s public API calls them', () => {
    const m = wireMapping('domainUndefine')!;
    assert.equal(m.method, 'domainUndefine');
    assert.equal(m.toDriverArgs({ dom: { name: 'a', uuid: Buffer.alloc(16), id: -1 } }).length, 1);
  });
});
