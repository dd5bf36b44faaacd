// Attribute and element readers with libvirt's error texts (virXMLProp*, virXPath*, virParseScaledValue
// in src/util/virxml.c). Every failure is a VirError in the domain-conf error domain.
import { ErrorCode, ErrorDomain, errorsFrom, type VirError } from '../../util/error.js';
import { isEl, type XmlEl } from '../xml/parse.js';

export const report = errorsFrom(ErrorDomain.Domain);

export function xmlErr(detail: string): VirError {
  return report(ErrorCode.XmlError, detail);
}
export function unsupported(detail: string): VirError {
  return report(ErrorCode.ConfigUnsupported, detail);
}
export function internal(detail: string): VirError {
  return report(ErrorCode.InternalError, detail);
}

export function kids(el: XmlEl | undefined, name?: string): XmlEl[] {
  if (!el) return [];
  const out: XmlEl[] = [];
  for (const c of el.children) if (isEl(c) && (name === undefined || c.name === name) && c.ns === '') out.push(c);
  return out;
}

export function kid(el: XmlEl | undefined, name: string): XmlEl | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (isEl(c) && c.name === name && c.ns === '') return c;
  return undefined;
}

/** XPath string(): the concatenated text of the element, or undefined when it is absent. */
export function text(el: XmlEl | undefined): string | undefined {
  if (!el) return undefined;
  let s = '';
  for (const c of el.children) {
    if ('text' in c) s += c.text;
    else if ('cdata' in c) s += c.cdata;
    else if (isEl(c)) s += text(c) ?? '';
  }
  return s;
}

/** virXPathString: like text(), but an empty result counts as absent. */
export function str(el: XmlEl | undefined): string | undefined {
  const s = text(el);
  return s === '' ? undefined : s;
}

export function kidText(el: XmlEl | undefined, ...path: string[]): string | undefined {
  let cur = el;
  for (const p of path) cur = kid(cur, p);
  return str(cur);
}

export function attr(el: XmlEl | undefined, name: string): string | undefined {
  return el?.attrs[name];
}

function missing(el: XmlEl, name: string): VirError {
  return xmlErr(`Missing required attribute '${name}' in element '${el.name}'`);
}

/** virXMLPropEnum: value must be one of `values` (and not `none` unless allowed). */
export function attrEnum(el: XmlEl, name: string, values: readonly string[], opts: { required?: boolean; nonZero?: boolean } = {}): string | undefined {
  const v = el.attrs[name];
  if (v === undefined) {
    if (opts.required) throw missing(el, name);
    return undefined;
  }
  if (!values.includes(v) || (opts.nonZero && v === values[0])) {
    throw xmlErr(`Invalid value for attribute '${name}' in element '${el.name}': '${v}'.`);
  }
  return v;
}

/** virXMLPropTristateBool (yes/no) */
export function attrYesNo(el: XmlEl, name: string, required = false): string | undefined {
  return attrEnum(el, name, ['absent', 'yes', 'no'], { required, nonZero: true });
}
/** virXMLPropTristateSwitch (on/off) */
export function attrOnOff(el: XmlEl, name: string, required = false): string | undefined {
  return attrEnum(el, name, ['absent', 'on', 'off'], { required, nonZero: true });
}

const UINT_RE = /^\s*\+?[0-9]+$/;
const INT_RE = /^\s*[+-]?[0-9]+$/;

/** virXMLPropUInt (base 10): non-negative integer within 32 bits. */
export function attrUInt(el: XmlEl, name: string, opts: { required?: boolean; nonZero?: boolean; base?: number } = {}): number | undefined {
  const v = el.attrs[name];
  if (v === undefined) {
    if (opts.required) throw missing(el, name);
    return undefined;
  }
  const n = parseUnsigned(v, opts.base ?? 10);
  if (n === undefined || n > 0xffffffff) {
    throw xmlErr(`Invalid value for attribute '${name}' in element '${el.name}': '${v}'. Expected non-negative integer value`);
  }
  if (opts.nonZero && n === 0) throw xmlErr(`Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted`);
  return n;
}

/** virXMLPropInt */
export function attrInt(el: XmlEl, name: string, opts: { required?: boolean; nonNegative?: boolean } = {}): number | undefined {
  const v = el.attrs[name];
  if (v === undefined) {
    if (opts.required) throw missing(el, name);
    return undefined;
  }
  if (!INT_RE.test(v) || Math.abs(Number(v)) > 0x7fffffff) {
    throw xmlErr(`Invalid value for attribute '${name}' in element '${el.name}': '${v}'. Expected integer value`);
  }
  const n = Number(v);
  if (opts.nonNegative && n < 0) throw xmlErr(`Invalid value for attribute '${name}' in element '${el.name}': '${v}'. Expected non-negative value`);
  return n;
}

/** strtoul-style parse (base 0 accepts 0x and leading-0 octal), undefined when not a whole number. */
export function parseUnsigned(v: string, base = 10): number | undefined {
  const s = v.trim();
  if (base === 16 || (base === 0 && /^\+?0[xX]/.test(s))) {
    const m = /^\+?(?:0[xX])?([0-9a-fA-F]+)$/.exec(s);
    return m ? parseInt(m[1], 16) : undefined;
  }
  if (base === 0 && /^\+?0[0-7]+$/.test(s)) return parseInt(s, 8);
  if (!UINT_RE.test(v)) return undefined;
  return Number(s);
}

export function parseULL(v: string): bigint | undefined {
  if (!UINT_RE.test(v)) return undefined;
  const n = BigInt(v.trim());
  return n <= 0xffffffffffffffffn ? n : undefined;
}

const LLONG_MAX = 0x7fffffffffffffffn;

/** virScaleInteger: `value` in units of `suffix` (default `scale` bytes) → bytes. */
export function scaleInteger(value: bigint, suffix: string | undefined, scale: bigint, limit: bigint): bigint {
  let unit = suffix ?? '';
  let factor = scale;
  if (unit === '') {
    unit = '';
  } else if (/^(b|bytes?)$/i.test(unit)) {
    factor = 1n;
  } else {
    let base: bigint;
    if (unit.length === 1 || unit.slice(1).toLowerCase() === 'ib') base = 1024n;
    else if (unit[1].toLowerCase() === 'b' && unit.length === 2) base = 1000n;
    else throw report(ErrorCode.InvalidArg, `unknown suffix '${unit}'`);
    const power = 'kmgtpe'.indexOf(unit[0].toLowerCase());
    if (power < 0) throw report(ErrorCode.InvalidArg, `unknown suffix '${unit}'`);
    factor = base ** BigInt(power + 1);
  }
  if (value && value > limit / factor) throw report(ErrorCode.Overflow, `value too large: ${value}${unit}`);
  return value * factor;
}

/**
 * virDomainParseMemory: an element holding a size with an optional unit attribute (KiB by default)
 * → KiB, rounded up. `where` is the XPath libvirt names in its messages.
 */
export function parseMemoryEl(el: XmlEl | undefined, where: string, required: boolean): bigint | undefined {
  const raw = str(el);
  if (raw === undefined) {
    if (required) throw xmlErr(`missing element or attribute '${where}'`);
    return undefined;
  }
  const n = parseULL(raw);
  if (n === undefined) throw xmlErr(`Invalid value '${raw}' for element or attribute '${where}'`);
  const bytes = scaleInteger(n, el!.attrs.unit, 1024n, LLONG_MAX);
  const kib = (bytes + 1023n) / 1024n;
  if (kib >= (LLONG_MAX + 1023n) / 1024n) throw report(ErrorCode.Overflow, 'size value too large');
  return kib;
}

/** Canonical lowercase UUID text, or undefined when malformed (virUUIDParse accepts dashes anywhere between byte pairs). */
export function parseUuid(s: string): string | undefined {
  const hex = s.trim().replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function randomUuid(): string {
  return crypto.randomUUID();
}
