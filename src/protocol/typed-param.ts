// remote_typed_param (and admin_typed_param, its twin) as a codec of the driver's own TypedParam:
// the generated types use this in place of the wire struct, so the remote driver and the daemon
// pass typed parameters through without converting each one twice.
//
// Wire form: the field name (string), the type number (VIR_TYPED_PARAM_*), then the value in the
// XDR type the number selects. Decoding applies the two checks libvirt makes when it turns the wire
// form back into virTypedParameter (virTypedParamsDeserialize), with its texts.
//
// (A type-only import from driver/: erased at run time, so protocol/ still loads nothing but xdr/.)
import type { TypedParam } from '../driver/types.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import type { Codec } from './xdr/types.js';
import type { XdrReader } from './xdr/reader.js';
import type { XdrWriter } from './xdr/writer.js';

const report = errorsFrom(ErrorDomain.Rpc);

// VIR_TYPED_PARAM_* (libvirt-common.h).
const INT = 1;
const UINT = 2;
const LLONG = 3;
const ULLONG = 4;
const DOUBLE = 5;
const BOOLEAN = 6;
const STRING = 7;

/** VIR_TYPED_PARAM_FIELD_LENGTH: a field name must fit 80 bytes with its NUL. */
const FIELD_LENGTH = 80;

function big(v: TypedParam['value']): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

function mismatch(p: TypedParam): Error {
  return report(ErrorCode.Rpc, `typed parameter '${p.field}' of type ${p.type} cannot hold ${typeof p.value} ${String(p.value)}`);
}

export function typedParamCodec(stringMax: number): Codec<TypedParam> {
  return {
    xdr: 'struct remote_typed_param',
    encode(w: XdrWriter, p: TypedParam): void {
      w.string(p.field, stringMax);
      const v = p.value;
      w.int(p.type);
      switch (p.type) {
        case INT:
          if (typeof v !== 'number') throw mismatch(p);
          w.int(v);
          break;
        case UINT:
          if (typeof v !== 'number') throw mismatch(p);
          w.uint(v);
          break;
        case LLONG:
          if (typeof v !== 'bigint' && typeof v !== 'number') throw mismatch(p);
          w.hyper(big(v));
          break;
        case ULLONG:
          if (typeof v !== 'bigint' && typeof v !== 'number') throw mismatch(p);
          w.uhyper(big(v));
          break;
        case DOUBLE:
          if (typeof v !== 'number') throw mismatch(p);
          w.double(v);
          break;
        case BOOLEAN:
          if (typeof v !== 'boolean') throw mismatch(p);
          w.int(v ? 1 : 0);
          break;
        case STRING:
          if (typeof v !== 'string') throw mismatch(p);
          w.string(v, stringMax);
          break;
        default:
          throw report(ErrorCode.Rpc, `unknown parameter type: ${p.type}`);
      }
    },
    decode(r: XdrReader): TypedParam {
      const field = r.string(stringMax);
      if (Buffer.byteLength(field) >= FIELD_LENGTH) {
        throw errorsFrom(ErrorDomain.Rpc)(ErrorCode.InternalError, `parameter ${field} too big for destination`);
      }
      const type = r.int();
      switch (type) {
        case INT:
          return { field, type, value: r.int() };
        case UINT:
          return { field, type, value: r.uint() };
        case LLONG:
          return { field, type, value: r.hyper() };
        case ULLONG:
          return { field, type, value: r.uhyper() };
        case DOUBLE:
          return { field, type, value: r.double() };
        case BOOLEAN:
          // The C side stores it in a char: only the low byte counts.
          return { field, type, value: (r.int() & 0xff) !== 0 };
        case STRING:
          return { field, type, value: r.string(stringMax) };
        default:
          throw report(ErrorCode.Rpc, `unknown parameter type: ${type}`);
      }
    },
  };
}
