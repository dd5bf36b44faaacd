// Test driver: the domain snapshot area's share of the hypervisor table. The implementation
// (test-snapshot-impl.ts, with the snapshot XML and the domain formatter behind it) is loaded on
// the first snapshot call, so connections that never touch snapshots don't pay for it at startup.
import type { HypervisorDriver, HypervisorMethod } from '../../driver/hypervisor.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import type { DomainObj } from './test-domain.js';
import { momentHooks } from './test-domain-lifecycle.js';
import type { TestState } from './test-state.js';

/** The key of a domain's snapshot list in DomainObj.extra. */
export const SNAPSHOT_AREA = 'snapshots';

const METHODS = [
  'domainSnapshotNum',
  'domainSnapshotListNames',
  'domainListAllSnapshots',
  'domainSnapshotNumChildren',
  'domainSnapshotListChildrenNames',
  'domainSnapshotListAllChildren',
  'domainSnapshotLookupByName',
  'domainHasCurrentSnapshot',
  'domainSnapshotGetParent',
  'domainSnapshotCurrent',
  'domainSnapshotGetXMLDesc',
  'domainSnapshotIsCurrent',
  'domainSnapshotHasMetadata',
  'domainSnapshotCreateXML',
  'domainSnapshotDelete',
  'domainRevertToSnapshot',
] as const satisfies readonly HypervisorMethod[];

export type SnapshotMethods = Required<Pick<HypervisorDriver, (typeof METHODS)[number]>>;

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

export function snapshotPart(state: TestState): Partial<HypervisorDriver> {
  // The domain area asks how many snapshots a domain has (list filters, undefine).
  momentHooks.snapshotCount = (obj) => (obj.extra.get(SNAPSHOT_AREA) as { size: number } | undefined)?.size ?? 0;
  let impl: Promise<SnapshotMethods> | undefined;
  const load = () => (impl ??= import('./test-snapshot-impl.js').then((m) => m.snapshotMethods(state)));
  const part: Record<string, AnyMethod> = {};
  for (const name of METHODS) part[name] = async (...args) => ((await load())[name] as AnyMethod)(...args);
  return part as Partial<HypervisorDriver>;
}

/** testParseDomainSnapshots: the saved snapshots of a domain in a custom config file. */
export async function loadDomainSnapshots(obj: DomainObj, nodes: XmlEl[], baseDir: string): Promise<void> {
  if (nodes.length === 0) return;
  const { loadSnapshotsFromConfig } = await import('./test-snapshot-impl.js');
  await loadSnapshotsFromConfig(obj, nodes, baseDir);
}
