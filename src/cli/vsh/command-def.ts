// The shape of a virsh (or virt-admin) command: a declarative entry, as libvirt's vshCmdDef.
// One parser, one help printer and one table printer serve every command (see parse-options.ts,
// help.ts, table.ts).
import type { Connect } from '../../api/connect.js';

/** vshCmdOptType */
export type OptType =
  | 'bool' // --name
  | 'string' // --name VALUE; also filled positionally (in definition order) unless `reqOpt`
  | 'int' // --name NUMBER; also positional unless `reqOpt`
  | 'data' // a required positional string (VSH_OT_DATA)
  | 'argv' // all remaining arguments (VSH_OT_ARGV)
  | 'alias'; // another spelling: `help` holds the target "name" or "name=value"

export interface OptDef {
  name: string;
  type: OptType;
  /** VSH_OFLAG_REQ */
  required?: boolean;
  /** VSH_OFLAG_EMPTY_OK */
  emptyOk?: boolean;
  /** VSH_OFLAG_REQ_OPT: must be given with its --name */
  reqOpt?: boolean;
  /** Help text; for an alias, the target option ("name" or "name=value"). */
  help: string;
}

export interface CommandInfo {
  /** One-line summary (our own words). */
  help: string;
  /** Longer description (our own words). */
  desc: string;
}

export interface CommandDef {
  name: string;
  info: CommandInfo;
  opts: OptDef[];
  /** VSH_CMD_FLAG_NOCONNECT: runs without opening a connection. */
  noConnect?: boolean;
  /** VSH_CMD_FLAG_ALIAS: `alias` names the command this one stands for; hidden from help. */
  alias?: string;
  /** VSH_CMD_FLAG_HIDDEN: runs, but is left out of command listings. */
  hidden?: boolean;
  run(ctl: Ctl, cmd: ParsedCommand): Promise<boolean | void>;
}

/** The options given to one command after parsing: names → values, as virsh's vshCmd. */
export interface ParsedCommand {
  readonly def: CommandDef;
  /** True when --name (bool) was given or a value was given for it. */
  has(name: string): boolean;
  /** The raw string value, or undefined. */
  string(name: string): string | undefined;
  /** vshCommandOptStringReq: like string(), but an empty value is an error unless emptyOk. */
  stringReq(name: string): string | undefined;
  /** vshCommandOptInt / UInt / ULongLong / ScaledInt etc.: parse with virsh's errors. */
  int(name: string): number | undefined;
  uint(name: string): number | undefined;
  ulonglong(name: string): bigint | undefined;
  /** vshCommandOptScaledInt: a number with an optional unit suffix, scaled by `scale` bytes by default. */
  scaled(name: string, scale: number, max: bigint): bigint | undefined;
  /** The values of an argv option. */
  argv(name: string): string[];
  /** vshCommandOptUIntWrap: like uint() but "-1" wraps to 4294967295. */
  uintWrap(name: string): number | undefined;
  /** vshCommandOptLongLong */
  longlong(name: string): bigint | undefined;
  /** vshCommandOptULongLongWrap (also vshCommandOptULWrap: long is 64 bits). */
  ulonglongWrap(name: string): bigint | undefined;
  /** vshCommandOptTimeoutToMs: --timeout in seconds, returned in milliseconds. */
  timeoutMs(): number | undefined;
}

/** What a command handler may use: the connection, output, and error reporting. */
export interface Ctl {
  /** The open connection, opening it on first use (virsh connects lazily). */
  conn(): Promise<Connect>;
  readonly quiet: boolean;
  readonly readOnly: boolean;
  /** Write to stdout (no newline added). */
  print(s: string): void;
  /** vshError: "error: MSG" on stderr. */
  error(msg: string): void;
  /** vshPrintExtra: printed unless -q. */
  printExtra(s: string): void;
  /** Read a file named on the command line (vshReadFile / virFileReadAll), with virsh's errors. */
  readFile(path: string): Promise<string>;
  /** vshEventDone's listeners: an event wait that ends when told (the connection was lost). */
  onEventDone?(fn: () => void): () => void;
}

/**
 * Thrown by a handler to print virsh's own line first and then the libvirt error behind it:
 * "error: Failed to destroy domain 'test'" then "error: operation forbidden: …".
 */
export class CommandFailure extends Error {
  override readonly cause?: unknown;
  constructor(message: string, cause?: unknown) {
    super(message);
    this.cause = cause;
  }
}

export function defineCommand(def: CommandDef): CommandDef {
  return def;
}
