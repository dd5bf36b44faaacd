// Output helpers shared by the domain formatters: libvirt's text escaping (virBufferEscapeString,
// which also escapes quotes and drops control characters) and libxml2's re-serialisation of
// foreign XML kept verbatim (<metadata> children, test-driver snapshot nodes).
import { isEl, type XmlEl } from '../xml/parse.js';
import type { XmlWriter } from '../xml/writer.js';

const ESC: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** virBufferEscapeString: markup and quotes escaped, other control characters silently dropped. */
export function escapeLibvirt(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[<>&"']|[\x01-\x08\x0b\x0c\x0e-\x19]/g, (c) => ESC[c] ?? '');
}

/** <name>text</name> with libvirt's escaping; nothing when the value is undefined. */
export function textElement(w: XmlWriter, name: string, value: string | number | bigint | undefined, attrs = ''): void {
  if (value === undefined) return;
  const v = typeof value === 'string' ? escapeLibvirt(value) : String(value);
  w.raw(`${' '.repeat(w.indent)}<${name}${attrs}>${v}</${name}>\n`);
}

// libxml2's xmlNodeDump escaping for text and for (double-quoted) attribute values.
function dumpText(s: string): string {
  return s.replace(/[<>&\r]/g, (c) => (c === '\r' ? '&#13;' : ESC[c]));
}
function dumpAttr(s: string): string {
  return s.replace(/[<>&"\n\r\t]/g, (c) => ({ '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' })[c] ?? ESC[c]);
}

/** Whether an element's children are laid out one per line (libxml2 indents only element-only content). */
function indentsChildren(el: XmlEl): boolean {
  return el.children.every((c) => isEl(c) || 'comment' in c || ('text' in c && c.text.trim() === ''));
}

/**
 * Serialise a kept element as libxml2's xmlNodeDump(format=1) does after a parse that dropped
 * blank text: double-quoted attributes, namespace declarations where a prefix first appears, and
 * element-only content indented by two spaces per level.
 */
export function dumpElement(el: XmlEl, indent: number, scope: Map<string, string> = new Map()): string {
  const pad = ' '.repeat(indent);
  return pad + dumpInner(el, indent, scope) + '\n';
}

function dumpInner(el: XmlEl, indent: number, scope: Map<string, string>): string {
  const qname = el.prefix ? `${el.prefix}:${el.name}` : el.name;
  let open = `<${qname}`;
  const inner = new Map(scope);
  if (el.ns && inner.get(el.prefix) !== el.ns) {
    open += el.prefix ? ` xmlns:${el.prefix}="${dumpAttr(el.ns)}"` : ` xmlns="${dumpAttr(el.ns)}"`;
    inner.set(el.prefix, el.ns);
  }
  for (const k of el.attrOrder) open += ` ${k}="${dumpAttr(el.attrs[k])}"`;
  const kids = el.children.filter((c) => !('text' in c) || !indentsChildren(el) || c.text.trim() !== '');
  if (kids.length === 0) return `${open}/>`;
  if (indentsChildren(el)) {
    const pad = ' '.repeat(indent + 2);
    let s = `${open}>\n`;
    for (const c of kids) {
      if (isEl(c)) s += pad + dumpInner(c, indent + 2, inner) + '\n';
      else if ('comment' in c) s += `${pad}<!--${c.comment}-->\n`;
    }
    return `${s}${' '.repeat(indent)}</${qname}>`;
  }
  let s = `${open}>`;
  for (const c of kids) {
    if (isEl(c)) s += dumpInner(c, indent, inner);
    else if ('text' in c) s += dumpText(c.text);
    else if ('cdata' in c) s += `<![CDATA[${c.cdata}]]>`;
    else s += `<!--${c.comment}-->`;
  }
  return `${s}</${qname}>`;
}

/** Copy an XML subtree (kept foreign XML must not be shared between definitions). */
export function cloneEl(el: XmlEl): XmlEl {
  return structuredClone(el);
}
