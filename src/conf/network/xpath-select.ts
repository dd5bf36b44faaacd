// The --xpath filter of virsh's *-dumpxml commands (virshDumpXML): evaluate an XPath expression
// on a document and write each selected node as libxml2's xmlNodeDump does with formatting on
// (blank text dropped, two-space indentation, attributes in double quotes).
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

type Libxml = typeof import('libxml2-wasm');
type LxNode = InstanceType<Libxml['XmlNode']>;

function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}
function escAttr(s: string): string {
  return escText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function dump(lx: Libxml, node: LxNode, indent: number): string {
  const pad = '  '.repeat(indent);
  if (node instanceof lx.XmlAttribute) return ` ${node.name}="${escAttr(node.value)}"`;
  if (node instanceof lx.XmlCData) return `<![CDATA[${node.content}]]>`;
  if (node instanceof lx.XmlComment) return `<!--${node.content}-->`;
  if (node instanceof lx.XmlText) return escText(node.content);
  if (!(node instanceof lx.XmlElement)) return '';
  const qname = node.prefix ? `${node.prefix}:${node.name}` : node.name;
  let attrs = '';
  for (const a of node.attrs) attrs += ` ${a.prefix ? `${a.prefix}:` : ''}${a.name}="${escAttr(a.value)}"`;
  const kids: LxNode[] = [];
  for (let c = node.firstChild; c; c = c.next) {
    // the document was read without blank text, as libvirt reads it
    if (c instanceof lx.XmlText && !(c instanceof lx.XmlCData) && c.content.trim() === '') continue;
    kids.push(c);
  }
  if (kids.length === 0) return `<${qname}${attrs}/>`;
  if (kids.some((c) => c instanceof lx.XmlText)) {
    return `<${qname}${attrs}>${kids.map((c) => dump(lx, c, 0)).join('')}</${qname}>`;
  }
  const inner = kids.map((c) => `${pad}  ${dump(lx, c, indent + 1)}`).join('\n');
  return `<${qname}${attrs}>\n${inner}\n${pad}</${qname}>`;
}

/** The serialised nodes `xpath` selects in `xml`; a non-node result is libvirt's "Incorrect xpath". */
export async function xpathSelect(xml: string, url: string, xpath: string): Promise<string[]> {
  const lx: Libxml = await import('libxml2-wasm');
  const doc = lx.XmlDocument.fromString(xml, { url });
  try {
    let result;
    try {
      result = doc.root.eval(xpath);
    } catch {
      throw errorsFrom(ErrorDomain.Xml)(ErrorCode.InternalError, `Incorrect xpath '${xpath}'`);
    }
    if (!Array.isArray(result)) throw errorsFrom(ErrorDomain.Xml)(ErrorCode.InternalError, `Incorrect xpath '${xpath}'`);
    return result.map((n) => dump(lx, n, 0));
  } finally {
    doc.dispose();
  }
}
