// Run one differential case file (or some of its cases) and print the differences:
//   node dist/test/diff/run-one.js CASEFILE [NAME]
// CASEFILE is a case file's name ("general") or path (test/diff/cases/general.ts); NAME, when
// given, is a regular expression matched against case names (an exact name matches itself).
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CASES_DIR, compareCase, loadCaseFile, peerAvailable, pool, PEER_VIRSH } from './runner.js';

const [fileArg, nameArg] = process.argv.slice(2);
if (!fileArg) {
  console.error('usage: node dist/test/diff/run-one.js CASEFILE [NAME]');
  process.exit(2);
}
if (!peerAvailable()) {
  console.error(`${PEER_VIRSH} is not installed`);
  process.exit(2);
}
const path = join(CASES_DIR, `${basename(fileArg).replace(/\.(ts|js)$/, '')}.js`);
if (!existsSync(path)) {
  console.error(`no compiled case file ${path} (run npx tsc -p . first)`);
  process.exit(2);
}
const { file, cases } = await loadCaseFile(path);
const pattern = nameArg === undefined ? null : new RegExp(nameArg);
const chosen = cases.filter((c) => pattern === null || c.name === nameArg || pattern.test(c.name));
const outcomes = await pool(2, chosen.map((c) => () => compareCase(c)));
let same = 0;
outcomes.forEach((o, k) => {
  const c = chosen[k]!;
  if (o.identical) {
    same++;
    console.log(`ok   ${file}/${c.name}`);
  } else {
    console.log(`FAIL ${file}/${c.name}\n${o.report.replace(/^/gm, '     ')}`);
  }
});
console.log(`diff: ${same}/${chosen.length} identical`);
process.exit(same === chosen.length ? 0 : 1);
