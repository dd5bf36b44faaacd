// Domain metadata (virDomainObjGetMetadata / virDomainObjSetMetadata): the title, the
// description, and elements of foreign XML namespaces kept under <metadata>. Loaded on demand:
// setting an element needs the XML parser.
import type { DomainDef } from '../../conf/domain/domain-def.js';
import { dumpElement } from '../../conf/domain/xml-out.js';
import { isEl, parseXml, type XmlEl } from '../../conf/xml/parse.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

const report = errorsFrom(ErrorDomain.Domain);

/** The element in namespace `uri`, formatted on its own (virXMLExtractNamespaceXML). */
export function metadataElement(def: DomainDef, uri: string | null): string | undefined {
  if (uri === null) throw report(ErrorCode.InvalidArg, 'uri in virDomainGetMetadata must not be NULL');
  const el = def.metadata.find((m) => m.ns === uri);
  if (!el) return undefined;
  return dumpElement(stripPrefix(el, uri), 0).replace(/\n$/, '');
}

/** The element leaves its namespace behind: no prefix and no declaration, as libvirt returns it. */
function stripPrefix(el: XmlEl, uri: string): XmlEl {
  const mine = el.ns === uri;
  const copy: XmlEl = { ...el, ns: mine ? '' : el.ns, prefix: mine ? '' : el.prefix, children: el.children.map((c) => (isEl(c) ? stripPrefix(c, uri) : c)) };
  return copy;
}

export async function setMetadata(def: DomainDef, type: number, metadata: string | null, key: string | null, uri: string | null): Promise<void> {
  switch (type) {
    case 0:
      def.description = metadata === null || metadata === '' ? undefined : metadata;
      return;
    case 1:
      def.title = metadata === null || metadata === '' ? undefined : metadata;
      return;
    case 2: {
      if (uri === null) throw report(ErrorCode.InvalidArg, 'uri in virDomainSetMetadata must not be NULL');
      def.metadata = def.metadata.filter((m) => m.ns !== uri);
      if (metadata === null || metadata === '') return;
      if (key === null) throw report(ErrorCode.InvalidArg, 'key in virDomainSetMetadata must not be NULL');
      const el = await parseXml(metadata, '(metadata_xml)', ErrorDomain.Xml);
      const withNs = (e: XmlEl, top: boolean): XmlEl => ({
        ...e,
        ns: e.ns === '' || top ? uri : e.ns,
        prefix: e.ns === '' || top ? key : e.prefix,
        children: e.children.filter((c) => !('text' in c) || c.text.trim() !== '' || !e.children.some(isEl)).map((c) => (isEl(c) ? withNs(c, false) : c)),
      });
      def.metadata.push(withNs(el, true));
      return;
    }
    default:
      throw report(ErrorCode.InvalidArg, `unknown metadata type '${type}'`);
  }
}
