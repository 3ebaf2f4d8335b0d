import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LOAD_CASES, RUN_CASES, type Files } from '../fixtures/broken/cases.js'
import { krun, type Run } from './helpers.js'

/**
 * The broken-input corpus (issue 2): each case is a small project written to a temporary
 * directory and run through the real CLI. A broken input must fail at load, before any host is
 * touched, with exactly one `ERROR: file:line[:col]: message` line and no stack trace; the few
 * errors that only exist at run time must fail the host (exit 2) and still say what and where.
 */

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Writes the project, runs krun in it (playbook runs get -e marker=<dir>/touched). */
async function runCase(files: Files, args: string[]): Promise<{ dir: string; marker: string; run: Run }> {
  const dir = mkdtempSync(join(tmpdir(), 'krun-broken-'))
  dirs.push(dir)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  const marker = join(dir, 'touched')
  const extra = args[0] === 'inventory' ? [] : ['-e', `marker=${marker}`]
  return { dir, marker, run: await krun([...args, ...extra], { cwd: dir }) }
}

const STACK = [/^\s+at /m, /node:internal/, /\.[cm]?js:\d+/, /internal error/i, /Error: .*\n\s+at/]

function expectNoStackTrace(run: Run): void {
  for (const re of STACK) {
    expect(run.stderr, `stderr matches ${re}`).not.toMatch(re)
    expect(run.stdout, `stdout matches ${re}`).not.toMatch(re)
  }
}

describe('broken inputs fail at load: exit 1, one positioned ERROR line, nothing run', () => {
  it.each(LOAD_CASES)('$name', async (c) => {
    const { dir, marker, run } = await runCase(c.files, c.args)
    const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
    expect(run.code, context).toBe(1)
    expectNoStackTrace(run)
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('ERROR'))
    expect(errors, context).toHaveLength(1)
    // nothing else on stderr but an optional hint: no warnings, no second report
    expect(run.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('ERROR') && !l.startsWith('  hint: ')), context).toEqual([])
    const line = errors[0]!
    const { file, line: lineNo, message } = c.expect
    if (file === undefined) {
      // a usage error: one line, no file position
      const m = /^ERROR: (.*)$/.exec(line)
      expect(m?.[1], line).toMatch(message)
      expect(line, 'a usage error names no file:line').not.toMatch(/^ERROR: \S+:\d+(:\d+)?: /)
    } else if (lineNo === null) {
      const m = /^ERROR: ([^:\s]+): (.*)$/.exec(line)
      expect(m, line).not.toBeNull()
      expect(resolve(dir, m![1]!), line).toBe(join(dir, file))
      expect(m![2], line).toMatch(message)
    } else {
      const m = /^ERROR: ([^:\s]+):(\d+)(?::(\d+))?: (.*)$/.exec(line)
      expect(m, `not ERROR: file:line[:col]: message\n${line}`).not.toBeNull()
      expect({ file: resolve(dir, m![1]!), line: Number(m![2]) }, line).toEqual({ file: join(dir, file), line: lineNo })
      expect(m![4], line).toMatch(message)
    }
    expect(run.stdout, 'no play started').not.toMatch(/PLAY \[|TASK \[/)
    expect(existsSync(marker), 'a host was touched').toBe(false)
  })
})

describe('errors that exist only at run time: the host fails (exit 2), the output says what and where', () => {
  it.each(RUN_CASES)('$name', async (c) => {
    const { marker, run } = await runCase(c.files, c.args)
    const out = `${run.stdout}\n${run.stderr}`
    expect(run.code, out).toBe(2)
    expectNoStackTrace(run)
    expect(out.match(/fatal: \[web1\]/g), out).toHaveLength(1)
    for (const re of c.says) expect(out).toMatch(re)
    // the failed host runs nothing after the failing task
    expect(existsSync(marker), 'the task after the failure ran').toBe(false)
  })
})
