// Flags and enums with libvirt's numeric values (include/libvirt/libvirt-*.h).

/** virDomainState */
export enum DomainState {
  NoState = 0,
  Running = 1,
  Blocked = 2,
  Paused = 3,
  Shutdown = 4,
  Shutoff = 5,
  Crashed = 6,
  PMSuspended = 7,
}

/** virConnectListAllDomainsFlags */
export const ListDomainsFlags = {
  ACTIVE: 1 << 0,
  INACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  RUNNING: 1 << 4,
  PAUSED: 1 << 5,
  SHUTOFF: 1 << 6,
  OTHER: 1 << 7,
  MANAGEDSAVE: 1 << 8,
  NO_MANAGEDSAVE: 1 << 9,
  AUTOSTART: 1 << 10,
  NO_AUTOSTART: 1 << 11,
  HAS_SNAPSHOT: 1 << 12,
  NO_SNAPSHOT: 1 << 13,
  HAS_CHECKPOINT: 1 << 14,
  NO_CHECKPOINT: 1 << 15,
} as const;

/** virDomainXMLFlags */
export const DomainXMLFlags = {
  SECURE: 1 << 0,
  INACTIVE: 1 << 1,
  UPDATE_CPU: 1 << 2,
  MIGRATABLE: 1 << 3,
} as const;

// --- events (events area; libvirt-domain.h, libvirt-network.h, libvirt-storage.h,
// libvirt-nodedev.h, libvirt-secret.h) ---

/** virDomainEventID */
export const DomainEventID = {
  LIFECYCLE: 0,
  REBOOT: 1,
  RTC_CHANGE: 2,
  WATCHDOG: 3,
  IO_ERROR: 4,
  GRAPHICS: 5,
  IO_ERROR_REASON: 6,
  CONTROL_ERROR: 7,
  BLOCK_JOB: 8,
  DISK_CHANGE: 9,
  TRAY_CHANGE: 10,
  PMWAKEUP: 11,
  PMSUSPEND: 12,
  BALLOON_CHANGE: 13,
  PMSUSPEND_DISK: 14,
  DEVICE_REMOVED: 15,
  BLOCK_JOB_2: 16,
  TUNABLE: 17,
  AGENT_LIFECYCLE: 18,
  DEVICE_ADDED: 19,
  MIGRATION_ITERATION: 20,
  JOB_COMPLETED: 21,
  DEVICE_REMOVAL_FAILED: 22,
  METADATA_CHANGE: 23,
  BLOCK_THRESHOLD: 24,
  MEMORY_FAILURE: 25,
  MEMORY_DEVICE_SIZE_CHANGE: 26,
} as const;
export type DomainEventIDValue = (typeof DomainEventID)[keyof typeof DomainEventID];
/** VIR_DOMAIN_EVENT_ID_LAST in libvirt 9.0 */
export const DOMAIN_EVENT_ID_LAST = 27;

/** virDomainEventType */
export const DomainEventType = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  SUSPENDED: 3,
  RESUMED: 4,
  STOPPED: 5,
  SHUTDOWN: 6,
  PMSUSPENDED: 7,
  CRASHED: 8,
} as const;

/** virDomainEvent*DetailType, by event type */
export const DomainEventDefinedDetail = { ADDED: 0, UPDATED: 1, RENAMED: 2, FROM_SNAPSHOT: 3 } as const;
export const DomainEventUndefinedDetail = { REMOVED: 0, RENAMED: 1 } as const;
export const DomainEventStartedDetail = { BOOTED: 0, MIGRATED: 1, RESTORED: 2, FROM_SNAPSHOT: 3, WAKEUP: 4 } as const;
export const DomainEventSuspendedDetail = {
  PAUSED: 0,
  MIGRATED: 1,
  IOERROR: 2,
  WATCHDOG: 3,
  RESTORED: 4,
  FROM_SNAPSHOT: 5,
  API_ERROR: 6,
  POSTCOPY: 7,
  POSTCOPY_FAILED: 8,
} as const;
export const DomainEventResumedDetail = { UNPAUSED: 0, MIGRATED: 1, FROM_SNAPSHOT: 2, POSTCOPY: 3, POSTCOPY_FAILED: 4 } as const;
export const DomainEventStoppedDetail = { SHUTDOWN: 0, DESTROYED: 1, CRASHED: 2, MIGRATED: 3, SAVED: 4, FAILED: 5, FROM_SNAPSHOT: 6 } as const;
export const DomainEventShutdownDetail = { FINISHED: 0, GUEST: 1, HOST: 2 } as const;
export const DomainEventPMSuspendedDetail = { MEMORY: 0, DISK: 1 } as const;
export const DomainEventCrashedDetail = { PANICKED: 0, CRASHLOADED: 1 } as const;

/** virDomainEventWatchdogAction */
export const DomainEventWatchdogAction = { NONE: 0, PAUSE: 1, RESET: 2, POWEROFF: 3, SHUTDOWN: 4, DEBUG: 5, INJECTNMI: 6 } as const;
/** virDomainEventIOErrorAction */
export const DomainEventIOErrorAction = { NONE: 0, PAUSE: 1, REPORT: 2 } as const;
/** virDomainEventGraphicsPhase */
export const DomainEventGraphicsPhase = { CONNECT: 0, INITIALIZE: 1, DISCONNECT: 2 } as const;
/** virDomainEventGraphicsAddressType */
export const DomainEventGraphicsAddressType = { IPV4: 0, IPV6: 1, UNIX: 2 } as const;
/** virDomainBlockJobType */
export const DomainBlockJobType = { UNKNOWN: 0, PULL: 1, COPY: 2, COMMIT: 3, ACTIVE_COMMIT: 4, BACKUP: 5 } as const;
/** virConnectDomainEventBlockJobStatus */
export const DomainBlockJobStatus = { COMPLETED: 0, FAILED: 1, CANCELED: 2, READY: 3 } as const;
/** virConnectDomainEventDiskChangeReason */
export const DomainEventDiskChangeReason = { MISSING_ON_START: 0, DROP_MISSING_ON_START: 1 } as const;
/** virDomainEventTrayChangeReason */
export const DomainEventTrayChangeReason = { OPEN: 0, CLOSE: 1 } as const;
/** virConnectDomainEventAgentLifecycleState */
export const DomainEventAgentLifecycleState = { CONNECTED: 1, DISCONNECTED: 2 } as const;
/** virConnectDomainEventAgentLifecycleReason */
export const DomainEventAgentLifecycleReason = { UNKNOWN: 0, DOMAIN_STARTED: 1, CHANNEL: 2 } as const;
/** virDomainMetadataType */
export const DomainMetadataType = { DESCRIPTION: 0, TITLE: 1, ELEMENT: 2 } as const;
/** virDomainMemoryFailureRecipientType */
export const DomainMemoryFailureRecipient = { HYPERVISOR: 0, GUEST: 1 } as const;
/** virDomainMemoryFailureActionType */
export const DomainMemoryFailureAction = { IGNORE: 0, INJECT: 1, FATAL: 2, RESET: 3 } as const;
/** virDomainMemoryFailureFlags */
export const DomainMemoryFailureFlags = { ACTION_REQUIRED: 1 << 0, RECURSIVE: 1 << 1 } as const;

/** virNetworkEventID (libvirt 9.0 has the lifecycle event only) */
export const NetworkEventID = { LIFECYCLE: 0 } as const;
export const NETWORK_EVENT_ID_LAST = 1;
/** virStoragePoolEventID */
export const StoragePoolEventID = { LIFECYCLE: 0, REFRESH: 1 } as const;
export const STORAGE_POOL_EVENT_ID_LAST = 2;
/** virNodeDeviceEventLifecycleType (the event IDs are NodeDeviceEventID in node-device.ts) */
export const NodeDeviceEventLifecycle = { CREATED: 0, DELETED: 1, DEFINED: 2, UNDEFINED: 3 } as const;
export const NODE_DEVICE_EVENT_ID_LAST = 2;
/** virSecretEventLifecycleType (the event IDs are SecretEventID in secret.ts) */
export const SecretEventLifecycle = { DEFINED: 0, UNDEFINED: 1 } as const;
export const SECRET_EVENT_ID_LAST = 2;
// close area
/** virConnectCloseReason: why a connection's close callback was called. */
export const ConnectCloseReason = { ERROR: 0, EOF: 1, KEEPALIVE: 2, CLIENT: 3 } as const;
