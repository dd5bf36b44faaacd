// A CPU definition (libvirt's virCPUDef, src/conf/cpu_conf.c) as far as computing a baseline needs
// it: reading host-type <cpu> elements, and writing the guest-type CPU a baseline produces.
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../../util/error.js';
import { attrEnum, attrInt, attrOnOff, attrUInt, kid, kids, str } from '../domain/parse-util.js';
import { parseXml, type XmlEl } from '../xml/parse.js';
import { escapeAttr, escapeText } from '../xml/writer.js';

export const reportCpu = errorsFrom(ErrorDomain.Cpu);

/** virCPUFeaturePolicy; -1 is a host CPU's feature, which has no policy. */
export type FeaturePolicy = -1 | 0 | 1 | 2 | 3 | 4;
export const POLICY_FORCE = 0;
export const POLICY_REQUIRE = 1;
export const POLICY_OPTIONAL = 2;
export const POLICY_DISABLE = 3;
export const POLICY_FORBID = 4;
const POLICY_NAMES = ['force', 'require', 'optional', 'disable', 'forbid'] as const;

export interface CpuFeature {
  name: string;
  policy: FeaturePolicy;
}

export interface CpuDef {
  type: 'host' | 'guest';
  arch?: string;
  model?: string;
  vendor?: string;
  /** virCPUFallback: guest CPUs only. */
  fallback: 'allow' | 'forbid';
  features: CpuFeature[];
}

export function newGuestCpu(): CpuDef {
  return { type: 'guest', fallback: 'allow', features: [] };
}

/** The shared attribute readers report in the domain-conf domain; cpu_conf.c reports in VIR_FROM_CPU. */
function inCpuDomain<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof VirError && e.domain !== ErrorDomain.Cpu) {
      throw new VirError({ code: e.code, domain: ErrorDomain.Cpu, message: e.message, level: e.level, str1: e.str1, str2: e.str2, str3: e.str3, int1: e.int1, int2: e.int2 });
    }
    throw e;
  }
}

/**
 * virCPUDefListParse with VIR_CPU_TYPE_HOST: each string is parsed on its own (as libvirt's
 * "(CPU_definition)" document) and must hold a host CPU: an <arch>, a <model>, features without policy.
 */
export async function parseHostCpuList(xmlCPUs: readonly string[], knownArch: (a: string) => boolean): Promise<CpuDef[]> {
  if (xmlCPUs.length === 0) throw reportCpu(ErrorCode.InvalidArg, 'no CPUs given');
  const out: CpuDef[] = [];
  for (const xml of xmlCPUs) {
    const root = await parseXml(xml, '(CPU_definition)', ErrorDomain.Cpu);
    out.push(inCpuDomain(() => parseHostCpu(root, knownArch)));
  }
  return out;
}

const CACHE_MODES = ['emulate', 'passthrough', 'disable'] as const;
const MAXPHYSADDR_MODES = ['emulate', 'passthrough'] as const;

function parseHostCpu(el: XmlEl, knownArch: (a: string) => boolean): CpuDef {
  if (el.name !== 'cpu') throw reportCpu(ErrorCode.XmlError, "XML does not contain expected 'cpu' element");
  if (el.attrs.mode !== undefined) throw reportCpu(ErrorCode.ConfigUnsupported, 'Attribute mode is only allowed for guest CPU');
  // A host CPU has no mode, so any well-formed migratable attribute is misplaced.
  if (attrOnOff(el, 'migratable') !== undefined) {
    throw reportCpu(ErrorCode.ConfigUnsupported, "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
  }
  const arch = str(kid(el, 'arch'));
  if (arch === undefined) throw reportCpu(ErrorCode.XmlError, 'Missing CPU architecture');
  if (!knownArch(arch)) throw reportCpu(ErrorCode.ConfigUnsupported, `Unknown architecture ${arch}`);

  const microcode = kid(el, 'microcode');
  if (microcode?.attrs.version !== undefined && !/^\s*[0-9]+$/.test(microcode.attrs.version)) {
    throw reportCpu(ErrorCode.ConfigUnsupported, 'invalid microcode version');
  }
  const signature = kid(el, 'signature');
  if (signature) {
    attrUInt(signature, 'family', { required: true, nonZero: true });
    attrUInt(signature, 'model', { required: true });
    attrUInt(signature, 'stepping', { required: true });
  }
  const counter = kids(el, 'counter').find((c) => c.attrs.name === 'tsc');
  if (counter) {
    const f = counter.attrs.frequency;
    if (f === undefined) throw reportCpu(ErrorCode.XmlError, "Missing required attribute 'frequency' in element 'counter'");
    if (!/^\s*\+?[0-9]+$/.test(f) || BigInt(f.trim()) > 0xffffffffffffffffn) {
      throw reportCpu(ErrorCode.XmlError, `Invalid value for attribute 'frequency' in element 'counter': '${f}'. Expected non-negative integer value`);
    }
    attrEnum(counter, 'scaling', ['absent', 'yes', 'no'], { nonZero: true });
  }

  const model = str(kid(el, 'model'));
  if (model === undefined) throw reportCpu(ErrorCode.XmlError, 'Missing CPU model name');
  const vendor = str(kid(el, 'vendor'));

  const topology = kid(el, 'topology');
  if (topology) {
    attrUInt(topology, 'sockets', { required: true, nonZero: true });
    attrUInt(topology, 'dies', { nonZero: true });
    attrUInt(topology, 'cores', { required: true, nonZero: true });
    attrUInt(topology, 'threads', { required: true, nonZero: true });
  }

  const features: CpuFeature[] = [];
  for (const f of kids(el, 'feature')) {
    const name = f.attrs.name;
    if (!name) throw reportCpu(ErrorCode.XmlError, 'Invalid CPU feature name');
    if (features.some((x) => x.name === name)) throw reportCpu(ErrorCode.XmlError, `CPU feature '${name}' specified more than once`);
    features.push({ name, policy: -1 });
  }

  const caches = kids(el, 'cache');
  if (caches.length > 1) throw reportCpu(ErrorCode.XmlError, 'at most one CPU cache element may be specified');
  if (caches.length === 1) {
    const level = attrInt(caches[0], 'level', { nonNegative: true });
    if (level !== undefined && (level < 1 || level > 3)) throw reportCpu(ErrorCode.XmlError, 'invalid CPU cache level, must be in range [1,3]');
    attrEnum(caches[0], 'mode', CACHE_MODES, { required: true });
  }
  const maxphysaddr = kid(el, 'maxphysaddr');
  if (maxphysaddr) {
    attrEnum(maxphysaddr, 'mode', MAXPHYSADDR_MODES, { required: true });
    attrInt(maxphysaddr, 'bits', { nonNegative: true });
  }

  return { type: 'host', arch, model, vendor, fallback: 'allow', features };
}

/**
 * virCPUDefFormat for the guest CPUs a baseline yields: mode='custom' match='exact', the model with
 * its fallback, the vendor, and each feature with its policy.
 */
export function formatGuestCpu(cpu: CpuDef): string {
  let body = '';
  if (cpu.model !== undefined) body += `  <model fallback='${cpu.fallback}'>${escapeText(cpu.model).replace(/'/g, '&apos;').replace(/"/g, '&quot;')}</model>\n`;
  if (cpu.vendor !== undefined) body += `  <vendor>${escapeAttr(cpu.vendor)}</vendor>\n`;
  for (const f of cpu.features) {
    // libvirt prints feature names unescaped: they come from its own CPU map.
    body += `  <feature policy='${POLICY_NAMES[f.policy as number] ?? 'require'}' name='${f.name}'/>\n`;
  }
  const open = "<cpu mode='custom' match='exact'";
  return body ? `${open}>\n${body}</cpu>\n` : `${open}/>\n`;
}
