// Attribute readers with libvirt's virXMLProp* behaviour and messages (reported in the XML error
// domain, as virxml.c does), and the "string(./path[1])" lookups its parsers make.
import type { XmlEl } from '../xml/parse.js';
import { child, textOf } from '../xml/read.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { strToInt, strToUIntP } from './strtol.js';

const report = errorsFrom(ErrorDomain.Xml);

function missing(el: XmlEl, name: string) {
  return report(ErrorCode.XmlError, `Missing required attribute '${name}' in element '${el.name}'`);
}

/**
 * virXMLPropEnum: the index of the attribute's value in `values`, or `dflt` when it is absent.
 * `nonZero` refuses the first value (libvirt's VIR_XML_PROP_NONZERO, used for "default").
 */
export function propEnum(
  el: XmlEl,
  name: string,
  values: readonly string[],
  opts: { required?: boolean; nonZero?: boolean } = {},
  dflt = 0,
): number {
  const raw = el.attrs[name];
  if (raw === undefined) {
    if (opts.required) throw missing(el, name);
    return dflt;
  }
  const i = values.indexOf(raw);
  if (i < 0 || (opts.nonZero && i === 0)) {
    throw report(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': '${raw}'.`);
  }
  return i;
}

/** virXMLPropUInt (no flags): undefined when absent. */
export function propUInt(el: XmlEl, name: string, base = 10, required = false): number | undefined {
  const raw = el.attrs[name];
  if (raw === undefined) {
    if (required) throw missing(el, name);
    return undefined;
  }
  const v = strToUIntP(raw, base);
  if (v === undefined) {
    throw report(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected non-negative integer value`);
  }
  return v;
}

/** virXMLPropInt (no flags): undefined when absent. */
export function propInt(el: XmlEl, name: string, base = 10, required = false): number | undefined {
  const raw = el.attrs[name];
  if (raw === undefined) {
    if (required) throw missing(el, name);
    return undefined;
  }
  const v = strToInt(raw, base);
  if (v === undefined) {
    throw report(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected integer value`);
  }
  return v;
}

/** virXMLPropTristateBool: 'yes' → true, 'no' → false, absent → undefined. */
export function propYesNo(el: XmlEl, name: string): boolean | undefined {
  const v = propEnum(el, name, ['default', 'yes', 'no'], { nonZero: true });
  if (v === 0) return undefined;
  return v === 1;
}

/**
 * virXPathString("string(./a/b[1])"): the text of the first element along the path, or undefined
 * when there is none or its text is empty (XPath's string() gives "" for both).
 */
export function xpathText(el: XmlEl | undefined, ...names: string[]): string | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  const s = textOf(cur);
  return s === undefined || s === '' ? undefined : s;
}

/** virXPathString("string(./a/@b)") */
export function xpathAttr(el: XmlEl | undefined, names: string[], attr: string): string | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  const s = cur?.attrs[attr];
  return s === undefined || s === '' ? undefined : s;
}
