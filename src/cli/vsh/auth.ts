// The credential prompts a shell offers when a connection asks for them (libvirt's
// virConnectAuthPtrDefault): each question is printed as "PROMPT: " and answered with one line
// of standard input; an empty answer takes the question's default.
import type { ConnectAuth, Credential } from '../../driver/registry.js';
import { writeAll } from './io.js';
import type { StdinLines } from './io.js';

/** virConnectCredentialType */
export const CredType = {
  Username: 1,
  Authname: 2,
  Language: 3,
  Cnonce: 4,
  Passphrase: 5,
  EchoPrompt: 6,
  NoEchoPrompt: 7,
  Realm: 8,
  External: 9,
} as const;

export function defaultAuth(stdin: StdinLines): ConnectAuth {
  return {
    credTypes: [CredType.Authname, CredType.EchoPrompt, CredType.Realm, CredType.Passphrase, CredType.NoEchoPrompt, CredType.External],
    callback(creds: Credential[]): void {
      for (const cred of creds) {
        switch (cred.type) {
          case CredType.External:
            if (cred.challenge !== 'PolicyKit') throw new Error('unsupported external credential');
            continue;
          case CredType.Username:
          case CredType.Authname:
          case CredType.EchoPrompt:
          case CredType.Realm:
          case CredType.Passphrase:
          case CredType.NoEchoPrompt: {
            writeAll(1, `${cred.prompt}: `);
            const line = stdin.readLine() ?? '';
            cred.result = line !== '' ? line : (cred.defresult ?? '');
            break;
          }
          default:
            throw new Error(`unsupported credential type ${cred.type}`);
        }
      }
    },
  };
}
