import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadPlaybook } from './load-playbook.js'
import { loadIncludedRole } from './runtime.js'
import { FAKE_MODULES, fixture, removeFixtures } from './testing.js'
import type { BlockNode, IncludeNode, Playbook, TaskNode } from './types.js'
import { listTasks, tasksOf } from './walk.js'

afterAll(removeFixtures)

function load(files: Record<string, string>, main = 'pb.yml', extraVars = {}): Playbook {
  return loadPlaybook(join(fixture(files), main), { modules: FAKE_MODULES, extraVars })
}
const ALL = { tags: [], skipTags: [] }

describe('play keywords', () => {
  it('reads play keywords with YAML 1.1 booleans', () => {
    const p = load({ 'pb.yml': `- hosts: [web, db]
  become: yes
  become_user: root
  serial: [1, "30%", "2"]
  gather_facts: no
  strategy: free
  max_fail_percentage: 20
  any_errors_fatal: true
  force_handlers: on
  environment: {A: b}
  no_log: false
  check_mode: "{{ c }}"
  vars: {x: 1}
  tasks: []` }).plays[0]!
    expect(p).toMatchObject({
      name: 'web,db', hosts: 'web,db', become: true, become_user: 'root', serial: [1, '30%', 2], gather_facts: false,
      strategy: 'free', max_fail_percentage: 20, any_errors_fatal: true, force_handlers: true, environment: { A: 'b' },
      no_log: false, check_mode: '{{ c }}', vars: { x: 1 },
    })
  })

  it('loads vars_files: plain, -e templated, first found, and defers host-templated names', () => {
    const p = load({
      'pb.yml': '- hosts: all\n  vars_files:\n    - vars/common.yml\n    - "vars/{{ env }}.json"\n    - [vars/missing.yml, vars/fallback.yml]\n    - "vars/{{ ansible_os_family }}.yml"\n',
      'vars/common.yml': 'a: 1\n',
      'vars/prod.json': '{"b": 2}',
      'vars/fallback.yml': 'c: 3\n',
    }, 'pb.yml', { env: 'prod' }).plays[0]!
    expect(p.varsFiles).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, {}])
    expect(p.varsFilesDeferred).toMatchObject([{ index: 3, paths: ['vars/{{ ansible_os_family }}.yml'] }])
  })

  it('import_playbook adds its tags and vars to the imported plays, relative to the importing file', () => {
    const pb = load({
      'site.yml': '- import_playbook: playbooks/web.yml\n  tags: web\n  vars: {v: 1}\n- hosts: b\n  tasks: [{debug: msg=2}]\n',
      'playbooks/web.yml': '- hosts: a\n  tasks: [{import_tasks: tasks/t.yml}]\n',
      'playbooks/tasks/t.yml': '- debug: msg=1\n',
    }, 'site.yml')
    expect(pb.plays.map((p) => [p.hosts, p.tags, p.vars])).toEqual([['a', ['web'], { v: 1 }], ['b', [], {}]])
    expect(pb.plays[0]!.dir.endsWith('playbooks')).toBe(true)
    expect([...tasksOf(pb.plays[0]!.tasks)][0]?.tags).toEqual(['web'])
  })

  it('!unsafe strings are kept from templating', () => {
    const t = load({ 'pb.yml': '- hosts: all\n  tasks:\n    - debug: {msg: !unsafe "{{ not_a_var }}"}\n' }).plays[0]!.tasks[0] as TaskNode
    expect(t.args.msg).toBe('{% raw %}{{ not_a_var }}{% endraw %}')
  })
})

describe('roles', () => {
  const roleFiles = {
    'roles/common/tasks/main.yml': '- name: common task\n  debug: msg=c\n',
    'roles/web/tasks/main.yml': '- name: web task\n  debug: msg=w\n  notify: restart web\n',
    'roles/web/tasks/extra.yaml': '- name: extra task\n  debug: msg=e\n',
    'roles/web/handlers/main.yml': '- name: restart web\n  service: name=web state=restarted\n',
    'roles/web/defaults/main.yml': 'port: 80\n',
    'roles/web/vars/main': 'user: www\n',
    'roles/web/meta/main.yml': 'dependencies:\n  - common\n',
    'roles/dup/tasks/main.yml': '- name: dup task\n  debug: msg=d\n',
    'roles/dup/meta/main.yml': 'allow_duplicates: true\n',
  }

  it('expands roles: deps first, deduplicated, params and entry keywords kept', () => {
    const p = load({ ...roleFiles, 'pb.yml': '- hosts: all\n  roles:\n    - web\n    - {role: web, port: 81, tags: [w], when: ok}\n    - web\n    - dup\n    - dup\n' }).plays[0]!
    expect(listTasks(p, ALL)).toEqual(['common : common task', 'web : web task', 'web : web task', 'dup : dup task', 'dup : dup task'])
    const second = p.roles[2] as BlockNode
    expect(second.role).toMatchObject({ name: 'web', defaults: { port: 80 }, vars: { user: 'www' }, params: { port: 81 } })
    expect([second.tags, second.when, second.block[0]?.tags, second.block[0]?.when]).toEqual([['w'], ['ok'], ['w'], ['ok']])
    expect(p.handlers.map((h) => [h.name, h.role?.name])).toEqual([['restart web', 'web']])
  })

  it('finds roles beside the playbooks directory and by path', () => {
    const p = load({ ...roleFiles, 'playbooks/pb.yml': '- hosts: all\n  roles: [common, ../roles/dup]\n' }, 'playbooks/pb.yml').plays[0]!
    expect(listTasks(p, ALL)).toEqual(['common : common task', 'dup : dup task'])
  })

  it('import_role with tasks_from, include_role as an include whose handlers join the play', () => {
    const p = load({ ...roleFiles, 'pb.yml': '- hosts: all\n  tasks:\n    - import_role: {name: web, tasks_from: extra}\n      tags: x\n    - include_role: {name: web}\n      tags: y\n    - debug: msg=z\n      notify: \"web : restart web\"\n' }).plays[0]!
    expect(listTasks(p, ALL)).toEqual(['common : common task', 'web : extra task', 'include_role', 'debug'])
    expect([...tasksOf(p.tasks)][1]?.tags).toEqual(['x'])
    const inc = p.tasks[1] as IncludeNode
    expect([inc.kind, inc.what, inc.target, inc.tags]).toEqual(['include', 'role', 'web', ['y']])
    expect(p.handlers.map((h) => h.name)).toEqual(['restart web'])
    const dyn = loadIncludedRole('web', inc, { modules: FAKE_MODULES, playbookDir: p.dir })
    expect(dyn.nodes.map((n) => (n as BlockNode).role?.name)).toEqual(['common', 'web'])
    expect(dyn.handlers.map((h) => h.name)).toEqual(['restart web'])
  })
})

describe('loadPlaybookData', () => {
  it('loads plays built in memory and places errors at the given name', async () => {
    const { loadPlaybookData } = await import('./load-playbook.js')
    const data = [{ hosts: 'web', tasks: [{ name: 'x', shell: 'uptime' }] }]
    const pb = loadPlaybookData(data, '/tmp/<adhoc>', { modules: FAKE_MODULES })
    expect((pb.plays[0]!.tasks[0] as TaskNode).args).toEqual({ cmd: 'uptime' })
    expect(() => loadPlaybookData([{ hosts: 'web', tasks: [{ cpy: 'a=b' }] }], '/tmp/<adhoc>', { modules: FAKE_MODULES }))
      .toThrow(expect.objectContaining({ code: 'E_UNKNOWN_MODULE', pos: { file: '/tmp/<adhoc>' } }))
  })
})

describe('notify checking', () => {
  const h = '  handlers:\n    - name: restart\n      debug:\n      listen: [svc changed]\n'
  it.each([
    ['a handler name', 'restart'],
    ['a listen topic', 'svc changed'],
    ['a templated name', '"{{ which }}"'],
  ])('accepts %s', (_what, notify) => {
    expect(() => load({ 'pb.yml': `- hosts: all\n  tasks:\n    - debug:\n      notify: ${notify}\n${h}` })).not.toThrow()
  })

  it('leaves notify alone when a role is included under a templated name', () => {
    expect(() => load({ 'pb.yml': '- hosts: all\n  tasks:\n    - include_role: {name: "{{ r }}"}\n    - debug:\n      notify: from role\n' })).not.toThrow()
  })

  it('checks notify of handlers too', () => {
    expect(() => load({ 'pb.yml': '- hosts: all\n  handlers:\n    - name: a\n      debug:\n      notify: b\n' })).toThrow(/no handler named 'b'/)
  })
})
