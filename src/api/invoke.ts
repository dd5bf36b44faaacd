// The public API's core, by name: check a read-only connection and the entry point's arguments
// (entry-checks.ts), find the driver method or report "not supported", then call it. The typed API classes and the daemon's dispatch table both
// come through here, so an RPC call and a library call meet the same checks and errors.
import type { SecondaryKind } from '../driver/registry.js';
import { ErrorDomain, noSupport } from '../util/error.js';
import { apiErrorDomains, readOnlyRefusedApis } from './api-facts.generated.js';
import { readOnlyError } from './call.js';
import type { Connect } from './connect.js';
import { ENTRY_CHECKS } from './entry-checks.js';

export type DriverKind = 'hypervisor' | SecondaryKind;

export function apiErrorDomain(api: string): ErrorDomain {
  return apiErrorDomains().get(api) ?? ErrorDomain.None;
}

/** Throws libvirt's "read only access prevents virXxx" when `api` modifies and `conn` is read-only. */
export function checkReadOnly(conn: Connect, api: string): void {
  if (conn.readOnly && readOnlyRefusedApis().has(api)) throw readOnlyError(api, apiErrorDomain(api));
}

/** Call driver method `field` of the `kind` driver as the public API `api` would. */
export async function invokeDriver(conn: Connect, kind: DriverKind, field: string, api: string, args: readonly unknown[]): Promise<unknown> {
  return callDriver(conn, kind, field, api, args);
}

/**
 * invokeDriver without its promise: refusals throw at once and the driver's own answer (a
 * promise from every driver today) is returned as it is. The daemon's dispatch uses it so a call
 * costs one promise, the driver's, rather than a chain of them.
 */
export function callDriver(conn: Connect, kind: DriverKind, field: string, api: string, args: readonly unknown[]): unknown {
  const checks = ENTRY_CHECKS.get(api);
  if (checks === undefined) checkReadOnly(conn, api);
  else {
    checks.beforeReadOnly?.(conn, args);
    checkReadOnly(conn, api);
    checks.afterReadOnly?.(conn, args);
  }
  const driver = (kind === 'hypervisor' ? conn.drivers.hypervisor : conn.drivers[kind]) as Record<string, unknown> | undefined;
  const fn = driver?.[field];
  if (typeof fn !== 'function') throw noSupport(api, apiErrorDomain(api));
  return fn.apply(driver, args);
}
