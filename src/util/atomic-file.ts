// Write a file so that readers see the old content or the new, never a mix or a torn write:
// write a temporary file beside it, fsync it, rename it over the target, fsync the directory
// (libvirt's virFileRewrite). Used for persistent definitions, status files and pid files.
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { systemError } from './system-error.js';

let counter = 0;

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.new`);
  let fh;
  try {
    fh = await open(tmp, 'wx', mode);
  } catch (e) {
    throw systemError(e, `cannot create file '${tmp}'`);
  }
  try {
    await fh.writeFile(data);
    // The mode argument of open() is filtered by the umask; the caller asked for this mode.
    await fh.chmod(mode);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw systemError(e, `cannot write data to file '${tmp}'`);
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw systemError(e, `cannot rename file '${tmp}' as '${path}'`);
  }
  // Make the rename itself durable.
  try {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the data is already safe in the file.
  }
}
