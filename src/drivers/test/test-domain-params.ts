// Typed-parameter checks shared by the test driver's domain setters (virTypedParamsValidate in
// util/virtypedparam.c): every parameter must be one the call knows, of the expected type, once.
import type { TypedParam } from '../../driver/types.js';
import { TypedParamType } from '../../driver/types.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

const report = errorsFrom(ErrorDomain.None);

const TYPE_NAMES = ['', 'int', 'uint', 'llong', 'ullong', 'double', 'boolean', 'string'];

/** virTypedParameterTypeToString */
export function typeName(t: TypedParamType): string {
  return TYPE_NAMES[t] ?? 'unknown';
}

/** Parameters are checked in name order, as libvirt sorts both lists before walking them. */
export function validateParams(params: TypedParam[], known: Record<string, TypedParamType>): void {
  const sorted = [...params].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  sorted.forEach((p, i) => {
    const want = known[p.field];
    if (want === undefined) throw report(ErrorCode.ArgumentUnsupported, `parameter '${p.field}' not supported`);
    if (i > 0 && sorted[i - 1].field === p.field) throw report(ErrorCode.InvalidArg, `parameter '${p.field}' occurs multiple times`);
    if (p.type !== want) throw report(ErrorCode.InvalidArg, `invalid type '${typeName(p.type)}' for parameter '${p.field}', expected '${typeName(want)}'`);
  });
}

