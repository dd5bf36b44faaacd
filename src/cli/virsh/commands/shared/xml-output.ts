// How the *-dumpxml commands print a document: whole, or only what an XPath expression selects.
import type { Ctl, OptDef } from '../../../vsh/command-def.js';

/** The --xpath and --wrap options of the *-dumpxml commands. */
export const xpathOpts: readonly OptDef[] = [
  { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
  { name: 'wrap', type: 'bool', help: 'put the XPath results under one common root element' },
];

/**
 * virshDumpXML: the document as the driver formatted it, or only the nodes an XPath expression
 * selects (each on its own line, or wrapped in <nodes>).
 */
export async function dumpXml(ctl: Ctl, xml: string, url: string, xpath: string | undefined, wrap: boolean): Promise<boolean> {
  if (xpath === undefined) {
    ctl.print(xml);
    return true;
  }
  const { xpathSelect } = await import('../../../../conf/network/xpath-select.js');
  const parts = await xpathSelect(xml, url, xpath);
  if (wrap) {
    const inner = parts.map((p) => p.replace(/^/gm, '  ')).join('\n');
    ctl.print(parts.length ? `<nodes>\n${inner}\n</nodes>\n` : '<nodes/>\n');
  } else {
    for (const p of parts) ctl.print(`${p}\n`);
  }
  return true;
}
