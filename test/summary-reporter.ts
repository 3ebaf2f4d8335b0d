import type { Reporter } from 'vitest/reporters'

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] }

/** Ends the run with the plain line CI reads: `N passed, N failed, N skipped`. */
export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = []): void {
    const count = { passed: 0, failed: 0, skipped: 0 }
    const walk = (t: Task): void => {
      if (t.type === 'test') {
        if (t.result?.state === 'pass') count.passed++
        else if (t.result?.state === 'fail') count.failed++
        else count.skipped++
      }
      t.tasks?.forEach(walk)
    }
    files.forEach(walk)
    // a file that failed to load has no tests: count it as a failure
    for (const f of files) if (f.result?.state === 'fail' && !f.tasks?.length) count.failed++
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`)
  }
}
