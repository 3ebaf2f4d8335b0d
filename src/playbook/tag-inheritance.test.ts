import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadIncludedTasks, loadPlaybook } from './index.js'
import { FAKE_MODULES, fixture, removeFixtures } from './testing.js'
import type { IncludeNode } from './types.js'
import { listTasks, tasksOf } from './walk.js'

afterAll(removeFixtures)

const dir = fixture({
  'site.yml': `
- hosts: all
  tags: [play]
  roles:
    - { role: web, tags: [webrole] }
  tasks:
    - name: plain
      debug: msg=1
    - name: own
      debug: msg=2
      tags: [own]
    - block:
        - name: in block
          debug: msg=3
      tags: [blk]
    - import_tasks: imported.yml
      tags: [imp]
    - name: inc
      include_tasks:
        file: included.yml
        apply: { tags: [applied] }
      tags: [inc]
    - name: nev
      debug: msg=n
      tags: [never, debugonly]
    - name: alw
      debug: msg=a
      tags: always
- hosts: all
  tasks:
    - name: second play
      debug: msg=p2
`,
  'roles/web/tasks/main.yml': '- name: web task\n  debug: msg=w\n  tags: webtask\n',
  'imported.yml': '- name: imported task\n  debug: msg=i\n',
  'included.yml': '- name: included task\n  debug: msg=x\n  tags: [mine]\n',
})
const pb = loadPlaybook(join(dir, 'site.yml'), { modules: FAKE_MODULES })
const [play1, play2] = pb.plays
const ALL = ['web : web task', 'plain', 'own', 'in block', 'imported task', 'inc', 'alw']

describe('tag selection through the loaded tree', () => {
  it.each([
    [[], [], ALL],
    [['own'], [], ['own', 'alw']],
    [['webrole'], [], ['web : web task', 'alw']],
    [['webtask'], [], ['web : web task', 'alw']],
    [['blk'], [], ['in block', 'alw']],
    [['imp'], [], ['imported task', 'alw']],
    [['inc'], [], ['inc', 'alw']],
    [['debugonly'], [], ['nev', 'alw']],
    [['play'], [], [...ALL.slice(0, 6), 'nev', 'alw']],
    [[], ['play'], []],
    [[], ['always'], ALL.slice(0, 6)],
    [['untagged'], [], ['alw']],
    [['own', 'blk'], ['blk'], ['own', 'alw']],
  ])('--tags %j --skip-tags %j', (tags, skipTags, expected) => {
    expect(listTasks(play1!, { tags, skipTags })).toEqual(expected)
  })

  it('an untagged play has untagged tasks', () => {
    expect(listTasks(play2!, { tags: ['untagged'], skipTags: [] })).toEqual(['second play'])
    expect(listTasks(play2!, { tags: ['play'], skipTags: [] })).toEqual([])
  })

  it('tasks of a dynamic include get the inherited and apply tags, not the include own tags', () => {
    const inc = [...tasksOf(play1!.tasks)].find((t) => t.kind === 'include') as IncludeNode
    expect(inc.tags).toEqual(['play', 'inc'])
    const nodes = loadIncludedTasks('included.yml', inc, { modules: FAKE_MODULES })
    expect(nodes[0]?.tags.sort()).toEqual(['applied', 'mine', 'play'])
  })
})
