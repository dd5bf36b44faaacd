// Fake authentication: a custom config with <auth><user password='…'>name</user></auth> makes
// open ask for a user name and password, as libvirt's testConnectAuthenticate does. The questions
// go first to an auth.conf file (virauthconfig.c) and then to the caller's ConnectAuth callback
// (virAuthGetUsername / virAuthGetPassword in virauth.c).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { ConnectAuth, Credential } from '../../driver/registry.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../../util/error.js';
import type { Uri } from '../../util/uri.js';
import type { TestState } from './test-state.js';

/** virConnectCredentialType (libvirt-host.h). */
export const CredType = {
  USERNAME: 1,
  AUTHNAME: 2,
  LANGUAGE: 3,
  CNONCE: 4,
  PASSPHRASE: 5,
  ECHOPROMPT: 6,
  NOECHOPROMPT: 7,
  REALM: 8,
  EXTERNAL: 9,
} as const;

const reportNone = errorsFrom(ErrorDomain.None);

/** Thrown when libvirt fails without recording why; the public API then says exactly this. */
function causeUnknown(): VirError {
  return new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.None, message: 'An error occurred, but the cause is unknown' });
}

/** virAuthGetConfigFilePathURI: $LIBVIRT_AUTH_FILE, the URI's authfile=, then the user's and the system's auth.conf. */
function authFilePath(uri: Uri | null): string | null {
  const env = process.env.LIBVIRT_AUTH_FILE;
  if (env) return env;
  const p = uri?.params.find((x) => x.name === 'authfile' && x.value);
  if (p) return p.value;
  const base = process.env.XDG_CONFIG_HOME || `${homedir()}/.config`;
  for (const f of [`${base}/libvirt/auth.conf`, '/etc/libvirt/auth.conf']) {
    try {
      readFileSync(f);
      return f;
    } catch {
      // not readable: try the next
    }
  }
  return null;
}

/** A GKeyFile-style ini file: [group] then key=value lines; '#' starts a comment. */
function parseKeyFile(text: string): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  let cur: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const g = /^\[(.*)\]$/.exec(line);
    if (g) {
      cur = groups.get(g[1]) ?? new Map();
      groups.set(g[1], cur);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !cur) throw new Error('malformed key file');
    cur.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return groups;
}

/** virAuthGetCredential: the value from the auth file, undefined when it has none. */
function credentialFromFile(path: string | null, service: string, host: string, credname: string): string | undefined {
  if (path === null) return undefined;
  let groups: Map<string, Map<string, string>>;
  try {
    groups = parseKeyFile(readFileSync(path, 'utf8'));
  } catch {
    // libvirt gives up here without recording an error.
    throw causeUnknown();
  }
  let authgroup = `auth-${service}-${host}`;
  if (!groups.has(authgroup)) authgroup = `auth-${service}-default`;
  const auth = groups.get(authgroup);
  if (!auth) return undefined;
  const cred = auth.get('credentials');
  if (cred === undefined) {
    throw reportNone(ErrorCode.ConfSyntax, `Missing item 'credentials' in group '${authgroup}' in '${path}'`);
  }
  const credgroup = groups.get(`credentials-${cred}`);
  if (!credgroup) {
    throw reportNone(ErrorCode.ConfSyntax, `Missing group 'credentials-${cred}' referenced from group '${authgroup}' in '${path}'`);
  }
  return credgroup.get(credname);
}

/** Ask the callback one question of the first acceptable type; undefined when it gave no answer. */
async function ask(
  auth: ConnectAuth | null,
  types: number[],
  make: (type: number) => Credential,
  failed: string,
  missingType: string,
): Promise<string | undefined> {
  if (!auth) throw reportNone(ErrorCode.InvalidArg, 'Missing authentication credentials');
  const type = auth.credTypes.find((t) => types.includes(t));
  if (type === undefined) throw errorsFrom(ErrorDomain.None)(ErrorCode.AuthFailed, missingType);
  if (typeof auth.callback !== 'function') throw reportNone(ErrorCode.InvalidArg, 'Missing authentication callback');
  const cred = make(type);
  try {
    await auth.callback([cred]);
  } catch {
    // libvirt records this and then returns whatever the callback left behind (nothing).
    throw reportNone(ErrorCode.AuthFailed, failed);
  }
  return cred.result;
}

/** virAuthGetUsername */
export async function authGetUsername(
  uri: Uri | null,
  auth: ConnectAuth | null,
  service: string,
  defaultUsername: string | undefined,
  host: string,
): Promise<string | undefined> {
  const fromFile = credentialFromFile(authFilePath(uri), service, host, 'username');
  if (fromFile !== undefined) return fromFile;
  const prompt = defaultUsername === undefined ? `Enter username for ${host}` : `Enter username for ${host} [${defaultUsername}]`;
  return ask(
    auth,
    [CredType.AUTHNAME],
    (type) => ({ type, prompt, challenge: host, defresult: defaultUsername }),
    'Username request failed',
    'Missing VIR_CRED_AUTHNAME credential type',
  );
}

/** virAuthGetPassword */
export async function authGetPassword(
  uri: Uri | null,
  auth: ConnectAuth | null,
  service: string,
  username: string,
  host: string,
): Promise<string | undefined> {
  const fromFile = credentialFromFile(authFilePath(uri), service, host, 'password');
  if (fromFile !== undefined) return fromFile;
  return ask(
    auth,
    [CredType.PASSPHRASE, CredType.NOECHOPROMPT],
    (type) => ({ type, prompt: `Enter ${username}'s password for ${host}`, challenge: host }),
    'Password request failed',
    'Missing VIR_CRED_PASSPHRASE or VIR_CRED_NOECHOPROMPT credential type',
  );
}

/** testConnectAuthenticate: nothing to do unless the config named users. */
export async function authenticate(state: TestState, auth: ConnectAuth | null, uri: Uri | null = null): Promise<void> {
  if (state.auths.length === 0) return;
  // libvirt asks on behalf of "localhost" whatever the URI says.
  const username = await authGetUsername(uri, auth, 'test', undefined, 'localhost');
  if (username === undefined) throw causeUnknown();
  const user = state.auths.find((a) => a.username === username);
  // An unknown user is still asked for a password, so a caller cannot tell names apart.
  let password: string | undefined;
  if (!user || user.password !== null) {
    password = await authGetPassword(uri, auth, 'test', username, 'localhost');
    if (password === undefined) throw causeUnknown();
  }
  if (!user || (password !== undefined && user.password !== password)) {
    throw errorsFrom(ErrorDomain.Test)(ErrorCode.AuthFailed, 'authentication failed, see test XML for the correct username/password');
  }
}
