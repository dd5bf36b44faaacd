// The one place where a missing driver method becomes libvirt's "not supported" error and a
// read-only connection refuses a modifying call.
import { ErrorCode, ErrorDomain, errorsFrom, noSupport } from '../util/error.js';

type AnyFn = (...args: never[]) => unknown;
type Methods<D> = { [K in keyof D]-?: NonNullable<D[K]> extends AnyFn ? K : never }[keyof D];

/**
 * Look up `method` on `driver` and return it bound, or throw VIR_ERR_NO_SUPPORT naming the public
 * API (`virDomainGetInfo`), in the error domain of the API's own file as libvirt does.
 */
export function driverMethod<D extends object, K extends Methods<D>>(
  driver: D | undefined,
  method: K,
  api: string,
  domain: ErrorDomain,
): NonNullable<D[K]> {
  const fn = driver?.[method] as AnyFn | undefined;
  if (typeof fn !== 'function') throw noSupport(api, domain);
  return fn.bind(driver) as NonNullable<D[K]>;
}

/** virCheckReadOnlyGoto: "operation forbidden: read only access prevents virXxx". */
export function readOnlyError(api: string, domain: ErrorDomain) {
  return errorsFrom(domain)(ErrorCode.OperationDenied, `read only access prevents ${api}`);
}
