import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { inventoryGraph, inventoryList } from './list.js'
import { loadInventory } from './load.js'
import type { Inventory } from './types.js'

const roots: string[] = []
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })))

function sample(): Inventory {
  const root = mkdtempSync(join(tmpdir(), 'krun-list-'))
  roots.push(root)
  writeFileSync(
    join(root, 'hosts'),
    ['lone ansible_host=10.0.0.5', '[web]', 'web2 http_port=8080', 'web1', '[db]', 'db1', '[k8s:children]', 'web', 'db', '[k8s:vars]', 'env=prod', '[empty]'].join('\n'),
  )
  mkdirSync(join(root, 'group_vars'))
  writeFileSync(join(root, 'group_vars', 'web.yml'), 'tier: [a, b]\nansible_group_priority: 3\n')
  return loadInventory([join(root, 'hosts')])
}

describe('inventoryList (ansible-inventory --list)', () => {
  it('folds group vars into _meta.hostvars, omits empty groups and keys, sorts keys', () => {
    const list = inventoryList(sample())
    expect(list).toEqual({
      _meta: {
        hostvars: {
          db1: { env: 'prod' },
          lone: { ansible_host: '10.0.0.5' },
          web1: { env: 'prod', tier: ['a', 'b'], ansible_group_priority: 3 },
          web2: { env: 'prod', http_port: 8080, tier: ['a', 'b'], ansible_group_priority: 3 },
        },
      },
      all: { children: ['ungrouped', 'k8s', 'empty'] },
      db: { hosts: ['db1'] },
      k8s: { children: ['web', 'db'] },
      ungrouped: { hosts: ['lone'] },
      web: { hosts: ['web2', 'web1'] },
    })
    expect(Object.keys(list)).toEqual(['_meta', 'all', 'db', 'k8s', 'ungrouped', 'web'])
    expect(Object.keys((list['_meta'] as { hostvars: Record<string, object> }).hostvars['web2']!)).toEqual(['ansible_group_priority', 'env', 'http_port', 'tier'])
  })
})

describe('inventoryGraph (ansible-inventory --graph)', () => {
  it('draws groups then hosts, sorted by name', () => {
    expect(inventoryGraph(sample())).toBe(
      [
        '@all:',
        '  |--@empty:',
        '  |--@k8s:',
        '  |  |--@db:',
        '  |  |  |--db1',
        '  |  |--@web:',
        '  |  |  |--web1',
        '  |  |  |--web2',
        '  |--@ungrouped:',
        '  |  |--lone',
      ].join('\n'),
    )
  })

  it('starts at a group and shows vars with --vars', () => {
    expect(inventoryGraph(sample(), 'k8s', { vars: true })).toBe(
      [
        '@k8s:',
        '  |--@db:',
        '  |  |--db1',
        '  |--@web:',
        '  |  |--web1',
        '  |  |--web2',
        '  |  |  |--{http_port = 8080}',
        "  |  |--{ansible_group_priority = 3}",
        "  |  |--{tier = ['a', 'b']}",
        '  |--{env = prod}',
      ].join('\n'),
    )
  })

  it('rejects a name that is not a group', () => {
    expect(() => inventoryGraph(sample(), 'web1')).toThrow(KrunError)
  })
})
