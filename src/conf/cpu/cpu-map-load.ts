// Reading libvirt's CPU map (cpu_map/index.xml and the files it includes), the way
// src/cpu/cpu_map.c walks it. The data is libvirt's own, installed with it (Debian's libvirt0 puts
// it in /usr/share/libvirt/cpu_map); it is read on first use only, never bundled.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode } from '../../util/error.js';
import { ErrorDomain } from '../../util/error.js';
import { kids } from '../domain/parse-util.js';
import { parseXml, type XmlEl } from '../xml/parse.js';
import { reportCpu } from './cpu-def.js';

/** Where the CPU map lives; TSVIRT_CPU_MAP_DIR points elsewhere (tests, other installs). */
export function cpuMapDir(): string {
  return process.env.TSVIRT_CPU_MAP_DIR || '/usr/share/libvirt/cpu_map';
}

/** One named <vendor>, <feature> or <model> element of the map, in load order. */
export interface MapEntry {
  name: string;
  el: XmlEl;
}

export interface MapEntries {
  vendors: MapEntry[];
  features: MapEntry[];
  models: MapEntry[];
}

async function loadFile(path: string): Promise<XmlEl> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw reportCpu(ErrorCode.XmlError, `failed to parse xml document '${path}'`);
  }
  return parseXml(text, path, ErrorDomain.Cpu);
}

function collect(file: string, el: XmlEl, out: MapEntries): void {
  for (const kind of ['vendor', 'feature', 'model'] as const) {
    for (const node of kids(el, kind)) {
      const name = node.attrs.name;
      if (name === undefined) throw reportCpu(ErrorCode.InternalError, `cannot find ${kind} name in CPU map '${file}'`);
      out[`${kind}s`].push({ name, el: node });
    }
  }
}

/**
 * cpuMapLoad: the entries of one architecture section of index.xml — vendors, features and models
 * written inline first, then each included file's, in include order.
 */
export async function loadCpuMap(arch: string): Promise<MapEntries> {
  const dir = cpuMapDir();
  const indexPath = join(dir, 'index.xml');
  const index = await loadFile(indexPath);
  const section = kids(index, 'arch').find((a) => a.attrs.name === arch);
  if (!section) throw reportCpu(ErrorCode.InternalError, `cannot find CPU map for ${arch} architecture`);
  const out: MapEntries = { vendors: [], features: [], models: [] };
  collect(indexPath, section, out);
  for (const inc of kids(section, 'include')) {
    const filename = inc.attrs.filename;
    if (filename === undefined) throw reportCpu(ErrorCode.InternalError, "Missing 'filename' in CPU map include");
    const path = join(dir, filename);
    collect(path, await loadFile(path), out);
  }
  return out;
}
