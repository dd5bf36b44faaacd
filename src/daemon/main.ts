// libvirtd: the sequence of remote_daemon.c's main(). Options, config file, logging, pid file,
// the two RPC servers ("libvirtd" with the remote/qemu/lxc programs, "admin"), sockets, state
// drivers, then serve until SIGTERM/SIGINT/SIGQUIT or the -t idle timeout; SIGHUP reloads.
//
// Where tsvirt departs from libvirtd, on purpose:
//  - With -f and unix_sock_dir, every file the daemon writes lives in unix_sock_dir (the pid
//    file defaults to unix_sock_dir/libvirtd.pid; no run directory under /run is created), so it
//    can run beside a system libvirtd without touching its files.
//  - SIGHUP also re-reads libvirtd.conf for the settings that can change at run time (log
//    settings, client limits); libvirtd only reloads its drivers.
//  - -d re-executes the daemon detached (Node cannot fork) with libvirtd's status handshake.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ErrorCode, ErrorDomain, VirError, toVirError } from '../util/error.js';
import { configureLogging, flushLogs, logger } from '../util/log.js';
import { Command, sendHandshake } from '../util/command.js';
import { systemError } from '../util/system-error.js';
import { Server } from '../rpc/server.js';
import { loadDaemonConfig, defaultConfigPath, type DaemonConfig } from './config.js';
import { daemonUsage, parseDaemonArgs, type DaemonOptions } from './options.js';
import { PidFile } from './pid-file.js';
import { NetDaemon } from './net-daemon.js';
import { NetworkSetupError, setupNetworking, socketPaths, userRuntimeDir } from './services.js';
import { StateDrivers, type StateDriver } from './state-drivers.js';
import { buildPrograms } from './remote/index.js';

const log = logger('daemon.libvirtd');

/** libvirt's virDaemonErr codes: the exit status and the status byte sent to a -d parent. */
export enum DaemonErr {
  None = 0,
  Pidfile = 1,
  Rundir = 2,
  Init = 3,
  Signal = 4,
  Privs = 5,
  Network = 6,
  Config = 7,
  Hooks = 8,
  Reexec = 9,
  Audit = 10,
  Driver = 11,
}

const DAEMON_ERR_TEXT = [
  'Initialization successful',
  'Unable to obtain pidfile',
  'Unable to create rundir',
  'Unable to initialize libvirt',
  'Unable to setup signal handlers',
  'Unable to drop privileges',
  'Unable to initialize network sockets',
  'Unable to load configuration file',
  'Unable to look for hook scripts',
  'Unable to re-execute daemon',
  'Unable to initialize audit system',
  'Unable to initialize driver',
];

export interface MainIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

const defaultIo: MainIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/** State drivers the daemon starts; drivers with state add their factory here. */
export const stateDriverFactories: Array<() => StateDriver> = [];

const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

export async function main(argv0: string, args: readonly string[], io: MainIo = defaultIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const privileged = process.getuid?.() === 0;
  const parsed = parseDaemonArgs(argv0, args);
  if (!parsed.ok) {
    if (parsed.usage) {
      io.stderr(`${parsed.message}\n`);
      io.stderr(daemonUsage(argv0, privileged));
    } else if (parsed.message === 'Invalid value for timeout') {
      log.error(parsed.message);
    } else {
      io.stderr(`${parsed.message}\n`);
    }
    return 1;
  }
  const o = parsed.options;
  if (o.version) {
    io.stdout(`${argv0} (libvirt) 9.0.0\n`);
    return 0;
  }
  if (o.help) {
    io.stderr(daemonUsage(argv0, privileged));
    return 0;
  }

  const explicitConfig = o.config !== null;
  const configPath = o.config ?? defaultConfigPath(privileged, env);
  let config: DaemonConfig;
  try {
    config = await loadDaemonConfig(configPath, { privileged, allowMissing: !explicitConfig });
  } catch (e) {
    log.error(`Can't load config file: ${toVirError(e).message}: ${configPath}`);
    return 1;
  }

  if (!checkHostUuid(config)) {
    log.error("Can't setup host uuid");
    return 1;
  }

  // Paths follow from the config when one was named (see the header comment).
  const ownDir = explicitConfig && config.unixSockDir ? resolve(config.unixSockDir) : null;
  const pidPath = resolve(o.pidFile ?? (ownDir ? join(ownDir, 'libvirtd.pid') : defaultPidPath(privileged, env)));
  const paths = socketPaths(privileged, ownDir ?? config.unixSockDir, env);

  try {
    configureLogging({
      level: config.logLevel,
      filters: config.logFilters,
      outputs: config.logOutputs,
      env,
      verbose: o.verbose,
      defaultOutput: o.daemon ? daemonLogOutput(config, privileged, ownDir, env, o.verbose) : undefined,
    });
  } catch (e) {
    io.stderr(`libvirt:  error : ${toVirError(e).message}\n`);
    return 1;
  }

  const isDaemonChild = env['TSVIRT_DAEMON_CHILD'] === '1';
  if (o.daemon && !isDaemonChild) return forkIntoBackground(argv0, args, o, configPath, pidPath, io);
  if (isDaemonChild) {
    delete env['TSVIRT_DAEMON_CHILD'];
    process.chdir('/');
  }

  let pidFile: PidFile;
  try {
    pidFile = await PidFile.acquire(pidPath);
  } catch (e) {
    log.error(toVirError(e).message);
    await sendHandshake(DaemonErr.Pidfile, env);
    return DaemonErr.Pidfile;
  }

  let ret: number = DaemonErr.None;
  const dmn = new NetDaemon();
  const state = new StateDrivers();
  try {
    if (!ownDir) {
      const runDir = privileged ? '/run/libvirt' : userRuntimeDir(env);
      const old = process.umask(privileged ? 0o022 : 0o077);
      try {
        await mkdir(runDir, { recursive: true, mode: 0o777 });
      } catch (e) {
        log.error(`unable to create rundir ${runDir}: ${systemError(e, '').message.slice(2)}`);
        ret = DaemonErr.Rundir;
        return ret;
      } finally {
        process.umask(old);
      }
    }

    const srv = new Server('libvirtd', {
      maxClients: config.maxClients,
      maxAnonymousClients: config.maxAnonymousClients,
      keepaliveInterval: config.keepaliveInterval,
      keepaliveCount: config.keepaliveCount,
    });
    const srvAdm = new Server('admin', {
      maxClients: config.adminMaxClients,
      maxAnonymousClients: 0,
      keepaliveInterval: config.adminKeepaliveInterval,
      keepaliveCount: config.adminKeepaliveCount,
    });
    srv.workerPool = { minWorkers: config.minWorkers, maxWorkers: config.maxWorkers, prioWorkers: config.prioWorkers };
    srvAdm.workerPool = { minWorkers: config.adminMinWorkers, maxWorkers: config.adminMaxWorkers, prioWorkers: 0 };
    dmn.addServer(srv);
    dmn.addServer(srvAdm);
    for (const f of stateDriverFactories) state.register(f());
    const programs = buildPrograms({ privileged, servers: dmn.servers, setDaemonTimeout: (s) => dmn.setAutoShutdown(s) });
    srv.addProgram(programs.remote);
    srv.addProgram(programs.lxc);
    srv.addProgram(programs.qemu);
    srvAdm.addProgram(programs.admin);
    // Clients wait in the queue until the drivers are up, as libvirtd enables its services last.
    srv.setAccepting(false);

    if (o.timeout > 0) dmn.setAutoShutdown(o.timeout);

    let quitting = false;
    for (const sig of ['SIGINT', 'SIGQUIT', 'SIGTERM'] as const) {
      dmn.onSignal(sig, () => {
        // A second request while a shutdown hangs ends the process without the cleanup.
        if (quitting) {
          log.warn(`${sig} during shutdown; exiting now`);
          process.exit(1);
        }
        quitting = true;
        dmn.quit();
      });
    }
    let reloading = false;
    dmn.onSignal('SIGHUP', () => {
      if (reloading || !state.initialized) {
        log.warn('Drivers are not initialized, reload ignored');
        return;
      }
      reloading = true;
      void reload(configPath, explicitConfig, privileged, o, env, srv, srvAdm, state).finally(() => (reloading = false));
    });

    try {
      await setupNetworking(srv, srvAdm, config, paths, { listen: o.listen });
    } catch (e) {
      log.error(e instanceof NetworkSetupError ? e.message : toVirError(e).message);
      ret = DaemonErr.Network;
      return ret;
    }

    await sendHandshake(DaemonErr.None, env);

    // Drivers start after the parent of a -d daemon has been told we are up, as in libvirtd.
    void (async () => {
      try {
        await state.initialize({ privileged, root: null, inhibit: (on) => dmn.inhibit(on) });
        srv.setAccepting(true);
      } catch (e) {
        log.error(toVirError(e).message);
        log.error('Driver state initialization failed');
        dmn.quit();
      }
    })();

    await dmn.run();
    log.debug('shutting down');
    return ret;
  } finally {
    await dmn.close();
    await state.cleanup();
    await pidFile.release();
    if (ret !== DaemonErr.None) await sendHandshake(ret, env);
    await flushLogs();
  }
}

function checkHostUuid(c: DaemonConfig): boolean {
  let uuid: string;
  if (c.hostUuid) {
    uuid = c.hostUuid;
  } else if (!c.hostUuidSource || c.hostUuidSource === 'smbios') {
    return true;
  } else if (c.hostUuidSource === 'machine-id') {
    // Read at first use by the drivers; here only the setting is checked.
    return true;
  } else {
    log.error(`invalid UUID source: ${c.hostUuidSource}`);
    return false;
  }
  // libvirt also refuses an all-equal UUID (dmidecode's placeholder values).
  const hex = uuid.replace(/-/g, '');
  if (!UUID_RE.test(uuid) || /^(.)\1*$/.test(hex)) {
    log.error(`invalid host UUID: ${uuid}`);
    return false;
  }
  return true;
}

function defaultPidPath(privileged: boolean, env: NodeJS.ProcessEnv): string {
  return privileged ? '/run/libvirtd.pid' : join(userRuntimeDir(env), 'libvirtd.pid');
}

function daemonLogOutput(c: DaemonConfig, privileged: boolean, ownDir: string | null, env: NodeJS.ProcessEnv, verbose: boolean): string {
  let level = c.logLevel || 3;
  if (verbose && level > 2) level = 2;
  if (ownDir) return `${level}:file:${join(ownDir, 'libvirtd.log')}`;
  if (privileged) return `${level}:file:/var/log/libvirt/libvirtd.log`;
  const cache = env['XDG_CACHE_HOME'] || join(env['HOME'] || '/', '.cache');
  return `${level}:file:${join(cache, 'libvirt', 'libvirtd.log')}`;
}

/** -d: start ourselves again, detached, and wait for its status byte (virDaemonForkIntoBackground). */
async function forkIntoBackground(argv0: string, args: readonly string[], o: DaemonOptions, configPath: string, pidPath: string, io: MainIo): Promise<number> {
  // Relative paths mean the caller's directory; the child runs in /.
  const childArgs: string[] = [];
  if (o.verbose) childArgs.push('--verbose');
  if (o.listen) childArgs.push('--listen');
  if (o.config !== null) childArgs.push('--config', resolve(configPath));
  childArgs.push('--pid-file', pidPath);
  if (o.timeout > 0) childArgs.push('--timeout', String(o.timeout));
  childArgs.push('--daemon');
  void args;
  const cmd = new Command(process.execPath, ...process.execArgv, process.argv[1]!, ...childArgs)
    .inheritEnv()
    .addEnvPair('TSVIRT_DAEMON_CHILD', '1')
    .daemonize()
    .requireHandshake();
  let status: number | null;
  try {
    status = (await cmd.runDaemon()).handshake;
  } catch (e) {
    log.error(`Failed to fork as daemon: ${toVirError(e).message}`);
    return 1;
  }
  if (status === null) {
    io.stderr(`${argv0}: error: unable to determine if daemon is running: No such file or directory\n`);
    return 1;
  }
  if (status !== 0) {
    io.stderr(`${argv0}: error: ${DAEMON_ERR_TEXT[status] ?? 'Unknown error'}. Check /var/log/messages or run without --daemon for more info.\n`);
    return 1;
  }
  return 0;
}

/** SIGHUP: re-read the settings that can change while running, then reload the drivers. */
async function reload(
  configPath: string,
  explicit: boolean,
  privileged: boolean,
  o: DaemonOptions,
  env: NodeJS.ProcessEnv,
  srv: Server,
  srvAdm: Server,
  state: StateDrivers,
): Promise<void> {
  log.info('Reloading configuration on SIGHUP');
  try {
    const c = await loadDaemonConfig(configPath, { privileged, allowMissing: !explicit });
    configureLogging({ level: c.logLevel, filters: c.logFilters, outputs: c.logOutputs, env, verbose: o.verbose });
    srv.setLimits({ maxClients: c.maxClients, maxAnonymousClients: c.maxAnonymousClients, keepaliveInterval: c.keepaliveInterval, keepaliveCount: c.keepaliveCount });
    srvAdm.setLimits({ maxClients: c.adminMaxClients, keepaliveInterval: c.adminKeepaliveInterval, keepaliveCount: c.adminKeepaliveCount });
  } catch (e) {
    log.warn(`Keeping the current settings: ${toVirError(e).message}`);
  }
  if (!(await state.reload())) log.warn('Error while reloading drivers');
}

export { VirError, ErrorCode, ErrorDomain };
