// Run one differential case file (or some of its cases) and print the differences:
//   node dist/test/diff/run-one.js [--daemons] CASEFILE [NAME]
// CASEFILE is a case file's name ("general") or path (test/diff/cases/general.ts); NAME, when
// given, is a regular expression matched against case names (an exact name matches itself).
// --daemons runs the cases the daemon ways instead (Debian virsh → our daemon, our virsh →
// Debian libvirtd, our virsh → our daemon; see test/interop/virsh-via-daemon.test.ts).
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  CASES_DIR,
  compareCase,
  compareThroughDaemons,
  connectsToTestDriver,
  loadCaseFile,
  peerAvailable,
  pool,
  PEER_VIRSH,
  type Outcome,
} from './runner.js';
import { startDaemonSlots } from '../helpers/daemon-slots.js';

const args = process.argv.slice(2);
const daemons = args.includes('--daemons');
const [fileArg, nameArg] = args.filter((a) => a !== '--daemons');
if (!fileArg) {
  console.error('usage: node dist/test/diff/run-one.js [--daemons] CASEFILE [NAME]');
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
const chosen = cases.filter((c) => (pattern === null || c.name === nameArg || pattern.test(c.name)) && (!daemons || connectsToTestDriver(c)));

let outcomes: Outcome[];
if (daemons) {
  const slots = await startDaemonSlots(2);
  try {
    outcomes = await pool(
      2,
      chosen.map((c) => async () => {
        const key = `${file}/${c.name}`;
        const r = await slots.slots.use((slot) => compareThroughDaemons(key, c, slot));
        const bad = [...(r.baseline.identical ? [] : [`baseline: ${r.baseline.report}`]), ...r.ways.filter((w) => !w.outcome.identical).map((w) => `${w.way.label}:\n${w.outcome.report}`)];
        return { identical: bad.length === 0, report: bad.join('\n') };
      }),
    );
  } finally {
    await slots.stop();
  }
} else {
  outcomes = await pool(2, chosen.map((c) => () => compareCase(c)));
}
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
console.log(`diff${daemons ? ' (daemon ways)' : ''}: ${same}/${chosen.length} identical`);
process.exit(same === chosen.length ? 0 : 1);
