// The argument and flag checks libvirt's public API entry points make before calling a driver
// (libvirt-domain.c and friends), keyed by the API's name. callDriver consults this table, so the
// typed API classes and the daemon's dispatch (whose raw clients skip any client-side check) meet
// the same refusals with the same texts. `args` are the driver's arguments: [ref, ...the API's].
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { checkExclusiveFlags, checkNonNegative, checkNonZero, checkPositive, checkRequiredFlag, rawInvalidArg } from './arg-checks.js';
import { readOnlyError } from './call.js';
import type { Connect } from './connect.js';
// Read only inside the checks, at call time: these modules import invoke.ts, which imports this one.
import * as checkpoint from './domain-checkpoint.js';
import * as snapshot from './domain-snapshot.js';

export type EntryCheck = (conn: Connect, args: readonly unknown[]) => void;

export interface EntryChecks {
  /** Runs before the read-only refusal (the few APIs that check an argument first). */
  readonly beforeReadOnly?: EntryCheck;
  /** Runs after the read-only refusal and before the driver lookup: libvirt's usual order. */
  readonly afterReadOnly?: EntryCheck;
}

const DOMAIN = ErrorDomain.Domain;
const SNAPSHOT = ErrorDomain.DomainSnapshot;
const CHECKPOINT = ErrorDomain.DomainCheckpoint;
/** libvirt-host.c reports in the domain error domain. */
const HOST = ErrorDomain.Domain;
/** virStorageVolResizeFlags DELTA | SHRINK: either lets the capacity be zero. */
const RESIZE_DELTA_OR_SHRINK = 2 | 4;

/** virDomainSaveRestoreFlags as the exclusivity messages name them. */
const SAVE_FLAGS = { VIR_DOMAIN_SAVE_RUNNING: 2, VIR_DOMAIN_SAVE_PAUSED: 4 };
/** virDomainCoreDumpFlags */
const DUMP_FLAGS = { VIR_DUMP_CRASH: 1, VIR_DUMP_LIVE: 2, VIR_DUMP_RESET: 8 };
/** VIR_DOMAIN_CORE_DUMP_FORMAT_LAST */
const CORE_DUMP_FORMATS = 5;
const AFFECT_FLAGS = { VIR_DOMAIN_AFFECT_LIVE: 1, VIR_DOMAIN_AFFECT_CONFIG: 2 };
/** virDomainVcpuFlags the vCPU entry points' flag checks name. */
const VCPU_FLAGS = { VIR_DOMAIN_AFFECT_CONFIG: 2, VIR_DOMAIN_VCPU_MAXIMUM: 4, VIR_DOMAIN_VCPU_GUEST: 8 };

/**
 * virDomainSetMemory{,Flags} and virDomainSetMaxMemory's argument checks: not zero, and below virMemoryMaxValue(true) / 1024
 * (LLONG_MAX bytes in KiB on a 64-bit host).
 */
const MEMORY_KIB_LIMIT = 0x7fffffffffffffffn / 1024n;
function checkMemoryArg(kib: unknown, api: string): void {
  const k = BigInt(kib as bigint | number);
  checkNonZero(Number(k), 'memory', api, DOMAIN);
  if (k >= MEMORY_KIB_LIMIT) throw errorsFrom(DOMAIN)(ErrorCode.Overflow, `input too large: ${k}`);
}

/** VIR_EXCLUSIVE_FLAGS_GOTO(VIR_DOMAIN_SAVE_RUNNING, VIR_DOMAIN_SAVE_PAUSED) */
export function saveFlagsExclusive(flags: number, api: string): void {
  checkExclusiveFlags(flags, 'VIR_DOMAIN_SAVE_RUNNING', 'VIR_DOMAIN_SAVE_PAUSED', SAVE_FLAGS, api, DOMAIN);
}

/** VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT */
const ADDRESSES_FROM_AGENT = 1;

/** A read-only refusal that libvirt makes only for some arguments (its virCheckReadOnlyGoto sits under an `if`). */
function refuseReadOnlyWhen(api: string, refused: (args: readonly unknown[]) => boolean): EntryChecks {
  return after((c, a) => {
    if (c.readOnly && refused(a)) throw readOnlyError(api, DOMAIN);
  });
}

/** The denial libvirt gives a read-only caller asking for secrets (not the generic read-only text). */
function secureDenied(conn: Connect, flags: unknown, secureBits: number, api: string, domain: ErrorDomain): void {
  if (conn.readOnly && (flags as number) & secureBits) throw errorsFrom(domain)(ErrorCode.OperationDenied, `${api} with secure flag`);
}

function coreDumpFlags(flags: number, api: string): void {
  checkExclusiveFlags(flags, 'VIR_DUMP_CRASH', 'VIR_DUMP_LIVE', DUMP_FLAGS, api, DOMAIN);
  checkExclusiveFlags(flags, 'VIR_DUMP_CRASH', 'VIR_DUMP_RESET', DUMP_FLAGS, api, DOMAIN);
  checkExclusiveFlags(flags, 'VIR_DUMP_LIVE', 'VIR_DUMP_RESET', DUMP_FLAGS, api, DOMAIN);
}

function setVcpusFlags(nvcpus: number, flags: number, api: string): void {
  checkRequiredFlag(flags, 'VIR_DOMAIN_VCPU_MAXIMUM', 'VIR_DOMAIN_AFFECT_CONFIG', VCPU_FLAGS, api, DOMAIN);
  checkExclusiveFlags(flags, 'VIR_DOMAIN_VCPU_GUEST', 'VIR_DOMAIN_AFFECT_CONFIG', VCPU_FLAGS, api, DOMAIN);
  checkNonZero(nvcpus, 'nvcpus', api, DOMAIN);
}

const n = (v: unknown) => v as number;
const len = (v: unknown) => (v as { length: number }).length;

const after = (check: EntryCheck): EntryChecks => ({ afterReadOnly: check });

/** VIR_EXCLUSIVE_FLAGS_GOTO(VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG) of the query entry points; flags are driver argument `at`. */
function liveConfigExclusive(api: string, at: number): [string, EntryChecks] {
  return [api, after((_c, a) => checkExclusiveFlags(n(a[at]), 'VIR_DOMAIN_AFFECT_LIVE', 'VIR_DOMAIN_AFFECT_CONFIG', AFFECT_FLAGS, api, DOMAIN))];
}

export const ENTRY_CHECKS: ReadonlyMap<string, EntryChecks> = new Map<string, EntryChecks>([
  // Secrets in XML: refused to read-only connections with a text of their own.
  // Read-only refusals for some arguments only: the guest agent's view of vCPUs or addresses.
  ['virDomainGetVcpusFlags', refuseReadOnlyWhen('virDomainGetVcpusFlags', (a) => (n(a[1]) & VCPU_FLAGS.VIR_DOMAIN_VCPU_GUEST) !== 0)],
  ['virDomainInterfaceAddresses', refuseReadOnlyWhen('virDomainInterfaceAddresses', (a) => n(a[1]) === ADDRESSES_FROM_AGENT)],
  ['virDomainGetXMLDesc', after((c, a) => secureDenied(c, a[1], 1 | 8, 'virDomainGetXMLDesc', DOMAIN))],
  ['virDomainManagedSaveGetXMLDesc', after((c, a) => secureDenied(c, a[1], 1, 'virDomainManagedSaveGetXMLDesc', DOMAIN))],
  ['virDomainSnapshotGetXMLDesc', after((c, a) => secureDenied(c, a[1], 1, 'virDomainSnapshotGetXMLDesc', SNAPSHOT))],
  ['virDomainCheckpointGetXMLDesc', after((c, a) => secureDenied(c, a[1], 1, 'virDomainCheckpointGetXMLDesc', CHECKPOINT))],
  // Flags.
  ['virDomainSaveFlags', after((_c, a) => saveFlagsExclusive(n(a[3]), 'virDomainSaveFlags'))],
  ['virDomainManagedSave', after((_c, a) => saveFlagsExclusive(n(a[1]), 'virDomainManagedSave'))],
  ['virDomainManagedSaveDefineXML', after((_c, a) => saveFlagsExclusive(n(a[2]), 'virDomainManagedSaveDefineXML'))],
  ['virDomainCoreDump', after((_c, a) => coreDumpFlags(n(a[2]), 'virDomainCoreDump'))],
  [
    'virDomainCoreDumpWithFormat',
    after((_c, a) => {
      const api = 'virDomainCoreDumpWithFormat';
      const dumpformat = n(a[2]);
      if (dumpformat < 0 || dumpformat >= CORE_DUMP_FORMATS) throw rawInvalidArg(api, 'flags', `dumpformat '${dumpformat}' is not supported`, DOMAIN);
      coreDumpFlags(n(a[3]), api);
    }),
  ],
  liveConfigExclusive('virDomainGetVcpuPinInfo', 3),
  liveConfigExclusive('virDomainGetEmulatorPinInfo', 2),
  liveConfigExclusive('virDomainGetMemoryParameters', 2),
  liveConfigExclusive('virDomainGetBlkioParameters', 2),
  liveConfigExclusive('virDomainGetBlockIoTune', 3),
  liveConfigExclusive('virDomainGetIOThreadInfo', 1),
  [
    'virDomainSnapshotCreateXML',
    after((_c, a) => {
      const api = 'virDomainSnapshotCreateXML';
      const flags = n(a[2]);
      const names = snapshot.CREATE_NAMES;
      checkRequiredFlag(flags, 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT', 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE', names, api, SNAPSHOT);
      checkExclusiveFlags(flags, 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE', 'VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA', names, api, SNAPSHOT);
      checkExclusiveFlags(flags, 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE', 'VIR_DOMAIN_SNAPSHOT_CREATE_HALT', names, api, SNAPSHOT);
    }),
  ],
  [
    'virDomainRevertToSnapshot',
    after((_c, a) => checkExclusiveFlags(n(a[1]), 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING', 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED', snapshot.REVERT_NAMES, 'virDomainRevertToSnapshot', SNAPSHOT)),
  ],
  [
    'virDomainSnapshotDelete',
    after((_c, a) => checkExclusiveFlags(n(a[1]), 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN', 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY', snapshot.DELETE_NAMES, 'virDomainSnapshotDelete', SNAPSHOT)),
  ],
  [
    'virDomainCheckpointCreateXML',
    after((_c, a) => {
      const api = 'virDomainCheckpointCreateXML';
      const flags = n(a[2]);
      const names = checkpoint.CREATE_NAMES;
      checkExclusiveFlags(flags, 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE', 'VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE', names, api, CHECKPOINT);
      checkRequiredFlag(flags, 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE', 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE', names, api, CHECKPOINT);
    }),
  ],
  [
    'virDomainCheckpointDelete',
    after((_c, a) =>
      checkExclusiveFlags(n(a[1]), 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN', 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY', checkpoint.DELETE_NAMES, 'virDomainCheckpointDelete', CHECKPOINT),
    ),
  ],
  // Arguments.
  ['virDomainSetVcpus', after((_c, a) => checkNonZero(n(a[1]), 'nvcpus', 'virDomainSetVcpus', DOMAIN))],
  ['virDomainSetVcpusFlags', after((_c, a) => setVcpusFlags(n(a[1]), n(a[2]), 'virDomainSetVcpusFlags'))],
  ['virDomainPinVcpu', after((_c, a) => checkPositive(len(a[2]), 'maplen', 'virDomainPinVcpu', DOMAIN))],
  ['virDomainPinVcpuFlags', after((_c, a) => checkPositive(len(a[2]), 'maplen', 'virDomainPinVcpuFlags', DOMAIN))],
  ['virDomainSetMaxMemory', after((_c, a) => checkMemoryArg(a[1], 'virDomainSetMaxMemory'))],
  ['virDomainSetMemory', after((_c, a) => checkMemoryArg(a[1], 'virDomainSetMemory'))],
  ['virDomainSetMemoryFlags', after((_c, a) => checkMemoryArg(a[1], 'virDomainSetMemoryFlags'))],
  // Host (libvirt-host.c): driver arguments are the API's own, no reference first.
  [
    'virNodeGetCellsFreeMemory',
    after((_c, a) => {
      checkPositive(n(a[1]), 'maxCells', 'virNodeGetCellsFreeMemory', HOST);
      checkNonNegative(n(a[0]), 'startCell', 'virNodeGetCellsFreeMemory', HOST);
    }),
  ],
  [
    'virNodeGetCPUStats',
    after((_c, a) => {
      const api = 'virNodeGetCPUStats';
      checkNonNegative(n(a[1]), 'nparams', api, HOST);
      if (n(a[0]) < -1) throw rawInvalidArg(api, 'cpuNum', `cpuNum in ${api} only accepts -1 as a negative value`, HOST);
    }),
  ],
  [
    'virNodeGetMemoryStats',
    after((_c, a) => {
      const api = 'virNodeGetMemoryStats';
      checkNonNegative(n(a[1]), 'nparams', api, HOST);
      // libvirt names the argument cpuNum in this check's error fields, but cellNum in its text.
      if (n(a[0]) < -1) throw rawInvalidArg(api, 'cpuNum', `cellNum in ${api} only accepts -1 as a negative value`, HOST);
    }),
  ],
  [
    'virNodeGetFreePages',
    after((_c, a) => {
      checkNonZero(len(a[0]), 'npages', 'virNodeGetFreePages', HOST);
      checkNonZero(n(a[2]), 'cellCount', 'virNodeGetFreePages', HOST);
    }),
  ],
  [
    'virNodeAllocPages',
    after((_c, a) => {
      checkNonZero(len(a[0]), 'npages', 'virNodeAllocPages', HOST);
      checkNonZero(n(a[3]), 'cellCount', 'virNodeAllocPages', HOST);
    }),
  ],
  ['virNodeGetMemoryParameters', after((_c, a) => checkNonNegative(n(a[0]), 'nparams', 'virNodeGetMemoryParameters', HOST))],
  [
    'virStorageVolResize',
    after((_c, a) => {
      if (BigInt(a[1] as bigint | number) === 0n && !(n(a[2]) & RESIZE_DELTA_OR_SHRINK)) {
        throw rawInvalidArg('virStorageVolResize', 'capacity', "capacity in virStorageVolResize cannot be zero without 'delta' or 'shrink' flags set", ErrorDomain.Storage);
      }
    }),
  ],
  // libvirt checks the pid before the connection's read-only flag here.
  [
    'virDomainSendProcessSignal',
    {
      beforeReadOnly: (_c, a) => {
        if (BigInt(a[1] as bigint | number) === 0n) throw rawInvalidArg('virDomainSendProcessSignal', 'pid_value', 'pid_value in virDomainSendProcessSignal must not be zero', DOMAIN);
      },
    },
  ],
]);
