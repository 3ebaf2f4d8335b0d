import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, recap, localProject } from './helpers.js'

describe('a loop over an empty list', () => {
  let dir: string
  beforeAll(() => {
    dir = localProject('empty-loop', 1)
    writeFileSync(join(dir, 'site.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: nothing to do\n      debug: {msg: "{{ item }}"}\n      loop: []\n`)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is skipped with "No items in the list", as in Ansible', async () => {
    const r = await krun(['site.yml', '-i', 'inv.ini', '--json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(recap(r).h1).toMatchObject({ skipped: 1, ok: 0 })
    expect(r.events.find((e) => e.event === 'host_result')).toMatchObject({ status: 'skipped', msg: 'No items in the list' })
  })
})
