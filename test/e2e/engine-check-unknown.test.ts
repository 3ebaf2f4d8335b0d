import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, recap, localProject } from './helpers.js'

/** A file the first task writes, which the next tasks read on the controller. */
const play = (first: boolean, last = ''): string => `- hosts: all
  gather_facts: false
  tasks:
${first ? `    - name: write the source
      copy: {content: "made here\\n", dest: "{{ playbook_dir }}/made.txt"}
` : ''}    - name: copy what the first task made
      copy: {src: "{{ playbook_dir }}/made.txt", dest: "{{ playbook_dir }}/copied.txt"}
    - name: read it
      command: cat {{ playbook_dir }}/made.txt
      register: got
      check_mode: false
      changed_when: false
    - name: a condition on that result
      debug: {msg: "{{ got.stdout }}"}
      when: got.stdout == 'made here'
${last}`

describe('check mode when a task depends on a change the check did not make', () => {
  let dir: string
  beforeAll(() => {
    dir = localProject('check-unknown', 1)
    writeFileSync(join(dir, 'chain.yml'), play(true))
    writeFileSync(join(dir, 'alone.yml'), play(false))
    writeFileSync(join(dir, 'verdict.yml'), play(true, '    - name: the user\'s own verdict\n      fail: {msg: stop here}\n'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reports those tasks as "not known until apply" with the reason, goes on, and warns once (exit 0)', async () => {
    const r = await krun(['chain.yml', '-i', 'inv.ini', '--check'], { cwd: dir })
    expect(r.code, r.stdout).toBe(0)
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('skipping: [h1] => not known until apply'))
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/could not find file .*made\.txt/)
    expect(lines[1]).toMatch(/Command failed with exit code 1: cat /)
    expect(r.stdout).toMatch(/\[WARNING\]: 3 task results were not known in check mode/)
    expect(existsSync(join(dir, 'made.txt'))).toBe(false)
    // applied for real, the same play works
    const applied = await krun(['chain.yml', '-i', 'inv.ini', '--json'], { cwd: dir })
    expect(recap(applied).h1).toMatchObject({ changed: 2, failed: 0, skipped: 0 })
  })

  it('without an earlier change the same failure is a failure', async () => {
    rmSync(join(dir, 'made.txt'), { force: true })
    const r = await krun(['alone.yml', '-i', 'inv.ini', '--check', '--json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(recap(r).h1).toMatchObject({ failed: 1 })
  })

  it('a fail task stays a failure', async () => {
    rmSync(join(dir, 'made.txt'), { force: true })
    const r = await krun(['verdict.yml', '-i', 'inv.ini', '--check', '--json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.events.find((e) => e.event === 'host_result' && e.status === 'failed')).toMatchObject({ task: "the user's own verdict" })
  })
})
