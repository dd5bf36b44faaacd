// virsh's refusal of two options given together (VSH_EXCLUSIVE_OPTIONS and
// VSH_EXCLUSIVE_OPTIONS_VAR in vsh.h), with its one message.
import type { Ctl, ParsedCommand } from '../../../vsh/command-def.js';

/** VSH_EXCLUSIVE_OPTIONS_VAR: true (after reporting) when both options are in effect. */
export function exclusiveVar(ctl: Ctl, a: string, hasA: boolean, b: string, hasB: boolean): boolean {
  if (!(hasA && hasB)) return false;
  ctl.error(`Options --${a} and --${b} are mutually exclusive`);
  return true;
}

/** VSH_EXCLUSIVE_OPTIONS: true (after reporting) when both options are given. */
export function exclusive(ctl: Ctl, cmd: ParsedCommand, a: string, b: string): boolean {
  return exclusiveVar(ctl, a, cmd.has(a), b, cmd.has(b));
}
