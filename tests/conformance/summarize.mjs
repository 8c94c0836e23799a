// Reads the output of one `conformance server ... --expected-failures F` run and
// writes a machine-readable summary; prints one line:
//   conformance <label>: N passed, M failed, K expected failures[, S stale baseline entries]
// Counts are scored scenarios (a run with --requirements also runs unscored ones:
// extensions and pending scenarios; they are listed under "notScored").
//
//   node summarize.mjs <log> <id> <label> <exit-code> <out.json> [<scored-list>]
// <scored-list>: the output of `conformance list --requirements REV`; scenarios run
// but not listed under "Server scenarios" there are reported as not scored.
//   node summarize.mjs --combine <summary.json> <run.json>...
// Environment: RUNNER_NAME names the runner that served the module (recorded as
// "runner"); NOT_SERVED=<file.md> lists, as "| `scenario` | reason |" rows, unscored
// scenarios the server does not serve: any other unscored scenario that fails makes
// this exit 3 (a run's notes must account for every failure).
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args[0] === '--combine') {
  const [, out, ...files] = args;
  const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  writeFileSync(out, JSON.stringify({ runs }, null, 2) + '\n');
  process.exit(0);
}

const [logPath, id, label, exitCode, outPath, scoredPath] = args;
const text = readFileSync(logPath, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const lines = text.split('\n');

const scenarios = [];
const notScored = [];
const expected = [];
const stale = [];
const unexpected = [];
let section = '';
for (const raw of lines) {
  const line = raw.trimEnd();
  if (line.startsWith('=== SUMMARY ===')) { section = 'summary'; continue; }
  if (line.startsWith('Total:')) { section = ''; continue; }
  if (line.startsWith('Not scored for')) { section = 'notScored'; continue; }
  if (line.startsWith('Expected failures (in baseline)')) { section = 'expected'; continue; }
  if (line.startsWith('Stale baseline entries')) { section = 'stale'; continue; }
  if (line.startsWith('Unexpected failures (not in baseline)')) { section = 'unexpected'; continue; }
  let m;
  if (section === 'summary' && (m = line.match(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed$/))) {
    scenarios.push({ scenario: m[2], ok: m[1] === '✓', checksPassed: +m[3], checksFailed: +m[4] });
  } else if (section === 'notScored' && (m = line.match(/^\s+([✓✗]) (\S+) \((.*)\)$/))) {
    notScored.push({ scenario: m[2], ok: m[1] === '✓', reason: m[3] });
  } else if (section === 'expected' && (m = line.match(/^\s+~ (\S+)$/))) {
    expected.push(m[1]);
  } else if (section === 'stale' && (m = line.match(/^\s+✓ (\S+)$/))) {
    stale.push(m[1]);
  } else if (section === 'unexpected' && (m = line.match(/^\s+✗ (\S+)$/))) {
    unexpected.push(m[1]);
  }
}

let required = null;
if (scoredPath) {
  required = new Set();
  let inServer = false;
  for (const l of readFileSync(scoredPath, 'utf8').split('\n')) {
    if (l.startsWith('Server scenarios')) { inServer = true; continue; }
    if (!l.trim()) { inServer = false; continue; }
    const m = inServer && l.match(/^\s+- (\S+)$/);
    if (m) required.add(m[1]);
  }
  for (const s of scenarios) {
    if (!required.has(s.scenario) && !notScored.some((n) => n.scenario === s.scenario)) {
      notScored.push({ scenario: s.scenario, ok: s.ok, reason: 'not scored' });
    }
  }
}
const scenarioOf = (entry) => entry.split(':')[0];
const unscored = new Set(notScored.map((s) => s.scenario));
const scored = scenarios.filter((s) => !unscored.has(s.scenario));
const failedSet = new Set(unexpected.map(scenarioOf));
const expectedSet = new Set(expected.map(scenarioOf).filter((s) => !failedSet.has(s)));
const passed = scored.filter((s) => !failedSet.has(s.scenario) && !expectedSet.has(s.scenario));

const notServed = new Map();
if (process.env.NOT_SERVED) {
  for (const l of readFileSync(process.env.NOT_SERVED, 'utf8').split('\n')) {
    const m = l.match(/^\| `(\S+)` \| (.*) \|$/);
    if (m) notServed.set(m[1], m[2]);
  }
}
for (const n of notScored) {
  if (!n.ok && notServed.has(n.scenario)) n.reason = `not served: ${notServed.get(n.scenario)}`;
}
const unexplained = notScored.filter((n) => !n.ok && !notServed.has(n.scenario)).map((n) => n.scenario);

const summary = {
  id,
  label,
  runner: process.env.RUNNER_NAME || 'ours',
  exitCode: +exitCode,
  scored: scored.length,
  passed: passed.length,
  failed: failedSet.size,
  expectedFailures: expectedSet.size,
  staleEntries: stale,
  unexpectedFailures: unexpected,
  expectedFailureEntries: expected,
  passedScenarios: passed.map((s) => s.scenario),
  notScored,
  unexplainedNotScored: unexplained,
  scenarios,
};
writeFileSync(outPath, JSON.stringify(summary, null, 2) + '\n');
let line = `conformance ${label}: ${summary.passed} passed, ${summary.failed} failed, ${summary.expectedFailures} expected failures`;
if (stale.length) line += `, ${stale.length} stale baseline entries`;
if (scenarios.length === 0) line += ' (no summary found: see the log)';
if (unexplained.length) line += `; unscored and failing without a note: ${unexplained.join(', ')}`;
console.log(line);
if (unexplained.length && process.env.NOT_SERVED) process.exit(3);
