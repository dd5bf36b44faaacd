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
    // From bytes, as libvirt hands libxml2 its buffer: columns count bytes, and an empty input
    // gets libxml2's own "Document is empty".
    doc = lx.XmlDocument.fromBuffer(Buffer.from(text, 'utf8'), { url });
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
  level?: number;
}

const XML_ERR_FATAL = 3;

function xmlDetailError(text: string, url: string, domain: ErrorDomain, details: Detail[]) {
  const report = errorsFrom(domain);
  // libvirt keeps the first fatal error libxml2 raises: later ones find an error already set.
  const d = details.find((x) => x.level === XML_ERR_FATAL) ?? details[0] ?? { message: 'parse error\n', line: 1, col: 1 };
  // The context is the whole line the parser's cursor stopped on. At the very end of the input
  // that line is empty, and libvirt prints it as "(null)" with a bare caret.
  const context = Buffer.from(text, 'utf8').toString('latin1').split(/\r\n|\n|\r/)[d.line - 1] ?? '';
  if (context === '') return report(ErrorCode.XmlDetail, `${url}:${d.line}: ${d.message}(null)\n^`);
  // Columns are byte offsets: walk the line as bytes (latin1 keeps one char per byte).
  const col = Math.max(0, Math.min(d.col - 1, context.length));
  let pointer = '';
  for (let i = 0; i < col; i++) pointer += context[i] === '\t' ? '\t' : '-';
  pointer += '^';
  const line = Buffer.from(context, 'latin1').toString('utf8');
  return report(ErrorCode.XmlDetail, `${url}:${d.line}: ${d.message}${line}\n${pointer}`);
}

/** A libvirt-shaped error for XML that parsed but does not describe a valid object. */
export function xmlError(domain: ErrorDomain, detail: string) {
  return errorsFrom(domain)(ErrorCode.XmlError, detail);
}
