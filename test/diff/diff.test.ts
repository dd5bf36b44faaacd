// Differential tests: every case in test/diff/cases/*.ts is run by Debian's /usr/bin/virsh and by
// our bin/virsh (same arguments, folder, environment, LC_ALL=C, a temporary HOME, stdin from the
// case or /dev/null); stdout, stderr and the exit status must be equal after the case's masks
// (and, for helpLayout cases, after the help prose is replaced by placeholders).
//
// Without /usr/bin/virsh the cases are skipped; TSVIRT_STRICT_PEERS=1 makes that a failure.
//
// To check one case file quickly while working on it (after `npx tsc -p .`):
//   node dist/test/diff/run-one.js general              # every case in cases/general.ts
//   node dist/test/diff/run-one.js general echo-quoting # one case
//   node dist/test/diff/run-one.js test/diff/cases/network.ts '^net-'   # a path; NAME is a regexp
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareCase, loadCaseFiles, peerAvailable, PEER_VIRSH } from './runner.js';

const files = await loadCaseFiles();
const havePeer = peerAvailable();
const strict = process.env.TSVIRT_STRICT_PEERS === '1';
let total = 0;
let identical = 0;

for (const f of files) {
  describe(`diff ${f.file}`, { concurrency: 2 }, () => {
    for (const c of f.cases) {
      it(c.name, { skip: !havePeer && !strict ? `${PEER_VIRSH} is not installed` : false }, async () => {
        assert.ok(havePeer, `${PEER_VIRSH} is not installed (TSVIRT_STRICT_PEERS=1)`);
        total++;
        const r = await compareCase(c);
        if (r.identical) identical++;
        assert.ok(r.identical, `${f.file}/${c.name} differs from Debian's virsh\n${r.report}`);
      });
    }
  });
}

after(() => {
  console.log(`diff: ${identical}/${total} identical`);
});
