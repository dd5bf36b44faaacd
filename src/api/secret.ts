// virSecret: one secret seen through a connection (libvirt-secret.c). Errors of these entry points
// belong to VIR_FROM_SECRET. The test driver has no secrets, so every call there ends in libvirt's
// "not supported" error; a secret driver or the remote driver supplies the methods.
import type { SecretRef } from '../driver/refs.js';
import type { SecretDriver } from '../driver/secret.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative, rawInvalidArg } from './arg-checks.js';
import { driverMethod } from './call.js';
import type { Connect } from './connect.js';

export const FROM_SECRET = ErrorDomain.Secret;

/** virSecretUsageType */
export enum SecretUsageType {
  None = 0,
  Volume = 1,
  Ceph = 2,
  Iscsi = 3,
  Tls = 4,
  Vtpm = 5,
}

/** virConnectListAllSecretsFlags */
export const ListSecretsFlags = {
  EPHEMERAL: 1 << 0,
  NO_EPHEMERAL: 1 << 1,
  PRIVATE: 1 << 2,
  NO_PRIVATE: 1 << 3,
} as const;

/** virSecretDefineFlags */
export const SecretDefineFlags = {
  VALIDATE: 1 << 0,
} as const;

/** virSecretEventID */
export const SecretEventID = {
  LIFECYCLE: 0,
  VALUE_CHANGED: 1,
} as const;

type Method = Exclude<keyof SecretDriver, 'name'>;

export function secretMethod<K extends Method>(conn: Connect, method: K, api: string) {
  return driverMethod(conn.drivers.secret, method, api, FROM_SECRET);
}

/** A UUID in any of the spellings virUUIDParse accepts, in canonical form; undefined if malformed. */
function canonicalUuid(s: string): string | undefined {
  const hex = s.trim().replace(/[- ]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class Secret {
  readonly conn: Connect;
  readonly ref: SecretRef;

  constructor(conn: Connect, ref: SecretRef) {
    this.conn = conn;
    this.ref = ref;
  }

  /** virSecretGetUUIDString */
  get uuid(): string {
    return this.ref.uuid;
  }
  /** virSecretGetUsageType */
  get usageType(): number {
    return this.ref.usageType;
  }
  /** virSecretGetUsageID */
  get usageID(): string {
    return this.ref.usageID;
  }

  async getXMLDesc(flags = 0): Promise<string> {
    return secretMethod(this.conn, 'secretGetXMLDesc', 'virSecretGetXMLDesc')(this.ref, flags);
  }
  async setValue(value: Uint8Array, flags = 0): Promise<void> {
    this.conn.checkWritable('virSecretSetValue', FROM_SECRET);
    await secretMethod(this.conn, 'secretSetValue', 'virSecretSetValue')(this.ref, value, flags);
  }
  async getValue(flags = 0): Promise<Uint8Array> {
    this.conn.checkWritable('virSecretGetValue', FROM_SECRET);
    return secretMethod(this.conn, 'secretGetValue', 'virSecretGetValue')(this.ref, flags);
  }
  async undefine(): Promise<void> {
    this.conn.checkWritable('virSecretUndefine', FROM_SECRET);
    await secretMethod(this.conn, 'secretUndefine', 'virSecretUndefine')(this.ref);
  }
}

/** The connection-level secret entry points; Connect delegates to these. */
export const secretApi = {
  async numOfSecrets(conn: Connect): Promise<number> {
    return secretMethod(conn, 'connectNumOfSecrets', 'virConnectNumOfSecrets')();
  },
  async listSecrets(conn: Connect, maxuuids: number): Promise<string[]> {
    checkNonNegative(maxuuids, 'maxuuids', 'virConnectListSecrets', FROM_SECRET);
    return secretMethod(conn, 'connectListSecrets', 'virConnectListSecrets')(maxuuids);
  },
  async listAll(conn: Connect, flags: number): Promise<Secret[]> {
    const refs = await secretMethod(conn, 'connectListAllSecrets', 'virConnectListAllSecrets')(flags);
    return refs.map((r) => new Secret(conn, r));
  },
  /** virSecretLookupByUUIDString: the text is checked before the driver is asked. */
  async lookupByUUIDString(conn: Connect, uuidstr: string): Promise<Secret> {
    const uuid = canonicalUuid(uuidstr);
    if (uuid === undefined) {
      throw rawInvalidArg('virSecretLookupByUUIDString', 'uuidstr', 'uuidstr in virSecretLookupByUUIDString must be a valid UUID', FROM_SECRET);
    }
    return new Secret(conn, await secretMethod(conn, 'secretLookupByUUID', 'virSecretLookupByUUID')(uuid));
  },
  async lookupByUsage(conn: Connect, usageType: number, usageID: string): Promise<Secret> {
    return new Secret(conn, await secretMethod(conn, 'secretLookupByUsage', 'virSecretLookupByUsage')(usageType, usageID));
  },
  /** virConnectSecretEventRegisterAny: returns the callback id. */
  async eventRegisterAny(conn: Connect, secret: Secret | null, eventID: number, cb: (secret: Secret, ...args: number[]) => void): Promise<number> {
    checkNonNegative(eventID, 'eventID', 'virConnectSecretEventRegisterAny', FROM_SECRET);
    const register = secretMethod(conn, 'connectSecretEventRegisterAny', 'virConnectSecretEventRegisterAny');
    return register(secret?.ref ?? null, eventID, (ref, ...args) => cb(new Secret(conn, ref), ...args));
  },
  async eventDeregisterAny(conn: Connect, callbackID: number): Promise<void> {
    checkNonNegative(callbackID, 'callbackID', 'virConnectSecretEventDeregisterAny', FROM_SECRET);
    await secretMethod(conn, 'connectSecretEventDeregisterAny', 'virConnectSecretEventDeregisterAny')(callbackID);
  },
  async defineXML(conn: Connect, xml: string, flags: number): Promise<Secret> {
    conn.checkWritable('virSecretDefineXML', FROM_SECRET);
    return new Secret(conn, await secretMethod(conn, 'secretDefineXML', 'virSecretDefineXML')(xml, flags));
  },
};
