// How the remote driver reads a connection URI (libvirt's remoteConnectOpen, doRemoteOpen and
// remote_sockets.c): which transport, which socket or host and port, which query parameters it
// consumes, and the name it forwards to the daemon in REMOTE_PROC_CONNECT_OPEN.
//
//   driver[+transport]://[user@][host][:port]/path[?params]
//
// The result is a plain plan; nothing here opens a socket, so the rules are tested as tables.
// Facts of Debian's build: the default remote mode is "legacy" (libvirt's meson option
// remote_default_mode), so with no socket present the legacy libvirtd socket is chosen and no
// modular daemon is probed.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import type { Uri } from '../../util/uri.js';

const report = errorsFrom(ErrorDomain.Remote);
const rpcReport = errorsFrom(ErrorDomain.Rpc);

/** libvirt's remoteDriverTransport, in its enum order. */
export const TRANSPORTS = ['tls', 'unix', 'ssh', 'libssh2', 'ext', 'tcp', 'libssh'] as const;
export type RemoteTransport = (typeof TRANSPORTS)[number];

export const MODES = ['auto', 'legacy', 'direct'] as const;
export type RemoteMode = (typeof MODES)[number];

/** How ssh reaches the daemon on the far side (virNetClientProxy). */
export const PROXIES = ['auto', 'netcat', 'native'] as const;
export type SshProxy = (typeof PROXIES)[number];

/** REMOTE_DRIVER_OPEN_*: the flags doRemoteOpen works with, and sends in CONNECT_OPEN. */
export const RemoteOpenFlag = {
  /** Read-only socket (the same bit as VIR_CONNECT_RO). */
  ReadOnly: 1 << 0,
  /** Per-user (session) socket. */
  User: 1 << 1,
  /** Start a per-user daemon if none listens. */
  Autostart: 1 << 2,
} as const;

export const LIBVIRTD_TCP_PORT = '16509';
export const LIBVIRTD_TLS_PORT = '16514';

/** Where the privileged sockets live: libvirt writes $LOCALSTATEDIR/run, not /run, on purpose. */
const SYSTEM_SOCKET_DIR = '/var/run/libvirt';

export interface RemoteOpenPlan {
  /** The driver part of the scheme ("qemu" of qemu+ssh), or null without a URI. */
  driver: string | null;
  transport: RemoteTransport;
  /** REMOTE_DRIVER_OPEN_* bits; sent as the flags of CONNECT_OPEN. */
  flags: number;
  /** What CONNECT_OPEN carries: the URI without transport, host and consumed parameters. */
  name: string;
  /** True when there was no URI: the daemon's choice is asked with CONNECT_GET_URI afterwards. */
  probeUri: boolean;
  hostname: string;
  /** Only set for tcp and tls (their defaults), or when the URI names one. */
  port: string | null;
  user: string | null;
  /** The daemon's unix socket (unix transport, and the far side of ssh). */
  socketPath: string | null;
  /** The mode the socket was chosen by (null when the socket came from the URI or is not needed). */
  mode: RemoteMode | null;
  proxy: SshProxy;
  command: string | null;
  netcat: string | null;
  keyfile: string | null;
  pkipath: string | null;
  knownHosts: string | null;
  knownHostsVerify: string | null;
  sshauth: string | null;
  tlsPriority: string | null;
  /** auth=sasl|sasl.MECH|polkit */
  authType: string | null;
  sanity: boolean;
  verify: boolean;
  tty: boolean;
  /** Parameters passed through to the daemon in `name`. */
  forwarded: Array<{ name: string; value: string }>;
}

export interface PlanOptions {
  readOnly?: boolean;
  /** Effective uid (default: ours). Root uses the system sockets. */
  euid?: number;
  env?: NodeJS.ProcessEnv;
  /** libvirt.conf values the remote driver reads (remote_mode, remote_proxy, tls_priority). */
  conf?: { remote_mode?: string; remote_proxy?: string; tls_priority?: string };
  /** For tests: whether a socket path exists. */
  exists?: (path: string) => boolean;
}

/** remoteSplitURIScheme */
export function splitRemoteScheme(uri: Uri): { driver: string; transport: RemoteTransport } {
  if (!uri.scheme) throw report(ErrorCode.InvalidArg, 'missing scheme for URI');
  const plus = uri.scheme.indexOf('+');
  if (plus < 0) return { driver: uri.scheme, transport: uri.server ? 'tls' : 'unix' };
  const driver = uri.scheme.slice(0, plus);
  const t = uri.scheme.slice(plus + 1).toLowerCase();
  if (!(TRANSPORTS as readonly string[]).includes(t)) {
    throw report(ErrorCode.InvalidArg, 'remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)');
  }
  if (t === 'unix' && uri.server) throw report(ErrorCode.InvalidArg, `using unix socket and remote server '${uri.server}' is not supported.`);
  return { driver, transport: t as RemoteTransport };
}

/** GLib's g_get_user_runtime_dir() + "/libvirt" (virGetUserRuntimeDirectory). */
export function userRuntimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_RUNTIME_DIR'] || env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(base, 'libvirt');
}

/** remoteGetUNIXSocketHelper: a daemon's socket, per-user or privileged, read-write or read-only. */
export function daemonSocketPath(prefix: string, flags: number, env: NodeJS.ProcessEnv = process.env): string {
  if (flags & RemoteOpenFlag.User) return `${userRuntimeDir(env)}/${prefix}-sock`;
  return `${SYSTEM_SOCKET_DIR}/${prefix}-${flags & RemoteOpenFlag.ReadOnly ? 'sock-ro' : 'sock'}`;
}

/**
 * remoteGetUNIXSocket without daemon probing (Debian builds with remote_default_mode=legacy):
 * auto mode on a unix transport takes the modular daemon's socket if it exists, else libvirtd's.
 */
export function chooseSocket(
  transport: RemoteTransport,
  mode: RemoteMode,
  driver: string | null,
  flags: number,
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = existsSync,
): { path: string; mode: RemoteMode } {
  const direct = driver ? daemonSocketPath(`virt${driver}d`, flags, env) : null;
  const legacy = daemonSocketPath('libvirt', flags, env);
  let m = mode;
  if (m === 'auto') {
    if (transport !== 'unix') m = 'legacy';
    else if (direct && exists(direct)) m = 'direct';
    else m = 'legacy';
  }
  if (m === 'legacy') return { path: legacy, mode: m };
  if (transport !== 'unix') throw report(ErrorCode.OperationUnsupported, `Cannot use direct socket mode for ${transport} transport`);
  if (!direct) throw report(ErrorCode.OperationUnsupported, 'Cannot use direct socket mode if no URI is set');
  return { path: direct, mode: m };
}

/** remoteGetURIDaemonInfo: session socket and autostart for unprivileged users. */
export function daemonFlags(uri: Uri | null, transport: RemoteTransport, euid: number, env: NodeJS.ProcessEnv): number {
  let flags = 0;
  const autostart = env['LIBVIRT_AUTOSTART'];
  if (uri && uri.path && uri.scheme && (uri.path === '/session' || uri.scheme.startsWith('test+')) && euid > 0) {
    flags |= RemoteOpenFlag.User;
    if (!uri.server && transport === 'unix' && autostart !== '0') flags |= RemoteOpenFlag.Autostart;
  }
  if (!uri && euid > 0) {
    flags |= RemoteOpenFlag.User;
    if (autostart !== '0') flags |= RemoteOpenFlag.Autostart;
  }
  return flags;
}

/** GLib's g_string_append_uri_escaped with no reserved characters: all but A-Z a-z 0-9 - . _ ~ */
export function uriEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** virStrToLong_i on a URI parameter, then "== 0" as EXTRACT_URI_ARG_BOOL does. */
function boolParam(name: string, value: string): boolean {
  const t = value.trim();
  if (!/^[+-]?\d+$/.test(t) || Number(t) > 2147483647 || Number(t) < -2147483648) {
    throw report(ErrorCode.InvalidArg, `Failed to parse value of URI component ${name}`);
  }
  return Number(t) === 0;
}

/** The plan doRemoteOpen follows for this URI (null: no URI given, let the daemon choose). */
export function planRemoteOpen(uri: Uri | null, opts: PlanOptions = {}): RemoteOpenPlan {
  const env = opts.env ?? process.env;
  const euid = opts.euid ?? process.geteuid?.() ?? 0;
  const exists = opts.exists ?? existsSync;
  let driver: string | null = null;
  let transport: RemoteTransport = 'unix';
  if (uri) ({ driver, transport } = splitRemoteScheme(uri));
  let flags = daemonFlags(uri, transport, euid, env);
  if (opts.readOnly) flags |= RemoteOpenFlag.ReadOnly;

  const plan: RemoteOpenPlan = {
    driver,
    transport,
    flags,
    name: '',
    probeUri: uri === null,
    hostname: uri?.server ?? 'localhost',
    port: null,
    user: uri?.user ?? null,
    socketPath: null,
    mode: null,
    proxy: 'auto',
    command: null,
    netcat: null,
    keyfile: null,
    pkipath: null,
    knownHosts: null,
    knownHostsVerify: null,
    sshauth: null,
    tlsPriority: null,
    authType: null,
    sanity: true,
    verify: true,
    tty: true,
    forwarded: [],
  };
  if (uri && uri.port !== 0) plan.port = String(uri.port);
  else if (transport === 'tls') plan.port = LIBVIRTD_TLS_PORT;
  else if (transport === 'tcp') plan.port = LIBVIRTD_TCP_PORT;

  let name: string | null = null;
  let modeStr: string | null = null;
  let proxyStr: string | null = null;
  if (uri) {
    // The last occurrence of a parameter wins, as each one overwrites the previous value.
    const strParams: Record<string, (v: string) => void> = {
      name: (v) => (name = v),
      command: (v) => (plan.command = v),
      socket: (v) => (plan.socketPath = v),
      auth: (v) => (plan.authType = v),
      sshauth: (v) => (plan.sshauth = v),
      netcat: (v) => (plan.netcat = v),
      keyfile: (v) => (plan.keyfile = v),
      pkipath: (v) => (plan.pkipath = v),
      known_hosts: (v) => (plan.knownHosts = v),
      known_hosts_verify: (v) => (plan.knownHostsVerify = v),
      tls_priority: (v) => (plan.tlsPriority = v),
      mode: (v) => (modeStr = v),
      proxy: (v) => (proxyStr = v),
    };
    const boolParams: Record<string, (v: boolean) => void> = {
      no_sanity: (v) => (plan.sanity = v),
      no_verify: (v) => (plan.verify = v),
      no_tty: (v) => (plan.tty = v),
    };
    for (const p of uri.params) {
      const key = p.name.toLowerCase();
      const s = strParams[key];
      if (s) {
        s(p.value);
        continue;
      }
      const b = boolParams[key];
      if (b) {
        b(boolParam(p.name, p.value));
        continue;
      }
      // authfile is read by the client's auth layer, never forwarded.
      if (key === 'authfile') continue;
      plan.forwarded.push({ name: p.name, value: p.value });
    }
    if (name === null) {
      if (uri.scheme && (uri.scheme === 'remote' || uri.scheme.startsWith('remote+'))) {
        name = '';
      } else {
        // virURIFormat of { scheme: driver, path, query, fragment } with no server: "drv://path".
        let n = `${driver}://${uri.path ?? ''}`;
        if (plan.forwarded.length) n += '?' + plan.forwarded.map((f) => `${f.name}=${uriEscape(f.value)}`).join('&');
        if (uri.fragment !== null) n += '#' + uri.fragment;
        name = n;
      }
    }
  }
  plan.name = name ?? '';

  modeStr ??= opts.conf?.remote_mode ?? null;
  let mode: RemoteMode = 'auto';
  if (modeStr !== null) {
    if (!(MODES as readonly string[]).includes(modeStr)) throw report(ErrorCode.InvalidArg, `Unknown remote mode '${modeStr}'`);
    mode = modeStr as RemoteMode;
  }
  proxyStr ??= opts.conf?.remote_proxy ?? null;
  if (proxyStr !== null) {
    // libvirt's message has this spelling.
    if (!(PROXIES as readonly string[]).includes(proxyStr)) throw report(ErrorCode.InvalidArg, `Unnkown proxy type '${proxyStr}'`);
    plan.proxy = proxyStr as SshProxy;
  } else if (plan.socketPath) {
    // virt-ssh-helper cannot be told a socket: an explicit one means netcat.
    plan.proxy = 'netcat';
  } else if (flags & RemoteOpenFlag.User) {
    plan.proxy = 'native';
  }
  plan.tlsPriority ??= opts.conf?.tls_priority ?? null;

  if (transport === 'ext' && !plan.command) throw report(ErrorCode.InvalidArg, "remote_open: for 'ext' transport, command is required");

  if ((transport === 'unix' || transport === 'ssh' || transport === 'libssh' || transport === 'libssh2') && !plan.socketPath) {
    const chosen = chooseSocket(transport, mode, driver, flags, env, exists);
    plan.socketPath = chosen.path;
    plan.mode = chosen.mode;
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// The command run on the far side of an ssh connection (virNetClientSSHHelperCommand).

/** virBufferEscapeShell: quote for /bin/sh only when needed. */
export function shellEscape(s: string): string {
  if (s === '') return "''";
  if (!/[\r\t\n !"#$&'()*;<>?[\\\]^`{|}~]/.test(s)) return s;
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** The remote sshd runs our command through a shell, which runs another: escape twice. */
function doubleEscape(s: string): string {
  return shellEscape(shellEscape(s));
}

/**
 * The command line ssh runs on the far side: virt-ssh-helper (native), nc on the daemon's socket
 * (netcat), or a shell test that prefers the first (auto). An explicit netcat path in auto mode
 * means netcat, as in libvirt.
 */
export function sshHelperCommand(proxy: SshProxy, netcat: string | null, socketPath: string | null, name: string, readOnly: boolean): string {
  const nc = doubleEscape(netcat ?? 'nc');
  const uriSafe = doubleEscape(name);
  let p = proxy;
  if (p === 'auto' && netcat !== null) p = 'netcat';
  const nccmd =
    `if '${nc}' -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;` + `'${nc}' $ARG -U ${socketPath}`;
  const helper = `virt-ssh-helper${readOnly ? ' -r ' : ' '}'${uriSafe}'`;
  switch (p) {
    case 'auto':
      return `sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     ${helper}; else    ${nccmd}; fi'`;
    case 'netcat':
      return `sh -c '${nccmd}'`;
    case 'native':
      if (netcat !== null) throw rpcReport(ErrorCode.InvalidArg, 'netcat path not valid with native proxy mode');
      return `sh -c '${helper}'`;
  }
}
