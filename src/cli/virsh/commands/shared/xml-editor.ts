// The editor round of virsh-edit.c: the XML goes into a fresh temporary file, the user's editor
// runs on it, and the file's text afterwards is the edited document. editLoop is the whole round
// of the commands that define the result and report in one way; snapshot-edit and
// checkpoint-edit, whose outcomes differ, use the editor round alone.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../../../util/error.js';
import type { Ctl } from '../../../vsh/command-def.js';

/** Letters of mkostemps' XXXXXX part, as in virsh's $TMPDIR/virshXXXXXX.xml. */
const TEMP_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Returns the text the editor left in the file. A missing or failing editor is libvirt's
 * internal error, quoting the command as virsh ran it.
 */
export async function editInTempFile(original: string): Promise<string> {
  const { open, readFile, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { spawnSync } = await import('node:child_process');
  const { randomBytes } = await import('node:crypto');
  const name = [...randomBytes(6)].map((b) => TEMP_LETTERS[b % TEMP_LETTERS.length]).join('');
  const file = join(process.env.TMPDIR || '/tmp', `virsh${name}.xml`);
  const fh = await open(file, 'wx', 0o600);
  try {
    try {
      await fh.writeFile(original);
    } finally {
      await fh.close();
    }
    const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
    // Like virsh, a plain editor name runs directly and anything fancier through the shell.
    const r = /^[A-Za-z0-9\-/_.:@]*$/.test(editor) ? spawnSync(editor, [file], { stdio: 'inherit' }) : spawnSync('sh', ['-c', `${editor} ${file}`], { stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      const how = r.error ? `Cannot find '${editor}' in path: No such file or directory` : `Child process (${editor} ${file}) unexpected exit status ${r.status}`;
      throw errorsFrom(ErrorDomain.None)(ErrorCode.InternalError, how);
    }
    return await readFile(file, 'utf8');
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * virsh-edit.c: write the XML to a temporary file, run $VISUAL/$EDITOR on it, and define the
 * result when it changed. Without a terminal to ask "Try again?", a failed define is reported
 * and the edit counts as done (virsh then names the object "(null)").
 */
export async function editLoop(
  ctl: Ctl,
  opts: { getXml(): Promise<string>; define(xml: string): Promise<string>; notChanged: string; edited(name: string): string },
): Promise<boolean> {
  const doc = await opts.getXml();
  const edited = await editInTempFile(doc);
  if (edited === doc) {
    ctl.printExtra(opts.notChanged);
    return true;
  }
  const reread = await opts.getXml();
  let name = '(null)';
  if (reread !== doc) ctl.error('The XML configuration was changed by another user.');
  else {
    try {
      name = await opts.define(edited);
    } catch {
      ctl.error('Failed.');
    }
  }
  ctl.printExtra(opts.edited(name));
  return true;
}
