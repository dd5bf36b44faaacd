// Test driver: the domain area. Its objects live in DomainStore; domainPart() is its share of the
// driver tables; the loaders fill it from test:///default's built-in data or from a custom file.
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import type { TestState } from './test-state.js';

export class DomainStore {
  readonly state: TestState;
  constructor(state: TestState) {
    this.state = state;
  }
}

export function domainPart(state: TestState): Partial<HypervisorDriver> {
  return { };
}

/** test:///default's domain objects. */
export function loadDefaultDomain(state: TestState): void {}

/** The domain objects of a custom test:///path.xml file (`root` is its <node> element). */
export async function loadDomainFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {}
