// Test driver: the domain checkpoint area's share of the hypervisor table. The implementation
// (test-checkpoint-impl.ts, with the checkpoint XML, its schema check and the domain formatter
// behind it) is loaded on the first checkpoint call, keeping it off the startup path.
import type { HypervisorDriver, HypervisorMethod } from '../../driver/hypervisor.js';
import { momentHooks } from './test-domain-lifecycle.js';
import type { TestState } from './test-state.js';

/** The key of a domain's checkpoint list in DomainObj.extra. */
export const CHECKPOINT_AREA = 'checkpoints';

const METHODS = [
  'domainCheckpointCreateXML',
  'domainCheckpointGetXMLDesc',
  'domainListAllCheckpoints',
  'domainCheckpointListAllChildren',
  'domainCheckpointLookupByName',
  'domainCheckpointGetParent',
  'domainCheckpointDelete',
] as const satisfies readonly HypervisorMethod[];

export type CheckpointMethods = Required<Pick<HypervisorDriver, (typeof METHODS)[number]>>;

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

export function checkpointPart(state: TestState): Partial<HypervisorDriver> {
  // The domain and snapshot areas ask how many checkpoints a domain has (list filters, snapshot creation).
  momentHooks.checkpointCount = (obj) => (obj.extra.get(CHECKPOINT_AREA) as { size: number } | undefined)?.size ?? 0;
  let impl: Promise<CheckpointMethods> | undefined;
  const load = () => (impl ??= import('./test-checkpoint-impl.js').then((m) => m.checkpointMethods(state)));
  const part: Record<string, AnyMethod> = {};
  for (const name of METHODS) part[name] = async (...args) => ((await load())[name] as AnyMethod)(...args);
  return part as Partial<HypervisorDriver>;
}
