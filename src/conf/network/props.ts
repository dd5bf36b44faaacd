// Attribute and number readers with libvirt's semantics and error texts (virXMLProp*,
// virStrToLong_*, virXPathString's "empty means absent"), shared by the network and storage
// definitions.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { isEl, type XmlEl } from '../xml/parse.js';

const xmlReport = errorsFrom(ErrorDomain.Xml);

/** strtoull/strtoul in base 10 (or 0 = auto), whole string, as virStrToLong_* with a NULL end pointer. */
export function strToULL(s: string, opts: { base?: 0 | 10 | 16; positive?: boolean; max?: bigint } = {}): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(s);
  if (!m) return null;
  const neg = m[1] === '-';
  let body = m[2];
  let base = opts.base ?? 10;
  if (base === 0) {
    if (/^0[xX][0-9a-fA-F]/.test(body)) {
      base = 16;
      body = body.slice(2);
    } else if (/^0/.test(body)) {
      base = 8 as 10;
    } else base = 10;
  } else if (base === 16 && /^0[xX][0-9a-fA-F]/.test(body)) body = body.slice(2);
  const digits = base === 16 ? /^[0-9a-fA-F]+$/ : (base as number) === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) return null;
  const prefix = base === 16 ? '0x' : (base as number) === 8 ? '0o' : '';
  let v = BigInt(prefix + body);
  const max = opts.max ?? 0xffffffffffffffffn;
  if (v > max) return null;
  if (neg) {
    if (opts.positive) return null;
    // strtoull negates modulo 2^64, which the *_ull (non-p) variants accept.
    v = v === 0n ? 0n : 2n ** 64n - v;
    if (v > max) return null;
  }
  return v;
}

/** virStrToLong_uip: an unsigned int, no sign. */
export function strToUInt(s: string, base: 0 | 10 | 16 = 10): number | null {
  const v = strToULL(s, { base, positive: true, max: 0xffffffffn });
  return v === null ? null : Number(v);
}

/** virStrToLong_ui: like strToUInt, but "-1" style values wrap as libvirt's 64-bit build lets them. */
export function strToUIntWrap(s: string, base: 0 | 10 | 16 = 10): number | null {
  const v = strToULL(s, { base });
  if (v === null) return null;
  if (v <= 0xffffffffn) return Number(v);
  // a negative int that strtoul turned into a huge unsigned long is folded back to 32 bits
  if (v >= 2n ** 64n - 2n ** 31n) return Number(v & 0xffffffffn);
  return null;
}

/** virXMLPropString: the attribute as written ("" stays ""), or undefined. */
export function prop(el: XmlEl | undefined, name: string): string | undefined {
  return el?.attrs[name];
}

/** virXPathString("string(./@x)"): an empty value counts as absent. */
export function propNonEmpty(el: XmlEl | undefined, name: string): string | undefined {
  const v = el?.attrs[name];
  return v === '' ? undefined : v;
}

export interface PropFlags {
  required?: boolean;
  nonzero?: boolean;
}

function missing(el: XmlEl, name: string) {
  return xmlReport(ErrorCode.XmlError, `Missing required attribute '${name}' in element '${el.name}'`);
}

/** virXMLPropUInt */
export function propUInt(el: XmlEl | undefined, name: string, flags: PropFlags = {}, base: 0 | 10 | 16 = 10): number | undefined {
  const s = el?.attrs[name];
  if (s === undefined || !el) {
    if (flags.required && el) throw missing(el, name);
    return undefined;
  }
  const v = strToUInt(s, base);
  if (v === null) {
    throw xmlReport(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': '${s}'. Expected non-negative integer value`);
  }
  if (flags.nonzero && v === 0) throw xmlReport(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted`);
  return v;
}

/** virXMLPropULongLong */
export function propULongLong(el: XmlEl | undefined, name: string, flags: PropFlags = {}): bigint | undefined {
  const s = el?.attrs[name];
  if (s === undefined || !el) {
    if (flags.required && el) throw missing(el, name);
    return undefined;
  }
  const v = strToULL(s, { positive: true });
  if (v === null) {
    throw xmlReport(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': '${s}'. Expected non-negative integer value`);
  }
  if (flags.nonzero && v === 0n) throw xmlReport(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted`);
  return v;
}

/** virXMLPropEnum over a list of names (index = libvirt's enum value). */
export function propEnum<T extends string>(el: XmlEl | undefined, name: string, values: readonly T[], flags: PropFlags = {}): T | undefined {
  const s = el?.attrs[name];
  if (s === undefined || !el) {
    if (flags.required && el) throw missing(el, name);
    return undefined;
  }
  const i = values.indexOf(s as T);
  if (i < 0 || (flags.nonzero && i === 0)) {
    throw xmlReport(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': '${s}'.`);
  }
  return values[i];
}

export type Tristate = 'yes' | 'no';
const TRISTATE = ['absent', 'yes', 'no'] as const;

/** virXMLPropTristateBool: yes/no or absent. */
export function propTristate(el: XmlEl | undefined, name: string, flags: PropFlags = {}): Tristate | undefined {
  const v = propEnum(el, name, TRISTATE, { ...flags, nonzero: true });
  return v === 'absent' ? undefined : v;
}

/** virXPathUInt("string(./@x)"): undefined when absent, null when malformed (libvirt's -2). */
export function xpathUInt(el: XmlEl | undefined, name: string): number | undefined | null {
  const s = propNonEmpty(el, name);
  if (s === undefined) return undefined;
  return strToUIntWrap(s);
}

/** Element children in document order. */
export function elements(el: XmlEl | undefined, name?: string): XmlEl[] {
  if (!el) return [];
  const out: XmlEl[] = [];
  for (const c of el.children) if (isEl(c) && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function firstEl(el: XmlEl | undefined, name: string): XmlEl | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (isEl(c) && c.name === name) return c;
  return undefined;
}

/** string(./name[1]) with virXPathString's rule that an empty result is absent. */
export function childTextNonEmpty(el: XmlEl | undefined, name: string): string | undefined {
  const c = firstEl(el, name);
  if (!c) return undefined;
  const t = textContent(c);
  return t === '' ? undefined : t;
}

export function textContent(el: XmlEl): string {
  let s = '';
  for (const c of el.children) {
    if ('text' in c) s += c.text;
    else if ('cdata' in c) s += c.cdata;
    else if (isEl(c)) s += textContent(c);
  }
  return s;
}

/** virXMLCheckIllegalChars */
export function checkIllegalChars(what: string, value: string, illegal: string, domain: ErrorDomain): void {
  for (const ch of value) {
    if (illegal.includes(ch)) throw errorsFrom(domain)(ErrorCode.XmlDetail, `invalid char in ${what}: ${ch}`);
  }
}

// --- <metadata>: kept as a subtree and written back the way libxml2 dumps it ---

/**
 * virXMLNodeSanitizeNamespaces: keep only namespaced children, the first per namespace, so the
 * metadata element can be written back cleanly.
 */
export function sanitizeMetadata(meta: XmlEl): XmlEl {
  const seen = new Set<string>();
  const kids: XmlEl[] = [];
  for (const c of elements(meta)) {
    if (!c.ns || seen.has(c.ns)) continue;
    seen.add(c.ns);
    kids.push(c);
  }
  return { ...meta, children: kids };
}

function escXmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}
function escXmlAttr(s: string): string {
  return escXmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** xmlNodeDump with formatting on, at `indent` levels of two spaces; the result has no trailing newline. */
export function dumpElement(el: XmlEl, indent: number, declareNs = true): string {
  const pad = '  '.repeat(indent);
  const qname = el.prefix ? `${el.prefix}:${el.name}` : el.name;
  let attrs = '';
  if (declareNs && el.ns) attrs += el.prefix ? ` xmlns:${el.prefix}="${escXmlAttr(el.ns)}"` : ` xmlns="${escXmlAttr(el.ns)}"`;
  for (const k of el.attrOrder) attrs += ` ${k}="${escXmlAttr(el.attrs[k])}"`;
  const kids = el.children.filter((c) => !('text' in c) || c.text.trim() !== '' || el.children.every((x) => !isEl(x)));
  if (kids.length === 0) return `${pad}<${qname}${attrs}/>`;
  const onlyEls = kids.every((c) => isEl(c) || 'comment' in c);
  if (!onlyEls) {
    let body = '';
    for (const c of el.children) {
      if ('text' in c) body += escXmlText(c.text);
      else if ('cdata' in c) body += `<![CDATA[${c.cdata}]]>`;
      else if ('comment' in c) body += `<!--${c.comment}-->`;
      else body += dumpElement(c, 0, false);
    }
    return `${pad}<${qname}${attrs}>${body}</${qname}>`;
  }
  const lines = kids.map((c) => (isEl(c) ? dumpElement(c, indent + 1, false) : `${pad}  <!--${(c as { comment: string }).comment}-->`));
  return `${pad}<${qname}${attrs}>\n${lines.join('\n')}\n${pad}</${qname}>`;
}
