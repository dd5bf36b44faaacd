// Argument checks of libvirt's public API entry points (virCheckNonNegativeArgGoto,
// VIR_EXCLUSIVE_FLAGS_GOTO, …). libvirt raises these with their own sentence and no generic
// "invalid argument:" prefix, naming the API function and the argument.
import { ErrorCode, ErrorDomain, VirError } from '../util/error.js';

function invalid(domain: ErrorDomain, api: string, arg: string, message: string): VirError {
  return new VirError({ code: ErrorCode.InvalidArg, domain, message, str1: api, str2: arg });
}

/** virCheckNonNegativeArgGoto */
export function checkNonNegative(value: number, arg: string, api: string, domain: ErrorDomain): void {
  if (value < 0) throw invalid(domain, api, arg, `${arg} in ${api} must be zero or greater`);
}

/** virCheckPositiveArgGoto */
export function checkPositive(value: number, arg: string, api: string, domain: ErrorDomain): void {
  if (value <= 0) throw invalid(domain, api, arg, `${arg} in ${api} must be greater than zero`);
}

/** virCheckNonZeroArgGoto */
export function checkNonZero(value: number, arg: string, api: string, domain: ErrorDomain): void {
  if (value === 0) throw invalid(domain, api, arg, `${arg} in ${api} must not be zero`);
}

/** virCheckNonNullArgGoto */
export function checkNonNull(value: unknown, arg: string, api: string, domain: ErrorDomain): void {
  if (value === null || value === undefined) throw invalid(domain, api, arg, `${arg} in ${api} must not be NULL`);
}

/** A flag set: names as libvirt's C macros spell them, for the messages. */
export type FlagNames = Readonly<Record<string, number>>;

/** VIR_EXCLUSIVE_FLAGS_GOTO */
export function checkExclusiveFlags(flags: number, a: string, b: string, names: FlagNames, api: string, domain: ErrorDomain): void {
  if (flags & names[a] && flags & names[b]) throw invalid(domain, api, 'ctl', `Flags '${a}' and '${b}' are mutually exclusive`);
}

/** VIR_REQUIRE_FLAG_GOTO: `flag` needs `required`. */
export function checkRequiredFlag(flags: number, flag: string, required: string, names: FlagNames, api: string, domain: ErrorDomain): void {
  if (flags & names[flag] && !(flags & names[required])) throw invalid(domain, api, 'ctl', `Flag '${required}' is required by flag '${flag}'`);
}

/** virReportInvalidArg with a sentence of the entry point's own (in the host error domain). */
export function rawInvalidArg(api: string, arg: string, message: string, domain: ErrorDomain = ErrorDomain.None): VirError {
  return invalid(domain, api, arg, message);
}

/** virErrorGenericFailure: what libvirt reports when an API fails without saying why. */
export function genericFailure(): VirError {
  return new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.None, message: 'An error occurred, but the cause is unknown' });
}
