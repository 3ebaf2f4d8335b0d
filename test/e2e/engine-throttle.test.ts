import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, localProject } from './helpers.js'

/** throttle: 1 runs a task (or handler) on one host at a time: the rolling restart etcd needs. */
describe('throttle', () => {
  let dir: string
  beforeAll(() => {
    dir = localProject('throttle', 3)
    // each host appends "start" and "end" around a short sleep; overlapping runs would interleave
    const step = (name: string): string => `sh -c 'echo start {{ inventory_hostname }} >> ${dir}/${name}.log; sleep 0.3; echo end {{ inventory_hostname }} >> ${dir}/${name}.log'`
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: all
  gather_facts: false
  tasks:
    - name: rolling
      shell: ${step('task')}
      throttle: 1
      notify: restart
    - name: together
      shell: ${step('free')}
  handlers:
    - name: restart
      shell: ${step('handler')}
      throttle: 1
`,
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const pairs = (name: string): string[] => readFileSync(join(dir, `${name}.log`), 'utf8').trim().split('\n')

  it('tasks and handlers with throttle: 1 never overlap; others do', async () => {
    const r = await krun(['site.yml', '-i', 'inv.ini', '--plain'], { cwd: dir })
    expect(r.code).toBe(0)
    for (const name of ['task', 'handler']) {
      const lines = pairs(name)
      expect(lines).toHaveLength(6)
      for (let i = 0; i < 6; i += 2) expect(lines[i + 1]).toBe(lines[i]!.replace('start', 'end'))
    }
    // without throttle the three starts come before any end
    expect(pairs('free').slice(0, 3).every((l) => l.startsWith('start'))).toBe(true)
  })
})
