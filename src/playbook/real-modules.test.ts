import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MODULES } from '../modules/index.js'
import type { AnyModule } from '../modules/types.js'
import { loadPlaybook } from './load-playbook.js'
import { fixture, removeFixtures } from './testing.js'
import type { TaskNode } from './types.js'
import { tasksOf } from './walk.js'

afterAll(removeFixtures)

describe('loading with the real module registry', () => {
  const modules = MODULES as unknown as Record<string, AnyModule>

  it('accepts the forms users write', () => {
    const dir = fixture({
      'pb.yml': `- hosts: all
  tasks:
    - shell: echo {{ x }} > /tmp/y creates=/tmp/y
    - ansible.builtin.command: systemctl daemon-reload
    - file: path=/etc/etcd state=directory mode=0755
    - file: {path: /etc/etcd/x, state: touch, mode: 0644}
    - copy: {content: "a\\n", dest: /tmp/a, force: yes}
    - template: src=t.j2 dest=/tmp/t
    - stat: path=/tmp/a
      register: st
    - debug: var=st
    - set_fact: {ready: true}
    - assert: {that: [ready]}
    - meta: flush_handlers
`,
    })
    const pb = loadPlaybook(join(dir, 'pb.yml'), { modules })
    const tasks = [...tasksOf(pb.plays[0]!.tasks)] as TaskNode[]
    expect(tasks.map((t) => t.action)).toEqual(['shell', 'command', 'file', 'file', 'copy', 'template', 'stat', 'debug', 'set_fact', 'assert', 'meta'])
    expect(tasks[0]?.args).toEqual({ cmd: 'echo {{ x }} > /tmp/y', creates: '/tmp/y' })
    expect(tasks[3]?.args.mode).toBe(420)
  })

  it('rejects a typo in an argument with a suggestion', () => {
    const dir = fixture({ 'pb.yml': '- hosts: all\n  tasks:\n    - copy:\n        content: x\n        dst: /tmp/a\n' })
    expect(() => loadPlaybook(join(dir, 'pb.yml'), { modules })).toThrow(/copy: unknown argument 'dst' \(did you mean 'dest'\?\)/)
  })
})
