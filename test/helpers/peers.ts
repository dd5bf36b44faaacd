// Where the peers (Debian's libvirt programs) live and whether a missing peer fails the run.
// TSVIRT_STRICT_PEERS=1 (CI) turns "skipped: peer not installed" into a failure.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const STRICT_PEERS = process.env.TSVIRT_STRICT_PEERS === '1';
export const PEER_VIRSH = process.env.TSVIRT_PEER_VIRSH ?? '/usr/bin/virsh';
export const PEER_LIBVIRTD = process.env.TSVIRT_PEER_LIBVIRTD ?? '/usr/sbin/libvirtd';
export const PEER_PYTHON = process.env.TSVIRT_PEER_PYTHON ?? '/usr/bin/python3';

/** node:test's `skip` value for tests needing `path`: a reason, or false (run; fail inside if strict). */
export function skipWithout(path: string, what: string): string | false {
  return !existsSync(path) && !STRICT_PEERS ? `${what} (${path}) is not installed` : false;
}

/** Whether Debian's python3 with the libvirt module is here. */
export function havePythonLibvirt(): boolean {
  if (!existsSync(PEER_PYTHON)) return false;
  return spawnSync(PEER_PYTHON, ['-c', 'import libvirt'], { stdio: 'ignore' }).status === 0;
}
