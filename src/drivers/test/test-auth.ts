// Fake authentication: a custom config with <auth> users makes open ask for a name and password.
import type { ConnectAuth } from '../../driver/registry.js';
import type { TestState } from './test-state.js';

export async function authenticate(state: TestState, auth: ConnectAuth | null): Promise<void> {
  if (state.auths.length === 0) return;
  void auth;
  // Filled in with the custom-config work (virAuthGetUsername / virAuthGetPassword prompts).
}
