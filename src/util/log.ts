// Logging by category, filtered by the user's rules, in libvirt's format (util/virlog.c).
//
// Each module names its category once: `const log = logger('rpc.server')`. Whether a message is
// emitted depends on the first filter whose pattern matches the category (libvirt treats a filter
// "3:remote" as the glob "*remote*"), else on the default priority. A logger caches its decision
// and re-evaluates only when the settings change, so a disabled debug call costs one comparison;
// pass a function (`log.debug(() => …)`) to skip building the text as well.
//
// Settings come from libvirtd.conf (log_level, log_filters, log_outputs) and then from
// LIBVIRT_DEBUG, LIBVIRT_LOG_FILTERS and LIBVIRT_LOG_OUTPUTS, which win. Outputs are stderr and
// file:PATH; syslog:NAME and journald are accepted (the syntax is libvirt's) and go to stderr,
// since Node has no syslog(3).
import { createWriteStream, type WriteStream } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { ErrorCode, ErrorDomain, errorsFrom, type VirError } from './error.js';

export enum LogPriority {
  Debug = 1,
  Info = 2,
  Warn = 3,
  Error = 4,
}

/** libvirt's VIR_LOG_DEFAULT. */
const DEFAULT_PRIORITY = LogPriority.Warn;

const PRIORITY_NAMES = ['', 'debug', 'info', 'warning', 'error'] as const;

/** The first line each output receives, as libvirt writes it (VIR_LOG_VERSION_STRING without a packager). */
const VERSION_STRING = 'libvirt version: 9.0.0';

const report = errorsFrom(ErrorDomain.None);

export type LogMessage = string | (() => string);

export interface Logger {
  readonly category: string;
  debug(msg: LogMessage): void;
  info(msg: LogMessage): void;
  warn(msg: LogMessage): void;
  error(msg: LogMessage): void;
  /** Whether a message of this priority would be emitted (for work beyond formatting). */
  enabled(p: LogPriority): boolean;
}

export interface LogFilter {
  match: string;
  priority: LogPriority;
  /** The glob compiled to a RegExp. */
  re: RegExp;
}

export type LogDestination = 'stderr' | 'syslog' | 'file' | 'journald';

export interface LogOutput {
  priority: LogPriority;
  dest: LogDestination;
  /** File path (absolute) or syslog ident. */
  name: string | null;
  /** Set until the output has printed libvirt's version and hostname lines. */
  needInit: boolean;
  write(line: string): void;
  /** Resolves once everything written has reached the file. */
  close(): Promise<void>;
}

/** The sink for stderr outputs; tests replace it to capture lines. */
let stderrSink: (line: string) => void = (line) => {
  process.stderr.write(line);
};

let defaultPriority: LogPriority = DEFAULT_PRIORITY;
let filters: LogFilter[] = [];
let outputs: LogOutput[] = [];
/** Bumped on every settings change so loggers know to recompute their threshold. */
let serial = 1;
/** With no outputs defined, messages go to stderr; the init lines are printed once for that too. */
let stderrInitDone = false;

/** libvirt's timestamp: UTC with milliseconds and a literal +0000. */
export function logTimestamp(now = new Date()): string {
  const iso = now.toISOString(); // 2026-11-25T08:35:00.870Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}+0000`;
}

function formatLine(ts: string, priority: LogPriority, category: string | null, msg: string): string {
  // libvirt writes "ts: tid: level : func:line : msg"; our code has no cheap function name, so
  // the slot holds the category, which names the module just as precisely.
  if (category === null) return `${ts}: ${process.pid}: ${PRIORITY_NAMES[priority]} : ${msg}\n`;
  return `${ts}: ${process.pid}: ${PRIORITY_NAMES[priority]} : ${category} : ${msg}\n`;
}

function initLines(ts: string): string {
  return formatLine(ts, LogPriority.Info, null, VERSION_STRING) + formatLine(ts, LogPriority.Info, null, `hostname: ${hostname()}`);
}

function emit(priority: LogPriority, category: string, msg: string): void {
  const ts = logTimestamp();
  const line = formatLine(ts, priority, category, msg);
  if (outputs.length === 0) {
    if (!stderrInitDone) {
      stderrInitDone = true;
      stderrSink(initLines(ts));
    }
    stderrSink(line);
    return;
  }
  for (const o of outputs) {
    if (priority < o.priority) continue;
    if (o.needInit) {
      o.needInit = false;
      o.write(initLines(ts));
    }
    o.write(line);
  }
}

function thresholdFor(category: string): LogPriority {
  for (const f of filters) if (f.re.test(category)) return f.priority;
  return defaultPriority;
}

class CategoryLogger implements Logger {
  #serial = 0;
  #threshold: LogPriority = DEFAULT_PRIORITY;

  constructor(readonly category: string) {}

  enabled(p: LogPriority): boolean {
    if (this.#serial !== serial) {
      this.#threshold = thresholdFor(this.category);
      this.#serial = serial;
    }
    return p >= this.#threshold;
  }

  #log(p: LogPriority, msg: LogMessage): void {
    if (!this.enabled(p)) return;
    emit(p, this.category, typeof msg === 'function' ? msg() : msg);
  }

  debug(msg: LogMessage): void {
    this.#log(LogPriority.Debug, msg);
  }

  info(msg: LogMessage): void {
    this.#log(LogPriority.Info, msg);
  }

  warn(msg: LogMessage): void {
    this.#log(LogPriority.Warn, msg);
  }

  error(msg: LogMessage): void {
    this.#log(LogPriority.Error, msg);
  }
}

const loggers = new Map<string, CategoryLogger>();

/** The logger for one category (a dotted module name such as 'rpc.server'). */
export function logger(category: string): Logger {
  let l = loggers.get(category);
  if (!l) {
    l = new CategoryLogger(category);
    loggers.set(category, l);
  }
  return l;
}

function invalid(detail: string): VirError {
  return report(ErrorCode.InvalidArg, detail);
}

/** glib's g_pattern_match_simple: '*' is any run, '?' one character, nothing else is special. */
function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const c of glob) {
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else src += c.replace(/[\\^$.+()[\]{}|]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 's');
}

function parsePriorityToken(tok: string): LogPriority | null {
  // virStrToLong_uip: decimal digits only, whole string, value 1..4.
  if (!/^\s*\+?\d+$/.test(tok)) return null;
  const n = Number(tok);
  if (n < LogPriority.Debug || n > LogPriority.Error) return null;
  return n as LogPriority;
}

/** Parse "1:qemu 3:remote +" style filters; a leading '+' on a match (once a stack-trace flag) is dropped. */
export function parseFilters(src: string): LogFilter[] {
  const out: LogFilter[] = [];
  for (const item of src.split(' ')) {
    if (item === '') continue;
    const tokens = item.split(':');
    if (tokens.length < 2) throw invalid(`Malformed format for filter '${item}'`);
    const prio = parsePriorityToken(tokens[0]!);
    if (prio === null) throw invalid(`Invalid priority '${tokens[0]}' for filter '${item}'`);
    let match = tokens[1]!;
    if (match.startsWith('+')) match = match.slice(1);
    if (match === '') throw invalid(`Invalid match string '${tokens[1]}'`);
    out.push({ match, priority: prio, re: globToRegExp(`*${match}*`) });
  }
  return out;
}

interface OutputSpec {
  priority: LogPriority;
  dest: LogDestination;
  name: string | null;
}

/** Parse "1:stderr 3:file:/path 2:syslog:name"; a later output of the same destination replaces an earlier one. */
export function parseOutputs(src: string): OutputSpec[] {
  const list: OutputSpec[] = [];
  for (const item of src.split(' ')) {
    if (item === '') continue;
    const tokens = item.split(':');
    if (tokens.length < 2) throw invalid(`Malformed format for log output '${item}'`);
    const prio = parsePriorityToken(tokens[0]!);
    if (prio === null) throw invalid(`Invalid log priority '${tokens[0]}' for log output '${item}'`);
    const dest = tokens[1] as LogDestination;
    if (!['stderr', 'syslog', 'file', 'journald'].includes(dest)) {
      throw invalid(`Invalid log destination '${tokens[1]}' for log output '${item}'`);
    }
    const needsName = dest === 'file' || dest === 'syslog';
    if (tokens.length !== (needsName ? 3 : 2)) {
      throw invalid(`Log output '${item}' does not meet the format requirements for destination type '${dest}'`);
    }
    const name = dest === 'file' ? resolve(tokens[2]!) : (tokens[2] ?? null);
    const at = list.findIndex((o) => o.dest === dest && (dest !== 'file' || o.name === name));
    list.push({ priority: prio, dest, name });
    if (at >= 0) list.splice(at, 1);
  }
  return list;
}

function openOutput(spec: OutputSpec): LogOutput {
  if (spec.dest === 'file') {
    let stream: WriteStream | null = createWriteStream(spec.name!, { flags: 'a', mode: 0o600 });
    stream.on('error', (e) => {
      // A log file that cannot be written must not take the daemon down; say so once on stderr.
      stderrSink(formatLine(logTimestamp(), LogPriority.Error, 'util.log', `failed to write ${spec.name}: ${e.message}`));
      stream = null;
    });
    return {
      ...spec,
      needInit: true,
      write: (line) => stream?.write(line),
      close: () =>
        new Promise<void>((res) => {
          if (!stream || stream.closed) return res();
          stream.end(() => res());
        }),
    };
  }
  return { ...spec, needInit: true, write: (line) => stderrSink(line), close: async () => {} };
}

export interface LogSettings {
  /** 0 or absent keeps the current default priority. */
  level?: number;
  filters?: string | null;
  outputs?: string | null;
}

/** Parse a priority given as 1-4 or debug/info/warning/error (LIBVIRT_DEBUG). */
export function parseDefaultPriority(s: string): LogPriority {
  const names: Record<string, LogPriority> = {
    '1': LogPriority.Debug, debug: LogPriority.Debug,
    '2': LogPriority.Info, info: LogPriority.Info,
    '3': LogPriority.Warn, warning: LogPriority.Warn,
    '4': LogPriority.Error, error: LogPriority.Error,
  };
  const p = names[s];
  if (p === undefined) throw invalid(`Failed to set logging priority, argument '${s}' is invalid`);
  return p;
}

function checkPriority(n: number): LogPriority {
  if (!Number.isInteger(n) || n < LogPriority.Debug || n > LogPriority.Error) {
    throw invalid(`Failed to set logging priority, argument '${n}' is invalid`);
  }
  return n as LogPriority;
}

export interface DaemonLogOptions extends LogSettings {
  env?: NodeJS.ProcessEnv;
  verbose?: boolean;
  /** Output used when neither the config nor the environment names one. */
  defaultOutput?: string;
}

/**
 * Configure logging as a libvirt daemon does at start and on reload: config, then environment,
 * then --verbose, then a default output if none was set. Everything is parsed before anything is
 * applied, so a bad setting leaves the previous configuration in place.
 */
export function configureLogging(o: DaemonLogOptions): void {
  const env = o.env ?? process.env;
  let level = o.level ? checkPriority(o.level) : DEFAULT_PRIORITY;
  let filterList = parseFilters(o.filters ?? '');
  let outputSpecs = o.outputs ? parseOutputs(o.outputs) : [];
  if (env['LIBVIRT_DEBUG']) level = parseDefaultPriority(env['LIBVIRT_DEBUG']);
  if (env['LIBVIRT_LOG_FILTERS']) filterList = parseFilters(env['LIBVIRT_LOG_FILTERS']);
  if (env['LIBVIRT_LOG_OUTPUTS']) outputSpecs = parseOutputs(env['LIBVIRT_LOG_OUTPUTS']);
  if (o.verbose && level > LogPriority.Info) level = LogPriority.Info;
  if (outputSpecs.length === 0) outputSpecs = parseOutputs(o.defaultOutput ?? `${level}:stderr`);
  applySettings(level, filterList, outputSpecs);
}

function applySettings(level: LogPriority, filterList: LogFilter[], specs: OutputSpec[]): void {
  const opened = specs.map(openOutput);
  for (const o of outputs) void o.close();
  defaultPriority = level;
  filters = filterList;
  outputs = opened;
  serial++;
}

/** Back to libvirt's initial state: priority warning, no filters, stderr. */
export function resetLogging(): void {
  for (const o of outputs) void o.close();
  defaultPriority = DEFAULT_PRIORITY;
  filters = [];
  outputs = [];
  stderrInitDone = false;
  serial++;
}

/** Settings applied to the library side (virsh, API users): only the environment counts. */
export function configureFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  if (!env['LIBVIRT_DEBUG'] && !env['LIBVIRT_LOG_FILTERS'] && !env['LIBVIRT_LOG_OUTPUTS']) return;
  let level = defaultPriority;
  let filterList = filters;
  if (env['LIBVIRT_DEBUG']) level = parseDefaultPriority(env['LIBVIRT_DEBUG']);
  if (env['LIBVIRT_LOG_FILTERS']) filterList = parseFilters(env['LIBVIRT_LOG_FILTERS']);
  const specs = env['LIBVIRT_LOG_OUTPUTS'] ? parseOutputs(env['LIBVIRT_LOG_OUTPUTS']) : [];
  applySettings(level, filterList, specs);
}

/** The settings in libvirt's string forms (virt-admin daemon-log-filters / -outputs show these). */
export function currentLogSettings(): { level: LogPriority; filters: string; outputs: string } {
  return {
    level: defaultPriority,
    filters: filters.map((f) => `${f.priority}:${f.match}`).join(' '),
    outputs: outputs.map((o) => (o.name === null ? `${o.priority}:${o.dest}` : `${o.priority}:${o.dest}:${o.name}`)).join(' '),
  };
}

/** Flush file outputs (before exit). */
export async function flushLogs(): Promise<void> {
  const closing = outputs.map((o) => o.close());
  outputs = [];
  serial++;
  await Promise.all(closing);
}

/** Redirect stderr outputs (tests). Returns the previous sink. */
export function setStderrSink(fn: (line: string) => void): (line: string) => void {
  const prev = stderrSink;
  stderrSink = fn;
  return prev;
}
