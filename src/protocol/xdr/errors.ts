// XDR failures are reported as libvirt reports them: VIR_ERR_RPC in the RPC domain. The RPC layer
// usually replaces the detail with libvirt's own sentence ("Unable to decode message payload"),
// but the detail stays useful in logs and tests, so each failure names what went wrong.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

const report = errorsFrom(ErrorDomain.Rpc);

export function xdrError(detail: string) {
  return report(ErrorCode.Rpc, detail);
}
