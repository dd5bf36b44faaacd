// test:///path/to/file.xml: a <node> document of objects, inline or referenced by file name
// relative to the config's folder (libvirt's testOpenFromFile).
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseXml } from '../../conf/xml/parse.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { loadDomainFromConfig } from './test-domain.js';
import { loadInterfaceFromConfig } from './test-interface.js';
import { loadNetworkFromConfig } from './test-network.js';
import { loadNodedevFromConfig } from './test-nodedev.js';
import type { TestState } from './test-state.js';
import { loadStorageFromConfig } from './test-storage.js';

const report = errorsFrom(ErrorDomain.Test);

export async function loadCustomConfig(state: TestState, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `failed to parse xml document '${file}'`);
  }
  const root = await parseXml(text, file, ErrorDomain.Test);
  if (root.name !== 'node') throw report(ErrorCode.XmlError, 'Root element is not \'node\'');
  const baseDir = dirname(file);
  await loadDomainFromConfig(state, root, baseDir);
  await loadNetworkFromConfig(state, root, baseDir);
  await loadStorageFromConfig(state, root, baseDir);
  await loadInterfaceFromConfig(state, root, baseDir);
  await loadNodedevFromConfig(state, root, baseDir);
}
