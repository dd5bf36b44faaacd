// One parsed command: its definition and the options given, in the order given (virsh's vshCmd),
// with the typed getters handlers use. A getter that cannot convert a value throws a
// CommandFailure carrying virsh's own message, so the handler stops as virsh's would.
import { ErrorCode, ErrorDomain, errorsFrom, type VirError } from '../../util/error.js';
import { CommandFailure, type CommandDef, type OptDef, type ParsedCommand } from './command-def.js';
import {
  parseInt32,
  parseInt64,
  parseUInt32,
  parseUInt32Wrap,
  parseUInt64,
  parseUInt64Prefix,
  parseUInt64Wrap,
  scaleInteger,
} from './numbers.js';

export interface GivenOpt {
  def: OptDef;
  /** null for a bool option */
  data: string | null;
}

const report = errorsFrom(ErrorDomain.None);

function malformed(value: string, name: string): CommandFailure {
  return new CommandFailure(`Numeric value '${value}' for <${name}> option is malformed or out of range`);
}

/**
 * A size with an optional unit suffix ("5", "10GiB"), as virsh reads sizes with strtoull and
 * virScaleInteger. Returns the value, null when the number itself is malformed, or the VirError
 * libvirt raises for a bad suffix or an overflow (virsh prints it after its own message, e.g.
 * "Malformed size 5x" then "invalid argument: unknown suffix 'x'").
 */
export function scaledValue(v: string, scale: number, max: bigint): bigint | null | VirError {
  const head = parseUInt64Prefix(v);
  if (head === null) return null;
  const r = scaleInteger(head.value, head.rest, BigInt(scale), max);
  if (typeof r === 'bigint') return r;
  return r.kind === 'suffix'
    ? report(ErrorCode.InvalidArg, `unknown suffix '${r.suffix}'`)
    : report(ErrorCode.Overflow, `value too large: ${r.value}${r.suffix}`);
}

export class ParsedCommandImpl implements ParsedCommand {
  readonly def: CommandDef;
  readonly opts: readonly GivenOpt[];

  constructor(def: CommandDef, opts: readonly GivenOpt[]) {
    this.def = def;
    this.opts = opts;
  }

  /** vshCommandOpt: the given option, after checking `name` is one of the command's. */
  #find(name: string): GivenOpt | undefined {
    if (!this.def.opts.some((o) => o.name === name)) {
      throw new Error(`command '${this.def.name}' has no option --${name}`);
    }
    return this.opts.find((o) => o.def.name === name);
  }

  /** The value of a data-carrying option, or undefined when absent. */
  #data(name: string): string | undefined {
    const o = this.#find(name);
    return o?.data ?? undefined;
  }

  has(name: string): boolean {
    // vshCommandOptBool does not insist the name is a known option.
    return this.opts.some((o) => o.def.name === name);
  }

  string(name: string): string | undefined {
    return this.#data(name);
  }

  stringReq(name: string): string | undefined {
    const o = this.#find(name);
    if (!o) return undefined;
    if (o.data === '' && !o.def.emptyOk) {
      throw new CommandFailure(`Failed to get option '${name}': Option argument is empty`);
    }
    return o.data ?? undefined;
  }

  int(name: string): number | undefined {
    const v = this.#data(name);
    if (v === undefined) return undefined;
    const n = parseInt32(v);
    if (n === null) throw malformed(v, name);
    return n;
  }

  uint(name: string): number | undefined {
    const v = this.#data(name);
    if (v === undefined) return undefined;
    const n = parseUInt32(v);
    if (n === null) throw malformed(v, name);
    return n;
  }

  uintWrap(name: string): number | undefined {
    const v = this.#data(name);
    if (v === undefined) return undefined;
    const n = parseUInt32Wrap(v);
    if (n === null) throw malformed(v, name);
    return n;
  }

  longlong(name: string): bigint | undefined {
    const v = this.#data(name);
    if (v === undefined) return undefined;
    const n = parseInt64(v);
    if (n === null) throw malformed(v, name);
    return n;
  }

  ulonglong(name: string): bigint | undefined {
    const v = this.#data(name);
    if (v === undefined) return undefined;
    const n = parseUInt64(v);
    if (n === null) throw malformed(v, name);
    return n;
  }

  ulonglongWrap(name: string): bigint | undefined {
    const v = this.#data(name);
    if (v === undefined) return undefined;
    const n = parseUInt64Wrap(v);
    if (n === null) throw malformed(v, name);
    return n;
  }

  scaled(name: string, scale: number, max: bigint): bigint | undefined {
    const v = this.#data(name);
    if (v === undefined) return undefined;
    const r = scaledValue(v, scale, max);
    if (typeof r === 'bigint') return r;
    // virScaleInteger raises its own libvirt error, which virsh prints after its line.
    throw new CommandFailure(`Scaled numeric value '${v}' for <${name}> option is malformed or out of range`, r ?? undefined);
  }

  timeoutMs(): number | undefined {
    const t = this.uint('timeout');
    if (t === undefined) return undefined;
    if (t === 0 || t > Math.floor(2147483647 / 1000)) {
      throw new CommandFailure(`Numeric value '${t}' for <timeout> option is malformed or out of range`);
    }
    return t * 1000;
  }

  argv(name: string): string[] {
    this.#find(name);
    return this.opts.filter((o) => o.def.name === name && o.def.type === 'argv').map((o) => o.data ?? '');
  }
}
