// Parsing XML with libxml2 (compiled to WebAssembly), into a small plain tree the conf readers
// walk. libxml2 is loaded on first use: it costs ~40 ms, and most virsh runs parse no XML.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

export interface XmlEl {
  name: string;
  /** Namespace URI of the element, '' when none (metadata children keep theirs). */
  ns: string;
  prefix: string;
  attrs: Record<string, string>;
  /** Attribute names in document order. */
  attrOrder: string[];
  children: XmlChild[];
  line: number;
}
export type XmlChild = XmlEl | { text: string } | { comment: string } | { cdata: string };

export function isEl(c: XmlChild | undefined): c is XmlEl {
  return !!c && (c as XmlEl).name !== undefined;
}

type Libxml = typeof import('libxml2-wasm');
let libxml: Libxml | undefined;

async function load(): Promise<Libxml> {
  libxml ??= await import('libxml2-wasm');
  return libxml;
}

/** Convert libxml2's tree to XmlEl and release the wasm-side document. */
function convert(lx: Libxml, node: InstanceType<Libxml['XmlElement']>): XmlEl {
  const attrs: Record<string, string> = {};
  const attrOrder: string[] = [];
  for (const a of node.attrs) {
    const key = a.prefix ? `${a.prefix}:${a.name}` : a.name;
    attrs[key] = a.value;
    attrOrder.push(key);
  }
  const el: XmlEl = { name: node.name, ns: node.namespaceUri ?? '', prefix: node.prefix ?? '', attrs, attrOrder, children: [], line: node.line };
  for (let c = node.firstChild; c; c = c.next) {
    if (c instanceof lx.XmlElement) el.children.push(convert(lx, c));
    else if (c instanceof lx.XmlCData) el.children.push({ cdata: c.content });
    else if (c instanceof lx.XmlText) el.children.push({ text: c.content });
    else if (c instanceof lx.XmlComment) el.children.push({ comment: c.content });
  }
  return el;
}

/**
 * Parse `text`, reporting failures as libvirt's virXMLParse does: VIR_ERR_XML_DETAIL in `domain`,
 * "(url):LINE: MESSAGE" followed by the offending line and a caret under the failing column.
 * `url` is libvirt's pseudo file name, e.g. "(domain_definition)".
 */
export async function parseXml(text: string, url: string, domain: ErrorDomain): Promise<XmlEl> {
  const lx = await load();
  let doc;
  try {
    doc = lx.XmlDocument.fromString(text, { url });
  } catch (e) {
    if (e instanceof lx.XmlParseError) throw xmlDetailError(text, url, domain, e.details);
    throw e;
  }
  try {
    return convert(lx, doc.root);
  } finally {
    doc.dispose();
  }
}

interface Detail {
  message: string;
  line: number;
  col: number;
}

function xmlDetailError(text: string, url: string, domain: ErrorDomain, details: Detail[]) {
  const report = errorsFrom(domain);
  const d = details[details.length - 1] ?? { message: 'parse error\n', line: 1, col: 1 };
  const lines = text.split(/\r\n|\n|\r/);
  // libxml2 reports where its cursor stopped; libvirt shows that line and points at that column.
  let lineNo = Math.min(Math.max(d.line, 1), lines.length);
  let context = lines[lineNo - 1] ?? '';
  // A cursor past a line's end (errors at end of input) backs up to the last non-empty line.
  while (context === '' && lineNo > 1) context = lines[--lineNo - 1];
  const col = Math.max(0, Math.min(d.col - 1, context.length));
  let pointer = '';
  for (let i = 0; i < col; i++) pointer += context[i] === '\t' ? '\t' : '-';
  pointer += '^';
  return report(ErrorCode.XmlDetail, `${url}:${d.line}: ${d.message}${context}\n${pointer}`);
}

/** A libvirt-shaped error for XML that parsed but does not describe a valid object. */
export function xmlError(domain: ErrorDomain, detail: string) {
  return errorsFrom(domain)(ErrorCode.XmlError, detail);
}
