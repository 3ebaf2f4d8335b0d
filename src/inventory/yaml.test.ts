import { describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { InventoryData } from './model.js'
import { parseYamlInventory } from './yaml.js'

function load(text: string): InventoryData {
  const inv = new InventoryData()
  parseYamlInventory(text, 'hosts.yml', inv)
  inv.reconcile()
  return inv
}

const cases: { name: string; yaml: string; groups?: Record<string, string[]>; vars?: Record<string, Record<string, unknown>> }[] = [
  {
    name: 'all with hosts, vars and nested children',
    yaml: `
all:
  vars: { env: prod, replicas: 3 }
  hosts:
    bastion: { ansible_host: 10.0.0.1 }
  children:
    k8s:
      vars: { role: k8s }
      children:
        masters:
          hosts:
            m1:
            m2: { ansible_port: 2222 }
          vars: { role: master }
        workers:
          hosts: { w1: null }
`,
    groups: { all: ['bastion', 'm1', 'm2', 'w1'], ungrouped: ['bastion'], k8s: ['m1', 'm2', 'w1'], masters: ['m1', 'm2'] },
    vars: { m2: { env: 'prod', replicas: 3, role: 'master', ansible_port: 2222 }, w1: { role: 'k8s' }, bastion: { ansible_host: '10.0.0.1', env: 'prod' } },
  },
  {
    name: 'top-level groups other than all',
    yaml: 'web:\n  hosts:\n    w1:\ndb:\n  hosts:\n    d1:\n',
    groups: { all: ['w1', 'd1'], web: ['w1'], db: ['d1'], ungrouped: [] },
  },
  {
    name: 'ranges and :port in host keys',
    yaml: 'nodes:\n  hosts:\n    "node[01:03]:2200":\n      zone: a\n    "x[a:b]":\n',
    groups: { nodes: ['node01', 'node02', 'node03', 'xa', 'xb'] },
    vars: { node02: { zone: 'a', ansible_port: 2200 } },
  },
  {
    name: 'YAML 1.1 scalars as Ansible (PyYAML) reads them',
    yaml: 'all:\n  hosts:\n    h:\n      a: yes\n      b: off\n      mode: 0644\n      s: "0644"\n      n: ~\n      y: 09\n      d: 2024-01-02\n',
    vars: { h: { a: true, b: false, mode: 420, s: '0644', n: null, y: '09', d: '2024-01-02' } },
  },
  {
    name: 'a bare string is one host / one child',
    yaml: 'all:\n  children:\n    web:\n      hosts: w1\n',
    groups: { web: ['w1'] },
  },
  {
    name: 'a group defined twice merges',
    yaml: 'all:\n  children:\n    web:\n      hosts: {w1: }\nweb:\n  hosts: {w2: }\n  vars: {v: 1}\n',
    groups: { web: ['w1', 'w2'] },
    vars: { w1: { v: 1 } },
  },
  { name: 'an empty file is an empty inventory', yaml: '# nothing\n', groups: { all: [] } },
]

describe('YAML inventory', () => {
  it.each(cases)('$name', (c) => {
    const inv = load(c.yaml)
    const map = inv.groupsMap()
    for (const [g, hosts] of Object.entries(c.groups ?? {})) expect(map[g], g).toEqual(hosts)
    for (const [h, vars] of Object.entries(c.vars ?? {})) expect(inv.hostVars(h)).toMatchObject(vars)
  })

  it('warns (like Ansible) about keys other than hosts/vars/children, with the place', () => {
    const inv = load('all:\n  children:\n    web:\n      host:\n        w1:\n')
    expect(inv.warnings).toEqual([expect.stringMatching(/^hosts\.yml:4:7: skipping unexpected key 'host' in group 'web'/)])
  })
})

const errors: [string, string, string, RegExp][] = [
  ['hosts as a list', 'all:\n  hosts:\n    - h1\n    - h2\n', 'hosts.yml:3:5', /invalid "hosts" entry for group 'all': expected a mapping, found a list/],
  ['host vars not a mapping', 'all:\n  hosts:\n    h1: 22\n', 'hosts.yml:3:9', /host 'h1' in group 'all' must map to variables, found a number/],
  ['children cycle', 'a:\n  children:\n    b:\n      children:\n        a:\n', 'hosts.yml:3:5', /cycle: a -> b -> a/],
  ['unclosed bracket, reported at the opener', 'all:\n  hosts: [a\n', 'hosts.yml:2:10', /invalid YAML: '\[' is never closed \(missing \]\)/],
  ['unquoted template as a value', 'all:\n  vars:\n    x: {{ y }}\n', 'hosts.yml:3:8', /unquoted template \{\{ y \}\}: .*quote the whole value/],
  ['not a mapping at the top', '- a\n- b\n', 'hosts.yml:1:1', /must be a mapping of groups, found a list/],
  ['malformed range', 'all:\n  hosts:\n    "n[3:1]":\n', 'hosts.yml:3:5', /begin <= end/],
]

describe('YAML inventory errors', () => {
  it.each(errors)('%s', (_name, text, where, message) => {
    let err: unknown
    try {
      load(text)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(KrunError)
    const formatted = (err as KrunError).format()
    expect(formatted.startsWith(where)).toBe(true)
    expect(formatted).toMatch(message)
  })
})
