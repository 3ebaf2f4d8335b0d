import { expect } from 'vitest'
import type { Run } from './helpers.js'
import type { LabProject } from './lab-project.js'

/** Host results of a --json run, optionally of one status. */
export const results = (run: Run, status?: string): Array<Record<string, unknown>> =>
  run.events.filter((e) => e.event === 'host_result' && (!status || e.status === status))

/** task name -> status (or msg) of one host. */
export const byTask = (run: Run, host: string, key: 'status' | 'msg'): Record<string, unknown> =>
  Object.fromEntries(results(run).filter((e) => e.host === host).map((e) => [e.task, e[key]]))

/** The -/+ lines of a result's diff patches, headers left out. */
export function changedLines(e: Record<string, unknown>): string[] {
  const patch = (e.diffs as Array<{ patch?: string }> | undefined)?.map((d) => d.patch ?? '').join('\n') ?? ''
  return patch.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l))
}

/**
 * A playbook whose 2nd task (line 5) has bad arguments fails at load: exit 1, exactly one
 * `ERROR: <file>:5:<col>: <msg>` line, and no host touched.
 */
export async function expectLoadError(lp: LabProject, name: string, taskYaml: string, msg: RegExp): Promise<void> {
  lp.write(`bad-${name}.yml`, `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: {msg: first}\n${taskYaml}`)
  const run = await lp.krun(`bad-${name}.yml`)
  expect(run.code).toBe(1)
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('ERROR'))
  expect(errors).toHaveLength(1)
  const m = /^ERROR: ([^:\s]+):(\d+)(?::\d+)?: (.*)$/.exec(errors[0] ?? '')
  expect(m?.[1]).toMatch(new RegExp(`bad-${name}\\.yml$`))
  expect(Number(m?.[2])).toBe(5)
  expect(m?.[3]).toMatch(msg)
  expect(results(run)).toEqual([])
}
