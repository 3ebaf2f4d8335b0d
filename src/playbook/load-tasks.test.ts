import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadPlaybook } from './load-playbook.js'
import { FAKE_MODULES, fixture, removeFixtures } from './testing.js'
import type { BlockNode, Playbook, TaskNode } from './types.js'
import { tasksOf } from './walk.js'

afterAll(removeFixtures)

/** Loads a one-play playbook whose tasks are `tasks` (YAML, indented by 4). */
function loadTasks(tasks: string, extra: Record<string, string> = {}, handlers = ''): Playbook {
  const dir = fixture({ 'pb.yml': `- hosts: all\n  tasks:\n${tasks}\n  handlers:\n${handlers || '    - name: h\n      debug: msg=h\n'}`, ...extra })
  return loadPlaybook(join(dir, 'pb.yml'), { modules: FAKE_MODULES })
}
function task(tasks: string): TaskNode {
  return loadTasks(tasks).plays[0]!.tasks[0] as TaskNode
}

describe('module call forms', () => {
  it.each([
    ['short form with quotes', '    - copy: src=a dest="/b c" mode=0644', 'copy', { src: 'a', dest: '/b c', mode: '0644' }],
    ['long form', '    - copy: {src: a, dest: /b, mode: 0644}', 'copy', { src: 'a', dest: '/b', mode: 420 }],
    ['FQCN', '    - ansible.builtin.copy: {dest: /b, content: x}', 'copy', { dest: '/b', content: 'x' }],
    ['alias', '    - systemd: name=etcd state=started', 'service', { name: 'etcd', state: 'started' }],
    ['free form', '    - shell: echo {{ x }} creates=/tmp/y', 'shell', { cmd: 'echo {{ x }}', creates: '/tmp/y' }],
    ['free form keeps unknown k=v words', '    - shell: FOO=bar env | grep FOO chdir=/tmp', 'shell', { cmd: 'FOO=bar env | grep FOO', chdir: '/tmp' }],
    ['free form multi-line', '    - shell: |\n        set -e\n        echo "a  b"', 'shell', { cmd: 'set -e\necho "a  b"' }],
    ['args merged under module args', '    - shell: echo hi\n      args: {chdir: /tmp, cmd: ignored}', 'shell', { cmd: 'echo hi', chdir: '/tmp' }],
    ['action form', '    - action: copy src=a dest=b', 'copy', { src: 'a', dest: 'b' }],
    ['action mapping form', '    - action: {module: copy, dest: b}', 'copy', { dest: 'b' }],
    ['no arguments', '    - debug:', 'debug', {}],
    ['k=v booleans and numbers coerced by schema', '    - copy: dest=/x force=yes backup=no\n    - debug: verbosity=2', 'copy', { dest: '/x', force: true, backup: false }],
    ['templated values are left for run time', '    - copy: {dest: "{{ d }}", force: "{{ f }}"}', 'copy', { dest: '{{ d }}', force: '{{ f }}' }],
  ])('%s', (_what, yaml, action, args) => {
    const t = task(yaml)
    expect(t.action).toBe(action)
    expect(t.args).toEqual(args)
  })

  it('local_action runs the module on the controller', () => {
    const t = task('    - local_action: shell echo hi')
    expect([t.action, t.args, t.delegate_to]).toEqual(['shell', { cmd: 'echo hi' }, 'localhost'])
  })
})

describe('task keywords', () => {
  it.each(['loop', 'with_items', 'with_list', 'with_dict', 'with_indexed_items', 'with_sequence', 'with_fileglob', 'with_together', 'with_nested'])('%s sets loopKind', (k) => {
    const t = task(`    - debug: msg={{ item }}\n      ${k}: [1, 2]`)
    expect([t.loopKind, t.loop]).toEqual([k, [1, 2]])
  })

  it('reads every keyword into the model', () => {
    const t = task(`    - name: all
      debug: msg=x
      when: [a, b]
      tags: "x, y"
      register: out
      notify: h
      changed_when: false
      failed_when: [rc != 0, "'err' in stderr"]
      until: out is success
      retries: 3
      delay: "5"
      throttle: 2
      ignore_errors: yes
      become: true
      become_user: root
      environment: {A: "1"}
      no_log: true
      check_mode: no
      diff: "{{ d }}"
      run_once: true
      delegate_to: h1
      vars: {v: 1}
      any_errors_fatal: true
      loop_control: {loop_var: it, label: "{{ it }}"}
      loop: [1]`)
    expect(t).toMatchObject({
      name: 'all', when: ['a', 'b'], tags: ['x', 'y'], register: 'out', notify: ['h'], changed_when: ['false'],
      failed_when: ['rc != 0', "'err' in stderr"], until: ['out is success'], retries: 3, delay: 5, throttle: 2,
      ignore_errors: true, become: true, become_user: 'root', environment: { A: '1' }, no_log: true, check_mode: false,
      diff: '{{ d }}', run_once: true, delegate_to: 'h1', vars: { v: 1 }, any_errors_fatal: true,
      loop_control: { loop_var: 'it', label: '{{ it }}' },
    })
  })

  it('notify as a list, numeric tags as strings, boolean when', () => {
    const pb = loadTasks('    - debug: msg=x\n      notify: [h, other]\n      tags: [1, two]\n      when: true',
      {}, '    - name: h\n      debug:\n    - name: x\n      debug:\n      listen: other')
    const t = pb.plays[0]!.tasks[0] as TaskNode
    expect([t.notify, t.tags, t.when]).toEqual([['h', 'other'], ['1', 'two'], ['true']])
    expect(pb.plays[0]!.handlers[1]?.listen).toEqual(['other'])
  })

  it('block/rescue/always pass tags and conditions down', () => {
    const b = loadTasks(`    - name: b
      when: x
      tags: t
      become: true
      block:
        - debug: msg=1
          when: y
      rescue:
        - debug: msg=2
      always:
        - debug: msg=3`).plays[0]!.tasks[0] as BlockNode
    expect([b.kind, b.become, b.block.length, b.rescue.length, b.always.length]).toEqual(['block', true, 1, 1, 1])
    expect([b.block[0]?.when, b.rescue[0]?.tags]).toEqual([['x', 'y'], ['t']])
  })

  it('import_tasks applies its when, tags and vars to every imported task', () => {
    const pb = loadTasks('    - import_tasks: sub/more.yml\n      when: c\n      tags: imp\n      vars: {a: 1}', {
      'sub/more.yml': '- import_tasks: deeper.yml\n- debug: msg=2\n',
      'sub/deeper.yml': '- debug: msg=1\n  tags: deep\n',
    })
    const wrap = pb.plays[0]!.tasks[0] as BlockNode
    expect([wrap.kind, wrap.vars, wrap.importedFrom?.endsWith('more.yml')]).toEqual(['block', { a: 1 }, true])
    const all = [...tasksOf(pb.plays[0]!.tasks)]
    expect(all.map((t) => [t.when, t.tags])).toEqual([[['c'], ['imp', 'deep']], [['c'], ['imp']]])
  })

  it('include_tasks becomes an include node with its loop and apply tags', () => {
    const pb = loadTasks('    - include_tasks: {file: "{{ os }}.yml", apply: {tags: [a], become: true}}\n      loop: [1]\n      tags: inc')
    expect(pb.plays[0]!.tasks[0]).toMatchObject({ kind: 'include', what: 'tasks', target: '{{ os }}.yml', loop: [1], applyTags: ['a'], tags: ['inc'], options: { apply: { become: true } } })
  })

  it('numbers tasks uniquely in run order, handlers after each play', () => {
    const dir = fixture({
      'pb.yml': '- hosts: a\n  post_tasks: [{debug: msg=4}]\n  tasks: [{debug: msg=3}, {include_tasks: x.yml}]\n  pre_tasks: [{debug: msg=1}]\n  handlers: [{name: h, debug: msg=h}]\n- hosts: b\n  tasks: [{debug: msg=5}]\n',
      'x.yml': '[]',
    })
    const pb = loadPlaybook(join(dir, 'pb.yml'), { modules: FAKE_MODULES })
    const p = pb.plays[0]!
    expect([p.pre_tasks, p.tasks, p.post_tasks, p.handlers].flat().map((t) => (t as TaskNode).id)).toEqual([1, 2, 3, 4, 5])
    expect((pb.plays[1]!.tasks[0] as TaskNode).id).toBe(6)
  })
})
