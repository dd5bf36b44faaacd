import { ErrorCode, ErrorDomain, errorMessages } from './error-table.generated.js';

export { ErrorCode, ErrorDomain };

export enum ErrorLevel {
  None = 0,
  Warning = 1,
  Error = 2,
}

/** The fields of libvirt's virError, as carried in remote_error. */
export interface VirErrorFields {
  code: ErrorCode;
  domain: ErrorDomain;
  message: string;
  level?: ErrorLevel;
  str1?: string | null;
  str2?: string | null;
  str3?: string | null;
  int1?: number;
  int2?: number;
}

/**
 * The one error type of tsvirt. Its code, domain and level are libvirt's numbers, so an error
 * raised by a driver crosses the wire into another process (ours or libvirt's) unchanged.
 */
export class VirError extends Error {
  readonly code: ErrorCode;
  readonly domain: ErrorDomain;
  readonly level: ErrorLevel;
  readonly str1: string | null;
  readonly str2: string | null;
  readonly str3: string | null;
  readonly int1: number;
  readonly int2: number;

  constructor(f: VirErrorFields) {
    super(f.message);
    this.name = 'VirError';
    this.code = f.code;
    this.domain = f.domain;
    this.level = f.level ?? ErrorLevel.Error;
    this.str1 = f.str1 ?? null;
    this.str2 = f.str2 ?? null;
    this.str3 = f.str3 ?? null;
    this.int1 = f.int1 ?? 0;
    this.int2 = f.int2 ?? 0;
  }

  static is(e: unknown, code?: ErrorCode): e is VirError {
    return e instanceof VirError && (code === undefined || e.code === code);
  }
}

/**
 * The generic text for a code, with the detail filled in, as libvirt's per-code table builds it:
 * formatMessage(NoDomain, "no domain with matching name 'x'") gives
 * "Domain not found: no domain with matching name 'x'".
 */
export function formatMessage(code: ErrorCode, detail?: string | null): string {
  const pair = errorMessages[code];
  if (!pair || pair[0] === null || pair[1] === null) return detail ?? 'unknown error';
  if (detail === undefined || detail === null) return pair[0];
  return pair[1].replace('%s', detail);
}

/** A reporter bound to one error domain (libvirt's VIR_FROM_THIS). */
export type Reporter = (code: ErrorCode, detail?: string | null, extra?: Partial<VirErrorFields>) => VirError;

export function errorsFrom(domain: ErrorDomain): Reporter {
  return (code, detail, extra) => {
    const message = formatMessage(code, detail);
    // libvirt keeps the first string argument as str1, the generic text, for every report.
    return new VirError({ str1: errorMessages[code]?.[detail == null ? 0 : 1] ?? null, str2: detail ?? null, ...extra, code, domain, message });
  };
}

/** "this function is not supported by the connection driver: virXxx" */
export function noSupport(api: string, domain: ErrorDomain = ErrorDomain.None): VirError {
  return errorsFrom(domain)(ErrorCode.NoSupport, api);
}

export function internalError(domain: ErrorDomain, detail: string): VirError {
  return errorsFrom(domain)(ErrorCode.InternalError, detail);
}

export function invalidArg(domain: ErrorDomain, detail: string): VirError {
  return errorsFrom(domain)(ErrorCode.InvalidArg, detail);
}

export function operationInvalid(domain: ErrorDomain, detail: string): VirError {
  return errorsFrom(domain)(ErrorCode.OperationInvalid, detail);
}

/** Wrap anything thrown into a VirError (internal error) so it can always be reported. */
export function toVirError(e: unknown, domain: ErrorDomain = ErrorDomain.None): VirError {
  if (e instanceof VirError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return internalError(domain, msg);
}

/**
 * libvirt's virCheckFlags: flags outside `supported` are refused with VIR_ERR_INVALID_ARG in the
 * caller's error domain (its VIR_FROM_THIS). The message stands alone — virReportInvalidArg adds
 * no generic "invalid argument" text — and str1/str2 name the function and the argument.
 */
export function checkFlags(flags: number, supported: number, fn: string, domain: ErrorDomain): void {
  const unsupported = (flags & ~supported) >>> 0;
  if (unsupported === 0) return;
  throw new VirError({
    code: ErrorCode.InvalidArg,
    domain,
    message: `unsupported flags (0x${unsupported.toString(16)}) in function ${fn}`,
    str1: fn,
    str2: 'flags',
  });
}
