// The tests that passed only on their retry (CI retries each failed test once, Vitest and Playwright alike). They
// count as passed in the summary line, so a race that fails one try in three would pass CI nine times in ten unseen:
// `npm test` names them before that line and in test-results/retried.json.
import { relative } from 'node:path';

/**
 * Vitest's JSON report keeps the failed try's messages on a test that passed on its retry
 * (`status: 'passed'` with `failureMessages`); a test that passed first time has none.
 */
export function vitestRetried(report) {
  const names = [];
  for (const file of report?.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed' && (test.failureMessages?.length ?? 0) > 0)
        names.push(`${relative(process.cwd(), file.name)} › ${test.fullName}`);
    }
  }
  return names;
}

/** Playwright's JSON report marks a test that failed and then passed `flaky`. */
export function playwrightRetried(report) {
  const names = [];
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      if (spec.tests.some((test) => test.status === 'flaky'))
        names.push(`${spec.file} › ${[...titles, spec.title].join(' › ')}`);
    }
    for (const child of suite.suites ?? []) visit(child, [...titles, child.title]);
  };
  for (const suite of report?.suites ?? []) visit(suite, []);
  return names;
}
