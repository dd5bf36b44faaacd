// libvirt's virSecretDriver (src/driver-secret.h). Conventions: see hypervisor.ts.
import type { SecretRef } from './refs.js';

/** A secret event callback (lifecycle: event and detail; value-changed: no arguments). */
export type SecretEventCallback = (secret: SecretRef, ...args: number[]) => void;

export interface SecretDriver {
  readonly name: string;
  connectNumOfSecrets?(): Promise<number>;
  connectListSecrets?(maxuuids: number): Promise<string[]>;
  connectListAllSecrets?(flags: number): Promise<SecretRef[]>;
  secretLookupByUUID?(uuid: string): Promise<SecretRef>;
  secretLookupByUsage?(usageType: number, usageID: string): Promise<SecretRef>;
  secretDefineXML?(xml: string, flags: number): Promise<SecretRef>;
  secretGetXMLDesc?(secret: SecretRef, flags: number): Promise<string>;
  secretSetValue?(secret: SecretRef, value: Uint8Array, flags: number): Promise<void>;
  secretGetValue?(secret: SecretRef, flags: number): Promise<Uint8Array>;
  secretUndefine?(secret: SecretRef): Promise<void>;
  connectSecretEventRegisterAny?(secret: SecretRef | null, eventID: number, cb: SecretEventCallback): Promise<number>;
  connectSecretEventDeregisterAny?(callbackID: number): Promise<void>;
}
