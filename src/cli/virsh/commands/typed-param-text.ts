// vshGetTypedParamValue: how virsh prints one typed parameter's value.
import { TypedParamType, type TypedParam } from '../../../driver/types.js';

export function typedParamValue(p: TypedParam): string {
  switch (p.type) {
    case TypedParamType.Double:
      return (p.value as number).toFixed(6);
    case TypedParamType.Boolean:
      return p.value ? 'yes' : 'no';
    default:
      return String(p.value);
  }
}
