import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, localProject } from './helpers.js'

const SITE = `- hosts: all
  gather_facts: false
  vars: {pkg: etcd, port: 2379}
  tasks:
    - name: "Install {{ pkg }} listening on {{ port + 1 }}"
      debug: {msg: hi}
    - name: "Per host {{ inventory_hostname }} stays as written"
      debug: {msg: hi}
    - name: "Undefined {{ nope }} stays as written"
      debug: {msg: hi}
    - name: "Item {{ item }}"
      debug: {msg: "{{ item }}"}
      loop: [a]
    - name: "Version {{ ver }} from -e"
      debug: {msg: hi}
      notify: "Restart {{ pkg }}"
      changed_when: true
  handlers:
    - name: "Restart {{ pkg }}"
      debug: {msg: restarted}
`

describe('task names', () => {
  let dir: string
  beforeAll(() => {
    dir = localProject('task-names', 2)
    writeFileSync(join(dir, 'site.yml'), SITE)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('are templated with play-level variables, as ansible-playbook prints them; otherwise left as written', async () => {
    const r = await krun(['site.yml', '-i', 'inv.ini', '-e', 'ver=3.4'], { cwd: dir })
    expect(r.code).toBe(0)
    const headers = r.stdout.split('\n').filter((l) => /^(TASK|RUNNING HANDLER) \[/.test(l)).map((l) => l.replace(/\s*\**$/, ''))
    expect(headers).toEqual([
      'TASK [Install etcd listening on 2380]',
      'TASK [Per host {{ inventory_hostname }} stays as written]',
      'TASK [Undefined {{ nope }} stays as written]',
      'TASK [Item {{ item }}]',
      'TASK [Version 3.4 from -e]',
      'RUNNING HANDLER [Restart etcd]',
    ])
  })
})
