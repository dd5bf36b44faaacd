// The test driver (libvirt's test:///): an in-memory hypervisor for testing applications.
// test:///default holds libvirt's fixed set of objects, shared by all its connections;
// test:///path/to/file.xml loads a config of objects into a private instance.
import { DECLINED, type ConnectDriver, type DriverConnection, type OpenRequest } from '../../driver/registry.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { authenticate } from './test-auth.js';
import { loadCustomConfig } from './custom-config.js';
import { populateDefault } from './default-config.js';
import { domainPart } from './test-domain.js';
import { withTestEvents } from './test-events.js'; // events area
import { hostPart } from './test-host.js';
import { snapshotPart } from './test-snapshot.js';
import { checkpointPart } from './test-checkpoint.js';
import { TestState } from './test-state.js';
import { secondaryParts } from './test-areas.js';

const report = errorsFrom(ErrorDomain.Test);

let defaultState: TestState | undefined;

function release(state: TestState): void {
  if (--state.refs === 0 && state === defaultState) defaultState = undefined;
}

async function openState(path: string): Promise<TestState> {
  if (path === '/default') {
    if (!defaultState) {
      defaultState = new TestState();
      populateDefault(defaultState);
    }
    defaultState.refs++;
    return defaultState;
  }
  const state = new TestState();
  await loadCustomConfig(state, path);
  state.refs++;
  return state;
}

function connection(state: TestState, uri: string): DriverConnection {
  let closed = false;
  return {
    hypervisor: { name: 'Test', ...hostPart(state, uri), ...domainPart(state), ...snapshotPart(state), ...checkpointPart(state) },
    ...secondaryParts(state),
    uri,
    events: state.events,
    async close() {
      if (closed) return;
      closed = true;
      release(state);
    },
  };
}

export const testConnectDriver: ConnectDriver = {
  name: 'Test',
  localOnly: true,
  uriSchemes: ['test'],
  async open(req: OpenRequest) {
    if (!req.uri) return DECLINED;
    const path = req.uri.path ?? '';
    if (path === '' || path === '/') {
      throw report(ErrorCode.InvalidArg, 'testOpen: supply a path or use test:///default');
    }
    const state = await openState(path);
    try {
      await authenticate(state, req.auth, req.uri);
    } catch (e) {
      release(state);
      throw e;
    }
    return withTestEvents(state, connection(state, req.uriText ?? 'test:///default'));
  },
};
