import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, localProject } from './helpers.js'

/** Secrets do not travel into a rescue's ansible_failed_task, nor into -vv output. */
describe('secrets in failed-task data', () => {
  let dir: string
  beforeAll(() => {
    dir = localProject('secrets', 1)
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: all
  gather_facts: false
  tasks:
    - block:
        # fails while templating (undefined name), before anything reaches the host
        - name: account
          user: {name: "{{ missing_name }}", password: "$6$hash-that-is-secret"}
      rescue:
        - debug: {var: ansible_failed_task}
    - block:
        - name: hidden
          fail: {msg: "token-that-is-secret"}
          no_log: true
      rescue:
        - debug: {var: ansible_failed_result}
        - debug: {var: ansible_failed_task}
`,
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('a secret argument and a no_log result never reach the output', async () => {
    const r = await krun(['site.yml', '-i', 'inv.ini', '--plain', '-vv'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('NOT_LOGGING_PASSWORD')
    expect(r.stdout + r.stderr).not.toContain('hash-that-is-secret')
    expect(r.stdout + r.stderr).not.toContain('token-that-is-secret')
    expect(r.stdout).toContain("'missing_name' is undefined")
  })
})
