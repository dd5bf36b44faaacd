// libvirt's virReportSystemError: a message "<what>: <strerror(errno)>" with code
// VIR_ERR_SYSTEM_ERROR. Node reports errno symbols (ENOENT), so the glibc sentences are mapped here.
import { ErrorCode, ErrorDomain, VirError } from './error.js';

/** A VirError in libvirt's virReportSystemError shape: "<what>: <strerror>". */
export function systemError(e: unknown, what: string, domain: ErrorDomain = ErrorDomain.None): VirError {
  const err = e as NodeJS.ErrnoException;
  const text = strerror(err);
  return new VirError({
    code: ErrorCode.SystemError,
    domain,
    message: `${what}: ${text}`,
    str1: '%s',
    str2: `${what}: ${text}`,
    int1: typeof err?.errno === 'number' ? -err.errno : 0,
  });
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EEXIST: 'File exists',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EAGAIN: 'Resource temporarily unavailable',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  EPIPE: 'Broken pipe',
  EINVAL: 'Invalid argument',
  ENAMETOOLONG: 'File name too long',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EMFILE: 'Too many open files',
  EFBIG: 'File too large',
  ETIMEDOUT: 'Connection timed out',
  ESRCH: 'No such process',
  ECHILD: 'No child processes',
  EBADF: 'Bad file descriptor',
  ENOTSOCK: 'Socket operation on non-socket',
  ENOTEMPTY: 'Directory not empty',
  EXDEV: 'Invalid cross-device link',
};

/** glibc's strerror() text for a Node errno error (Node gives the symbol, not the sentence). */
export function strerror(e: NodeJS.ErrnoException | undefined): string {
  if (e?.code && STRERROR[e.code]) return STRERROR[e.code]!;
  return e?.message ?? 'Unknown error';
}
