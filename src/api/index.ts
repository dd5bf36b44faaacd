// tsvirt's public library: open / openReadOnly / openAuth, as virConnectOpen* in libvirt.c.
import { DriverRegistry, type ConnectAuth } from '../driver/registry.js';
import { parseUri } from '../util/uri.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { Connect } from './connect.js';
import { registerDefaultDrivers } from './default-drivers.js';

export { Connect, LIB_VERSION } from './connect.js';
export { Domain } from './domain.js';
// snapshot area
export { DomainSnapshot, SnapshotCreateFlags, SnapshotDeleteFlags, SnapshotListFlags, SnapshotRevertFlags, SnapshotXMLFlags } from './domain-snapshot.js';
// checkpoint area
export { CheckpointCreateFlags, CheckpointDeleteFlags, CheckpointListFlags, CheckpointXMLFlags, DomainCheckpoint } from './domain-checkpoint.js';
export * from './error.js';
export * from './enums.js';
// networks, storage pools and volumes (network/storage area)
export * from './network.js';
export * from './storage-pool.js';
export * from './storage-vol.js';
export type { ConnectAuth, Credential } from '../driver/registry.js';
// event callbacks (events area)
export * from './events.js';

/** virConnectFlags */
export const ConnectFlags = {
  RO: 1 << 0,
  NO_ALIASES: 1 << 1,
} as const;

let registry: DriverRegistry | undefined;

/** The process-wide driver table (virInitialize), built on first use. Tests may build their own. */
export function defaultRegistry(): DriverRegistry {
  registry ??= registerDefaultDrivers(new DriverRegistry());
  return registry;
}

const report = errorsFrom(ErrorDomain.None);

/** virConnectOpenInternal, on a given registry. */
export async function openWith(
  reg: DriverRegistry,
  name: string | null | undefined,
  auth: ConnectAuth | null,
  flags: number,
): Promise<Connect> {
  let uriText = name ?? null;
  if (uriText === null || uriText === '') uriText = process.env.LIBVIRT_DEFAULT_URI || null;
  const readOnly = (flags & ConnectFlags.RO) !== 0;
  let uri = null;
  if (uriText !== null) {
    try {
      uri = parseUri(uriText);
    } catch {
      throw report(ErrorCode.InvalidArg, `could not parse connection URI ${uriText}`);
    }
  }
  const drivers = await reg.open({ uriText, uri, auth, flags, readOnly });
  return new Connect(drivers, drivers.uri ?? uriText ?? '', readOnly);
}

/** virConnectOpen */
export function open(name?: string | null): Promise<Connect> {
  return openWith(defaultRegistry(), name, null, 0);
}

/** virConnectOpenReadOnly */
export function openReadOnly(name?: string | null): Promise<Connect> {
  return openWith(defaultRegistry(), name, null, ConnectFlags.RO);
}

/** virConnectOpenAuth */
export function openAuth(name: string | null | undefined, auth: ConnectAuth | null, flags = 0): Promise<Connect> {
  return openWith(defaultRegistry(), name, auth, flags);
}
