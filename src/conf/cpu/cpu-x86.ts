// The x86 CPU driver's baseline and feature expansion (libvirt's src/cpu/cpu_x86.c), over the
// model and feature data of libvirt's installed CPU map. A CPU is a set of CPUID leaves and MSR
// values; models and features are such sets, and a baseline is the intersection of the inputs,
// named by the map model that describes it with the fewest explicit features.
import { ErrorCode } from '../../util/error.js';
import { kids } from '../domain/parse-util.js';
import {
  POLICY_DISABLE, POLICY_FORBID, POLICY_FORCE, POLICY_OPTIONAL, POLICY_REQUIRE,
  newGuestCpu, reportCpu, type CpuDef, type FeaturePolicy,
} from './cpu-def.js';
import { loadCpuMap } from './cpu-map-load.js';

/** One CPUID leaf (regs: eax, ebx, ecx, edx) or MSR (regs: eax, edx). */
interface Item {
  /** Sort order as libvirt's: CPUID before MSR, then by leaf/subleaf or index. */
  kind: 1 | 2;
  a: number;
  b: number;
  regs: number[];
}
/** CPU data keyed by leaf/subleaf or MSR index. */
type Data = Map<string, Item>;

const keyOf = (it: Item) => `${it.kind}:${it.a}:${it.b}`;
const isZero = (it: Item) => it.regs.every((r) => r === 0);

function copyData(d: Data): Data {
  const out: Data = new Map();
  for (const [k, it] of d) out.set(k, { ...it, regs: [...it.regs] });
  return out;
}

function addItem(d: Data, it: Item): void {
  const have = d.get(keyOf(it));
  if (have) have.regs = have.regs.map((r, i) => (r | it.regs[i]) >>> 0);
  else d.set(keyOf(it), { ...it, regs: [...it.regs] });
}

function dataAdd(d: Data, other: Data): void {
  for (const it of other.values()) if (!isZero(it)) addItem(d, it);
}

function dataSubtract(d: Data, other: Data): void {
  for (const [k, it] of d) {
    const o = other.get(k);
    if (o && !isZero(it)) it.regs = it.regs.map((r, i) => (r & ~o.regs[i]) >>> 0);
  }
}

function dataIntersect(d: Data, other: Data): void {
  for (const [k, it] of d) {
    const o = other.get(k);
    it.regs = it.regs.map((r, i) => (o ? (r & o.regs[i]) >>> 0 : 0));
  }
}

const dataIsEmpty = (d: Data) => [...d.values()].every(isZero);

/** Every bit of `sub` is set in `d`. */
function dataIsSubset(d: Data, sub: Data): boolean {
  for (const [k, s] of sub) {
    if (isZero(s)) continue;
    const it = d.get(k);
    if (!it || !it.regs.every((r, i) => ((r & s.regs[i]) >>> 0) === s.regs[i])) return false;
  }
  return true;
}

interface Vendor {
  name: string;
  data: Item;
}
interface Feature {
  name: string;
  data: Data;
}
interface Model {
  name: string;
  decodeGuest: boolean;
  vendor?: Vendor;
  data: Data;
  removedFeatures: string[];
}
interface X86Map {
  vendors: Vendor[];
  features: Feature[];
  featureByName: Map<string, Feature>;
  models: Model[];
  modelByName: Map<string, Model>;
}

function mapErr(detail: string) {
  return reportCpu(ErrorCode.InternalError, detail);
}

function uintAttr(v: string | undefined): number {
  if (v === undefined) return 0;
  const s = v.trim();
  return (/^0x/i.test(s) ? parseInt(s.slice(2), 16) : parseInt(s, 10)) >>> 0;
}

/** The vendor string's three little-endian words, as CPUID leaf 0 returns them in ebx, edx, ecx. */
function vendorItem(name: string, s: string): Item {
  if (s.length !== 12) throw mapErr(`Invalid CPU vendor string '${s}'`);
  const b = Buffer.from(s, 'latin1');
  return { kind: 1, a: 0, b: 0, regs: [0, b.readUInt32LE(0), b.readUInt32LE(8), b.readUInt32LE(4)] };
}

let mapPromise: Promise<X86Map> | undefined;

/** virCPUx86GetMap: built once per process, on first use. */
function getMap(): Promise<X86Map> {
  mapPromise ??= buildMap().catch((e) => {
    mapPromise = undefined;
    throw e;
  });
  return mapPromise;
}

async function buildMap(): Promise<X86Map> {
  const entries = await loadCpuMap('x86');
  const map: X86Map = { vendors: [], features: [], featureByName: new Map(), models: [], modelByName: new Map() };
  for (const { name, el } of entries.vendors) {
    if (map.vendors.some((v) => v.name === name)) throw mapErr(`CPU vendor ${name} already defined`);
    const s = el.attrs.string;
    if (!s) throw mapErr(`Missing vendor string for CPU vendor ${name}`);
    map.vendors.push({ name, data: vendorItem(name, s) });
  }
  for (const { name, el } of entries.features) {
    if (map.featureByName.has(name)) throw mapErr(`CPU feature ${name} already defined`);
    const data: Data = new Map();
    for (const c of kids(el)) {
      if (c.name === 'alias') continue;
      const it: Item =
        c.name === 'cpuid'
          ? { kind: 1, a: uintAttr(c.attrs.eax_in), b: uintAttr(c.attrs.ecx_in), regs: [uintAttr(c.attrs.eax), uintAttr(c.attrs.ebx), uintAttr(c.attrs.ecx), uintAttr(c.attrs.edx)] }
          : { kind: 2, a: uintAttr(c.attrs.index), b: 0, regs: [uintAttr(c.attrs.eax), uintAttr(c.attrs.edx)] };
      addItem(data, it);
    }
    const f = { name, data };
    map.features.push(f);
    map.featureByName.set(name, f);
  }
  for (const { name, el } of entries.models) {
    if (map.modelByName.has(name)) throw mapErr(`Multiple definitions of CPU model '${name}'`);
    const decode = kids(el, 'decode')[0];
    if (!decode) throw mapErr(`missing decode element in CPU model ${name}`);
    const model: Model = { name, decodeGuest: decode.attrs.guest === 'on', data: new Map(), removedFeatures: [] };
    const ancestorEl = kids(el, 'model')[0];
    if (ancestorEl) {
      const ancestor = map.modelByName.get(ancestorEl.attrs.name ?? '');
      if (!ancestor) throw mapErr(`Ancestor model ${ancestorEl.attrs.name} not found for CPU model ${name}`);
      model.vendor = ancestor.vendor;
      model.data = copyData(ancestor.data);
    }
    const vendorEl = kids(el, 'vendor')[0];
    if (vendorEl) {
      const v = map.vendors.find((x) => x.name === vendorEl.attrs.name);
      if (!v) throw mapErr(`Unknown vendor ${vendorEl.attrs.name} referenced by CPU model ${name}`);
      model.vendor = v;
    }
    for (const fe of kids(el, 'feature')) {
      const f = map.featureByName.get(fe.attrs.name ?? '');
      if (!f) throw mapErr(`Feature ${fe.attrs.name} required by CPU model ${name} not found`);
      if (fe.attrs.removed === 'yes') model.removedFeatures.push(f.name);
      else dataAdd(model.data, f.data);
    }
    map.models.push(model);
    map.modelByName.set(name, model);
  }
  return map;
}

/** x86ModelFromCPU with every policy: the model's data plus required, minus disabled features. */
function modelFromCpu(cpu: CpuDef, map: X86Map): Model {
  let model: Model;
  if (cpu.model !== undefined) {
    const found = map.modelByName.get(cpu.model);
    if (!found) throw mapErr(`Unknown CPU model ${cpu.model}`);
    model = { ...found, data: copyData(found.data) };
  } else {
    model = { name: '', decodeGuest: false, data: new Map(), removedFeatures: [] };
  }
  for (const f of cpu.features) {
    const policy = f.policy === -1 ? POLICY_REQUIRE : f.policy;
    if (policy === POLICY_OPTIONAL) continue;
    const feature = map.featureByName.get(f.name);
    if (!feature) throw mapErr(`Unknown CPU feature ${f.name}`);
    if (policy === POLICY_FORCE || policy === POLICY_REQUIRE) dataAdd(model.data, feature.data);
    else if (policy === POLICY_DISABLE || policy === POLICY_FORBID) dataSubtract(model.data, feature.data);
  }
  return model;
}

/** x86DataToVendor: the vendor whose string is in leaf 0, whose bits it then clears. */
function takeVendor(d: Data, map: X86Map): Vendor | undefined {
  for (const v of map.vendors) {
    const it = d.get(keyOf(v.data));
    if (it && it.regs.every((r, i) => ((r & v.data.regs[i]) >>> 0) === v.data.regs[i])) {
      it.regs = it.regs.map((r, i) => (r & ~v.data.regs[i]) >>> 0);
      return v;
    }
  }
  return undefined;
}

/** x86DataToCPUFeatures: name every map feature fully present in `d`, removing its bits. */
function featuresFromData(cpu: CpuDef, policy: FeaturePolicy, d: Data, map: X86Map): void {
  for (const f of map.features) {
    if (dataIsSubset(d, f.data)) {
      dataSubtract(d, f.data);
      addFeature(cpu, f.name, policy);
    }
  }
}

function addFeature(cpu: CpuDef, name: string, policy: FeaturePolicy): void {
  if (cpu.features.some((f) => f.name === name)) throw mapErr(`CPU feature '${name}' specified more than once`);
  cpu.features.push({ name, policy: cpu.type === 'host' ? -1 : policy });
}

function addFeatureIfMissing(cpu: CpuDef, name: string, policy: FeaturePolicy): void {
  if (!cpu.features.some((f) => f.name === name)) cpu.features.push({ name, policy });
}

/** x86DataToCPU for a guest CPU: `model` plus the features `d` adds to it and minus those it lacks. */
function dataToCpu(d: Data, model: Model, map: X86Map): CpuDef {
  const cpu = newGuestCpu();
  cpu.model = model.name;
  const extra = copyData(d);
  const missing = copyData(model.data);
  const vendor = takeVendor(extra, map);
  if (vendor) cpu.vendor = vendor.name;
  dataSubtract(extra, missing);
  dataSubtract(missing, d);
  featuresFromData(cpu, POLICY_REQUIRE, extra, map);
  featuresFromData(cpu, POLICY_DISABLE, missing, map);
  for (const name of model.removedFeatures) addFeatureIfMissing(cpu, name, POLICY_DISABLE);
  return cpu;
}

const BASE_PENALTY = 2;

/**
 * Explicit features weighed as libvirt does: each disabled one costs more than the last. libvirt's
 * scan stops at the running count of enabled features, so disabled features near the end of the
 * list may go uncounted; choices depend on that, so it is kept.
 */
function weigh(cpu: CpuDef): { total: number; disabled: number } {
  let enabled = cpu.features.length;
  let disabled = 0;
  let penalty = BASE_PENALTY;
  for (let i = 0; i < enabled; i++) {
    if (cpu.features[i].policy === POLICY_DISABLE) {
      enabled--;
      disabled += penalty;
      penalty++;
    }
  }
  return { total: enabled + disabled, disabled };
}

/**
 * x86DecodeUseCandidate for guest CPUs without a signature: 0 keeps the current choice, 1 takes the
 * candidate, 2 takes it and stops (it is the only model the inputs named).
 */
function useCandidate(current: CpuDef | undefined, candidate: Model, cpuCandidate: CpuDef, preferred: string[]): 0 | 1 | 2 {
  if (!candidate.decodeGuest) return 0;
  const isPreferred = preferred.includes(candidate.name);
  if (isPreferred && preferred.length === 1) return 2;
  if (!current) return 1;
  const cur = weigh(current);
  const cand = weigh(cpuCandidate);
  if (cand.total < cur.total || (cand.total === cur.total && cand.disabled < cur.disabled)) return 1;
  if (isPreferred && cand.disabled < cur.disabled) return 1;
  return 0;
}

/** x86Decode: the newest map model that describes `cpuData` best, preferring the inputs' models. */
function decode(cpu: CpuDef, cpuData: Data, preferred: string[], map: X86Map): void {
  const d = copyData(cpuData);
  const vendor = takeVendor(d, map);
  let best: CpuDef | undefined;
  for (let i = map.models.length - 1; i >= 0; i--) {
    const candidate = map.models[i];
    if (vendor && candidate.vendor && vendor !== candidate.vendor) continue;
    const cpuCandidate = dataToCpu(d, candidate, map);
    const rc = useCandidate(best, candidate, cpuCandidate, preferred);
    if (rc) {
      best = cpuCandidate;
      if (rc === 2) break;
    }
  }
  if (!best) throw mapErr('Cannot find suitable CPU model for given data');
  if (vendor) cpu.vendor = vendor.name;
  cpu.model = best.model;
  cpu.features = best.features;
}

/** virCPUx86Baseline (no hypervisor model list, no feature filter, not migratable). */
export async function x86Baseline(cpus: CpuDef[]): Promise<CpuDef> {
  const map = await getMap();
  const base = modelFromCpu(cpus[0], map);
  const cpu = newGuestCpu();
  let outputVendor = true;
  let vendor: Vendor | undefined;
  if (cpus[0].vendor === undefined) outputVendor = false;
  else if (!(vendor = map.vendors.find((v) => v.name === cpus[0].vendor))) {
    throw reportCpu(ErrorCode.OperationFailed, `Unknown CPU vendor ${cpus[0].vendor}`);
  }
  const names: string[] = [];
  if (cpus[0].model !== undefined) names.push(cpus[0].model);
  for (const c of cpus.slice(1)) {
    if (c.model !== undefined && !names.includes(c.model)) names.push(c.model);
    const model = modelFromCpu(c, map);
    if (c.vendor !== undefined && model.vendor && c.vendor !== model.vendor.name) {
      throw reportCpu(ErrorCode.OperationFailed, `CPU vendor ${model.vendor.name} of model ${model.name} differs from vendor ${c.vendor}`);
    }
    let vn: string | undefined;
    if (c.vendor !== undefined) vn = c.vendor;
    else {
      outputVendor = false;
      vn = model.vendor?.name;
    }
    if (vn !== undefined) {
      if (!vendor) {
        if (!(vendor = map.vendors.find((v) => v.name === vn))) throw reportCpu(ErrorCode.OperationFailed, `Unknown CPU vendor ${vn}`);
      } else if (vendor.name !== vn) {
        throw reportCpu(ErrorCode.OperationFailed, 'CPU vendors do not match');
      }
    }
    dataIntersect(base.data, model.data);
  }
  if (dataIsEmpty(base.data)) throw reportCpu(ErrorCode.OperationFailed, 'CPUs are incompatible');
  if (vendor) addItem(base.data, vendor.data);
  decode(cpu, base.data, names, map);
  if (names.length === 1 && cpu.model === names[0]) cpu.fallback = 'forbid';
  if (!outputVendor) delete cpu.vendor;
  return cpu;
}

/** virCPUx86ExpandFeatures for a guest CPU: every feature of its model listed explicitly. */
export async function x86ExpandFeatures(cpu: CpuDef): Promise<void> {
  const map = await getMap();
  const model = cpu.model === undefined ? undefined : map.modelByName.get(cpu.model);
  if (!model) throw mapErr(`unknown CPU model ${cpu.model}`);
  const expanded: CpuDef = { ...cpu, features: [] };
  featuresFromData(expanded, POLICY_REQUIRE, copyData(model.data), map);
  for (const f of cpu.features) {
    if (f.policy !== POLICY_REQUIRE && f.policy !== POLICY_DISABLE) continue;
    const have = expanded.features.find((x) => x.name === f.name);
    if (have) have.policy = f.policy;
    else expanded.features.push({ ...f });
  }
  for (const name of model.removedFeatures) addFeatureIfMissing(expanded, name, POLICY_DISABLE);
  cpu.features = expanded.features;
}
