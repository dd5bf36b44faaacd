// Small helpers for walking a parsed XmlEl tree (the XPath-ish lookups libvirt's parsers make).
import { isEl, type XmlEl } from './parse.js';

export function children(el: XmlEl, name?: string): XmlEl[] {
  const out: XmlEl[] = [];
  for (const c of el.children) if (isEl(c) && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function child(el: XmlEl | undefined, name: string): XmlEl | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (isEl(c) && c.name === name) return c;
  return undefined;
}

/** Follow a path of element names: path(dom, 'os', 'type'). */
export function path(el: XmlEl | undefined, ...names: string[]): XmlEl | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** The element's text content, concatenated (as xmlNodeGetContent). */
export function textOf(el: XmlEl | undefined): string | undefined {
  if (!el) return undefined;
  let s = '';
  for (const c of el.children) {
    if ('text' in c) s += c.text;
    else if ('cdata' in c) s += c.cdata;
    else if (isEl(c)) s += textOf(c) ?? '';
  }
  return s;
}

export function childText(el: XmlEl | undefined, ...names: string[]): string | undefined {
  return textOf(path(el, ...names));
}

export function attr(el: XmlEl | undefined, name: string): string | undefined {
  return el?.attrs[name];
}
