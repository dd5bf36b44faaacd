// test:///path/to/file.xml: a <node> document of objects, inline or referenced by file name
// relative to the config's folder (libvirt's testOpenFromFile). The sections are read in libvirt's
// order (host info, domains, networks, interfaces, storage, node devices, users), so the first
// broken one is the one reported.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { parseXml, type XmlEl } from '../../conf/xml/parse.js';
import { children } from '../../conf/xml/read.js';
import { checkRoot } from '../../conf/interface-conf.js';
import { strToUIntP, strToULongLongP } from '../../conf/interface/strtol.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { interfaceArea, networkArea, nodedevArea, storageArea } from './test-areas.js';
import { loadDomainFromConfig } from './test-domain.js';
import type { TestState } from './test-state.js';

const report = errorsFrom(ErrorDomain.Test);

/**
 * Read and parse an XML file as libvirt's virXMLParse does for a file name: libxml2 complains on
 * stderr about a file it cannot open, and libvirt then reports the document as unparsable.
 */
async function parseXmlFile(path: string, rootName: string): Promise<XmlEl> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    process.stderr.write(`I/O warning : failed to load external entity "${path}"\n`);
    throw report(ErrorCode.XmlError, `failed to parse xml document '${path}'`);
  }
  const root = await parseXml(text, path, ErrorDomain.Test);
  checkRoot(root, rootName);
  return root;
}

/**
 * testParseXMLDocFromFile: an element with file='…' stands for the root of that file (relative
 * names are taken from the config's folder); any other element stands for itself.
 */
export async function resolveFileRef(el: XmlEl, baseDir: string): Promise<XmlEl> {
  const file = el.attrs.file;
  if (file === undefined) return el;
  const abs = isAbsolute(file) ? file : `${baseDir}/${file}`;
  return parseXmlFile(abs, el.name);
}

/** The first element along a path from the root, as "/node/cpu/nodes[1]" finds it. */
function first(root: XmlEl, ...names: string[]): string | undefined {
  let level: XmlEl[] = [root];
  for (const n of names) level = level.flatMap((e) => children(e, n));
  if (level.length === 0) return undefined;
  const t = textContent(level[0]);
  return t === '' ? undefined : t;
}

function textContent(el: XmlEl): string {
  let s = '';
  for (const c of el.children) {
    if ('text' in c) s += c.text;
    else if ('cdata' in c) s += c.cdata;
    else if ('name' in c) s += textContent(c);
  }
  return s;
}

/** testParseNodeInfo: <cpu> and <memory> override the default node info; the cpu count follows from the topology. */
function loadNodeInfo(state: TestState, root: XmlEl): void {
  const info = state.nodeInfo;
  const uint = (field: string, what: string): number | undefined => {
    const s = first(root, 'cpu', field);
    if (s === undefined) return undefined;
    const v = strToUIntP(s);
    if (v === undefined) throw report(ErrorCode.XmlError, `invalid node cpu ${what} value`);
    return v;
  };
  info.nodes = uint('nodes', 'nodes') ?? info.nodes;
  info.sockets = uint('sockets', 'sockets') ?? info.sockets;
  info.cores = uint('cores', 'cores') ?? info.cores;
  info.threads = uint('threads', 'threads') ?? info.threads;
  // C multiplies unsigned ints, so the product wraps at 32 bits.
  info.cpus = Number(BigInt(info.cores) * BigInt(info.threads) * BigInt(info.sockets) * BigInt(info.nodes) & 0xffffffffn);
  const active = uint('active', 'active');
  if (active !== undefined && active < info.cpus) info.cpus = active;
  info.mhz = uint('mhz', 'mhz') ?? info.mhz;
  const model = first(root, 'cpu', 'model');
  if (model !== undefined) {
    // virNodeInfo.model is a 32-byte C string.
    if (Buffer.byteLength(model) > 31) throw report(ErrorCode.InternalError, `Model ${model} too big for destination`);
    info.model = model;
  }
  const mem = first(root, 'memory');
  if (mem !== undefined) {
    const v = strToULongLongP(mem);
    if (v === undefined) throw report(ErrorCode.XmlError, 'invalid node memory value');
    info.memory = v;
  }
}

/** testParseAuthUsers */
function loadAuthUsers(state: TestState, root: XmlEl): void {
  for (const auth of children(root, 'auth')) {
    for (const user of children(auth, 'user')) {
      const username = textContent(user);
      if (username === '') throw report(ErrorCode.XmlError, 'missing username in /node/auth/user field');
      state.auths.push({ username, password: user.attrs.password ?? null });
    }
  }
}

export async function loadCustomConfig(state: TestState, file: string): Promise<void> {
  const root = await parseXmlFile(file, 'node');
  // A config starts from libvirt's default node info, but with no NUMA cells of its own.
  state.cells = [];
  const baseDir = dirname(file);
  // Every area now: the config's sections are all read, and their errors reported, at open.
  const [network, iface, storage, nodedev] = await Promise.all([networkArea(state), interfaceArea(state), storageArea(state), nodedevArea(state)]);
  loadNodeInfo(state, root);
  await loadDomainFromConfig(state, root, baseDir);
  await network.loadNetworkFromConfig(state, root, baseDir);
  await iface.loadInterfaceFromConfig(state, root, baseDir);
  await storage.loadStorageFromConfig(state, root, baseDir);
  await nodedev.loadNodedevFromConfig(state, root, baseDir);
  loadAuthUsers(state, root);
}
