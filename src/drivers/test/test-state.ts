// The state behind one test-driver instance (libvirt's testDriver): test:///default shares one
// among all its connections; each custom file gets its own. Each area keeps its objects in a
// store defined beside its driver part.
import type { NodeInfo } from '../../driver/types.js';
import { EventBus } from '../../driver/events.js';
import { DomainStore } from './test-domain.js';
import type { InterfaceStore } from './test-interface.js';
import type { NetworkStore } from './test-network.js';
import type { NodeDeviceStore } from './test-nodedev.js';
import type { StorageStore } from './test-storage.js';

export interface TestCell {
  numCpus: number;
  mem: bigint;
  freeMem: bigint;
}

export interface TestAuth {
  username: string;
  password: string | null;
}

export class TestState {
  /** Open connections sharing this state. */
  refs = 0;
  nodeInfo: NodeInfo = {
    model: 'i686',
    memory: 3n * 1024n * 1024n,
    cpus: 16,
    mhz: 1400,
    nodes: 2,
    sockets: 2,
    cores: 2,
    threads: 2,
  };
  cells: TestCell[] = [];
  auths: TestAuth[] = [];
  readonly domains = new DomainStore(this);
  /** test:///default's state: its areas start with libvirt's built-in objects. */
  builtIn = false;
  // The secondary areas' stores, made when the area first loads (test-areas.ts); code of an area
  // runs only after that.
  networks!: NetworkStore;
  storage!: StorageStore;
  interfaces!: InterfaceStore;
  nodeDevices!: NodeDeviceStore;
  readonly events = new EventBus(); // events (remote area): what testDriver's eventState queues
}
