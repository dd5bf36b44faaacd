// libvirtd.conf: every setting libvirt 9.0's daemon reads (remote/remote_daemon_config.c), with
// its defaults, its types and its error texts. Settings the daemon does not know are ignored, as
// libvirtd ignores them (the file is shared with augeas lenses and older releases).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { access } from 'node:fs/promises';
import { ConfFile } from '../util/conf-file.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { logger } from '../util/log.js';

const log = logger('daemon.libvirtd-config');
const report = errorsFrom(ErrorDomain.Conf);

/** How clients on a service authenticate (libvirt's REMOTE_AUTH_* numbers). */
export enum AuthType {
  None = 0,
  Sasl = 1,
  Polkit = 2,
}

/** libvirt's SSF_WARNING_LEVEL: the weakest SASL layer it accepts for tcp_min_ssf. */
const SSF_WARNING_LEVEL = 56;

export interface DaemonConfig {
  hostUuid: string | null;
  hostUuidSource: string | null;

  listenTls: boolean;
  listenTcp: boolean;
  listenAddr: string | null;
  tlsPort: string;
  tcpPort: string;

  unixSockAdminPerms: string;
  unixSockRoPerms: string;
  unixSockRwPerms: string;
  unixSockGroup: string | null;
  unixSockDir: string | null;

  authUnixRw: AuthType;
  authUnixRo: AuthType;
  authTcp: AuthType;
  authTls: AuthType;

  accessDrivers: string[] | null;

  tlsNoVerifyCertificate: boolean;
  tlsNoSanityCertificate: boolean;
  tlsAllowedDnList: string[] | null;
  tlsPriority: string | null;
  tcpMinSsf: number;
  keyFile: string | null;
  certFile: string | null;
  caFile: string | null;
  crlFile: string | null;

  saslAllowedUsernameList: string[] | null;

  minWorkers: number;
  maxWorkers: number;
  maxClients: number;
  maxQueuedClients: number;
  maxAnonymousClients: number;
  prioWorkers: number;
  maxClientRequests: number;

  logLevel: number;
  logFilters: string | null;
  logOutputs: string | null;

  auditLevel: number;
  auditLogging: boolean;

  keepaliveInterval: number;
  keepaliveCount: number;

  adminMinWorkers: number;
  adminMaxWorkers: number;
  adminMaxClients: number;
  adminMaxQueuedClients: number;
  adminMaxClientRequests: number;
  adminKeepaliveInterval: number;
  adminKeepaliveCount: number;

  ovsTimeout: number;
}

/** libvirt's defaults (daemonConfigNew), for the monolithic libvirtd built as Debian builds it. */
export function defaultConfig(privileged: boolean): DaemonConfig {
  // Debian builds with polkit; it is the default for the privileged daemon's unix sockets only.
  const unixAuth = privileged ? AuthType.Polkit : AuthType.None;
  return {
    hostUuid: null,
    hostUuidSource: null,
    listenTls: true, // honoured only with --listen
    listenTcp: false,
    listenAddr: null,
    tlsPort: '16514',
    tcpPort: '16509',
    unixSockAdminPerms: '0700',
    unixSockRoPerms: '0777',
    unixSockRwPerms: unixAuth === AuthType.Polkit ? '0777' : '0700',
    unixSockGroup: null,
    unixSockDir: null,
    authUnixRw: unixAuth,
    authUnixRo: unixAuth,
    authTcp: AuthType.Sasl,
    authTls: AuthType.None,
    accessDrivers: null,
    tlsNoVerifyCertificate: false,
    tlsNoSanityCertificate: false,
    tlsAllowedDnList: null,
    tlsPriority: null,
    tcpMinSsf: SSF_WARNING_LEVEL,
    keyFile: null,
    certFile: null,
    caFile: null,
    crlFile: null,
    saslAllowedUsernameList: null,
    minWorkers: 5,
    maxWorkers: 20,
    maxClients: 5000,
    maxQueuedClients: 1000,
    maxAnonymousClients: 20,
    prioWorkers: 5,
    maxClientRequests: 5,
    logLevel: 0,
    logFilters: null,
    logOutputs: null,
    auditLevel: 1,
    auditLogging: false,
    keepaliveInterval: 5,
    keepaliveCount: 5,
    adminMinWorkers: 5,
    adminMaxWorkers: 20,
    adminMaxClients: 5000,
    adminMaxQueuedClients: 20,
    adminMaxClientRequests: 5,
    adminKeepaliveInterval: 5,
    adminKeepaliveCount: 5,
    ovsTimeout: 5,
  };
}

/** The config file read when -f is not given. */
export function defaultConfigPath(privileged: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (privileged) return '/etc/libvirt/libvirtd.conf';
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'libvirt', 'libvirtd.conf');
}

function readAuth(conf: ConfFile, filename: string, key: string): AuthType | undefined {
  const s = conf.getString(key);
  if (s === undefined) return undefined;
  if (s === 'none') return AuthType.None;
  if (s === 'sasl') return AuthType.Sasl;
  if (s === 'polkit') return AuthType.Polkit;
  throw report(ErrorCode.ConfigUnsupported, `${filename}: ${key}: unsupported auth ${s}`);
}

/** Overwrite fields of `c` with what the file sets, in libvirt's order (so the first bad key reported is libvirt's). */
export function applyConfFile(c: DaemonConfig, conf: ConfFile, filename: string): DaemonConfig {
  const set = <K extends keyof DaemonConfig>(k: K, v: DaemonConfig[K] | undefined) => {
    if (v !== undefined) c[k] = v;
  };
  set('listenTcp', conf.getBool('listen_tcp'));
  set('listenTls', conf.getBool('listen_tls'));
  set('tlsPort', conf.getString('tls_port'));
  set('tcpPort', conf.getString('tcp_port'));
  set('listenAddr', conf.getString('listen_addr'));

  set('authUnixRw', readAuth(conf, filename, 'auth_unix_rw'));
  // With polkit checking each client, the rw socket is opened to everyone, as libvirt does;
  // an explicit unix_sock_rw_perms below still wins.
  if (c.authUnixRw === AuthType.Polkit) c.unixSockRwPerms = '0777';
  set('authUnixRo', readAuth(conf, filename, 'auth_unix_ro'));
  set('authTcp', readAuth(conf, filename, 'auth_tcp'));
  set('authTls', readAuth(conf, filename, 'auth_tls'));

  set('accessDrivers', conf.getStringList('access_drivers'));

  set('unixSockGroup', conf.getString('unix_sock_group'));
  set('unixSockAdminPerms', conf.getString('unix_sock_admin_perms'));
  set('unixSockRoPerms', conf.getString('unix_sock_ro_perms'));
  set('unixSockRwPerms', conf.getString('unix_sock_rw_perms'));
  set('unixSockDir', conf.getString('unix_sock_dir'));

  set('tlsNoSanityCertificate', conf.getBool('tls_no_sanity_certificate'));
  set('tlsNoVerifyCertificate', conf.getBool('tls_no_verify_certificate'));
  set('keyFile', conf.getString('key_file'));
  set('certFile', conf.getString('cert_file'));
  set('caFile', conf.getString('ca_file'));
  set('crlFile', conf.getString('crl_file'));
  set('tlsAllowedDnList', conf.getStringList('tls_allowed_dn_list'));
  set('tlsPriority', conf.getString('tls_priority'));
  const ssf = conf.getUInt('tcp_min_ssf');
  if (ssf !== undefined) {
    if (ssf < SSF_WARNING_LEVEL) {
      throw report(ErrorCode.ConfigUnsupported, `minimum SSF levels lower than ${SSF_WARNING_LEVEL} are not supported`);
    }
    c.tcpMinSsf = ssf;
  }

  set('saslAllowedUsernameList', conf.getStringList('sasl_allowed_username_list'));

  set('minWorkers', conf.getUInt('min_workers'));
  set('maxWorkers', conf.getUInt('max_workers'));
  if (c.maxWorkers < 1) {
    throw errorsFrom(ErrorDomain.Conf)(ErrorCode.InternalError, "'max_workers' must be greater than 0");
  }
  set('maxClients', conf.getUInt('max_clients'));
  set('maxQueuedClients', conf.getUInt('max_queued_clients'));
  set('maxAnonymousClients', conf.getUInt('max_anonymous_clients'));
  set('prioWorkers', conf.getUInt('prio_workers'));
  set('maxClientRequests', conf.getUInt('max_client_requests'));

  set('adminMinWorkers', conf.getUInt('admin_min_workers'));
  set('adminMaxWorkers', conf.getUInt('admin_max_workers'));
  set('adminMaxClients', conf.getUInt('admin_max_clients'));
  set('adminMaxQueuedClients', conf.getUInt('admin_max_queued_clients'));
  set('adminMaxClientRequests', conf.getUInt('admin_max_client_requests'));

  set('auditLevel', conf.getUInt('audit_level'));
  set('auditLogging', conf.getBool('audit_logging'));

  set('hostUuid', conf.getString('host_uuid'));
  set('hostUuidSource', conf.getString('host_uuid_source'));

  set('logLevel', conf.getUInt('log_level'));
  set('logFilters', conf.getString('log_filters'));
  set('logOutputs', conf.getString('log_outputs'));

  set('keepaliveInterval', conf.getInt('keepalive_interval'));
  set('keepaliveCount', conf.getUInt('keepalive_count'));
  set('adminKeepaliveInterval', conf.getInt('admin_keepalive_interval'));
  set('adminKeepaliveCount', conf.getUInt('admin_keepalive_count'));

  set('ovsTimeout', conf.getUInt('ovs_timeout'));

  const known = new Set(Object.values(KEYS));
  for (const name of conf.names()) {
    if (!known.has(name)) log.debug(() => `${filename}: ignoring unknown setting '${name}'`);
  }
  return c;
}

/** The file's key for each field (for reload diagnostics and tests). */
export const KEYS: Record<keyof DaemonConfig, string> = {
  hostUuid: 'host_uuid',
  hostUuidSource: 'host_uuid_source',
  listenTls: 'listen_tls',
  listenTcp: 'listen_tcp',
  listenAddr: 'listen_addr',
  tlsPort: 'tls_port',
  tcpPort: 'tcp_port',
  unixSockAdminPerms: 'unix_sock_admin_perms',
  unixSockRoPerms: 'unix_sock_ro_perms',
  unixSockRwPerms: 'unix_sock_rw_perms',
  unixSockGroup: 'unix_sock_group',
  unixSockDir: 'unix_sock_dir',
  authUnixRw: 'auth_unix_rw',
  authUnixRo: 'auth_unix_ro',
  authTcp: 'auth_tcp',
  authTls: 'auth_tls',
  accessDrivers: 'access_drivers',
  tlsNoVerifyCertificate: 'tls_no_verify_certificate',
  tlsNoSanityCertificate: 'tls_no_sanity_certificate',
  tlsAllowedDnList: 'tls_allowed_dn_list',
  tlsPriority: 'tls_priority',
  tcpMinSsf: 'tcp_min_ssf',
  keyFile: 'key_file',
  certFile: 'cert_file',
  caFile: 'ca_file',
  crlFile: 'crl_file',
  saslAllowedUsernameList: 'sasl_allowed_username_list',
  minWorkers: 'min_workers',
  maxWorkers: 'max_workers',
  maxClients: 'max_clients',
  maxQueuedClients: 'max_queued_clients',
  maxAnonymousClients: 'max_anonymous_clients',
  prioWorkers: 'prio_workers',
  maxClientRequests: 'max_client_requests',
  logLevel: 'log_level',
  logFilters: 'log_filters',
  logOutputs: 'log_outputs',
  auditLevel: 'audit_level',
  auditLogging: 'audit_logging',
  keepaliveInterval: 'keepalive_interval',
  keepaliveCount: 'keepalive_count',
  adminMinWorkers: 'admin_min_workers',
  adminMaxWorkers: 'admin_max_workers',
  adminMaxClients: 'admin_max_clients',
  adminMaxQueuedClients: 'admin_max_queued_clients',
  adminMaxClientRequests: 'admin_max_client_requests',
  adminKeepaliveInterval: 'admin_keepalive_interval',
  adminKeepaliveCount: 'admin_keepalive_count',
  ovsTimeout: 'ovs_timeout',
};

/**
 * Load the daemon's settings: defaults, then the file. A missing file is an error only when it
 * was named with -f (libvirtd tolerates a missing default file).
 */
export async function loadDaemonConfig(path: string, opts: { privileged: boolean; allowMissing: boolean }): Promise<DaemonConfig> {
  const c = defaultConfig(opts.privileged);
  if (opts.allowMissing) {
    try {
      await access(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return c;
    }
  }
  const conf = await ConfFile.read(path);
  return applyConfFile(c, conf, path);
}

/** Parse a permission string as libvirt does (virStrToLong_i base 8, whole string). */
export function parseMode(s: string): number | null {
  if (!/^\s*[+-]?[0-7]+$/.test(s)) return null;
  const n = parseInt(s, 8);
  return Number.isFinite(n) ? n : null;
}
