import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { loadInventory } from './load.js'
import { selectHosts } from './patterns.js'

const roots: string[] = []
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })))

/** Writes `files` (relative path -> content) into a fresh temp dir and returns it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'krun-inv-'))
  roots.push(root)
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true })
    writeFileSync(join(root, rel), text)
  }
  return root
}

describe('group_vars and host_vars', () => {
  const cases: { name: string; files: Record<string, string>; host: string; expect: Record<string, unknown> }[] = [
    {
      name: 'file named <group>.yml and <host>.yaml',
      files: { 'inv/hosts': '[web]\nw1\n', 'inv/group_vars/web.yml': 'a: 1\n', 'inv/host_vars/w1.yaml': 'b: 2\n' },
      host: 'w1',
      expect: { a: 1, b: 2 },
    },
    {
      name: 'extension-less file and .json',
      files: { 'inv/hosts': '[web]\nw1\n', 'inv/group_vars/all': 'a: 1\n', 'inv/host_vars/w1.json': '{"b": [1, 2]}' },
      host: 'w1',
      expect: { a: 1, b: [1, 2] },
    },
    {
      name: 'a directory of files merged in sorted order, subdirectories walked, junk skipped',
      files: {
        'inv/hosts': '[web]\nw1\n',
        'inv/group_vars/web/10-base.yml': 'a: base\nb: base\n',
        'inv/group_vars/web/20-override.yml': 'a: override\n',
        'inv/group_vars/web/sub/30.yml': 'c: deep\n',
        'inv/group_vars/web/notes.txt': 'a: ignored\n',
        'inv/group_vars/web/99.yml~': 'a: backup\n',
      },
      host: 'w1',
      expect: { a: 'override', b: 'base', c: 'deep' },
    },
    {
      name: 'a bare <name> beats <name>.yml (Ansible stops at the first found)',
      files: { 'inv/hosts': '[web]\nw1\n', 'inv/group_vars/web': 'a: bare\n', 'inv/group_vars/web.yml': 'a: yml\nb: yml\n' },
      host: 'w1',
      expect: { a: 'bare' },
    },
    {
      name: 'host names with dots',
      files: { 'inv/hosts': 'w1.example.com\n', 'inv/host_vars/w1.example.com.yml': 'a: 1\n' },
      host: 'w1.example.com',
      expect: { a: 1 },
    },
    {
      name: 'an empty vars file is no vars',
      files: { 'inv/hosts': 'h\n', 'inv/host_vars/h.yml': '# nothing yet\n' },
      host: 'h',
      expect: {},
    },
  ]
  it.each(cases)('$name', (c) => {
    const root = tree(c.files)
    expect(loadInventory([join(root, 'inv/hosts')]).hostVars(c.host)).toEqual(c.expect)
  })
})

describe('variable precedence', () => {
  // each layer sets its own key and `v`; the highest layer that sets `v` wins
  const files = {
    'inv/hosts': [
      '[all:vars]', 'v=inv_all', 'l1=1',
      '[parent:children]', 'child',
      '[parent:vars]', 'v=inv_parent', 'l2p=1',
      '[child]', 'h v=inv_host l7=1',
      '[child:vars]', 'v=inv_child', 'l2c=1',
    ].join('\n'),
    'inv/group_vars/all.yml': 'v: gv_inv_all\nl3: 1\n',
    'play/group_vars/all.yml': 'v: gv_play_all\nl4: 1\n',
    'inv/group_vars/parent.yml': 'v: gv_inv_parent\nl5p: 1\n',
    'inv/group_vars/child.yml': 'v: gv_inv_child\nl5c: 1\n',
    'play/group_vars/child.yml': 'v: gv_play_child\nl6: 1\n',
    'inv/host_vars/h.yml': 'v: hv_inv\nl8: 1\n',
    'play/host_vars/h.yml': 'v: hv_play\nl9: 1\n',
  }
  // remove layers from the top, one at a time: the next one down must show through
  const order: [string, string][] = [
    ['play/host_vars/h.yml', 'hv_play'],
    ['inv/host_vars/h.yml', 'hv_inv'],
    ['inline host var', 'inv_host'],
    ['play/group_vars/child.yml', 'gv_play_child'],
    ['inv/group_vars/child.yml', 'gv_inv_child'],
    ['inv/group_vars/parent.yml', 'gv_inv_parent'],
    ['play/group_vars/all.yml', 'gv_play_all'],
    ['inv/group_vars/all.yml', 'gv_inv_all'],
    ['[child:vars]', 'inv_child'],
    ['[parent:vars]', 'inv_parent'],
    ['[all:vars]', 'inv_all'],
  ]
  it.each(order.map((o, i) => [o[0], o[1], i] as const))('with layers above removed, %s gives v=%s', (_layer, value, i) => {
    const f: Record<string, string> = { ...files }
    for (const [layer] of order.slice(0, i)) {
      if (layer in f) f[layer] = f[layer]!.replace(/^v: .*$/m, '')
      else if (layer === 'inline host var') f['inv/hosts'] = f['inv/hosts']!.replace(' v=inv_host', '')
      else f['inv/hosts'] = f['inv/hosts']!.replace(new RegExp(`(\\${layer.slice(0, -1)}\\]\\n)v=\\w+\\n`), '$1')
    }
    const root = tree(f)
    const inv = loadInventory([join(root, 'inv/hosts')], { extraVarsDirs: [join(root, 'play')] })
    const vars = inv.hostVars('h')
    expect(vars['v']).toBe(value)
    if (i === 0) expect(Object.keys(vars).filter((k) => k.startsWith('l')).sort()).toEqual(['l1', 'l2c', 'l2p', 'l3', 'l4', 'l5c', 'l5p', 'l6', 'l7', 'l8', 'l9'])
  })

  it('ansible_group_priority reorders groups of the same depth and is not a variable', () => {
    const root = tree({ 'hosts.yml': 'all:\n  children:\n    a:\n      hosts: {h: }\n      vars: {v: a, ansible_group_priority: 5}\n    b:\n      hosts: {h: }\n      vars: {v: b}\n' })
    const vars = loadInventory([join(root, 'hosts.yml')]).hostVars('h')
    expect(vars).toEqual({ v: 'a' })
  })

  it('dicts are replaced, not merged (hash_behaviour=replace)', () => {
    const root = tree({ 'hosts.yml': 'all:\n  vars: {d: {x: 1, y: 1}}\n  hosts:\n    h: {d: {x: 2}}\n' })
    expect(loadInventory([join(root, 'hosts.yml')]).hostVars('h')).toEqual({ d: { x: 2 } })
  })
})

describe('sources', () => {
  it('a directory: every inventory file in it, sorted, ignored names skipped, group_vars in it', () => {
    const root = tree({
      'inv/01-hosts.ini': '[web]\nw1\n',
      'inv/02-more.yml': 'all:\n  children:\n    db:\n      hosts: {d1: }\n',
      'inv/03-plain': '[web]\nw2\n',
      'inv/sub/04': '[cache]\nc1\n',
      'inv/old.retry': 'junk host\n',
      'inv/README.md': '# not an inventory\n',
      'inv/.hidden': 'junk\n',
      'inv/group_vars/web.yml': 'tier: web\n',
      'inv/host_vars/d1.yml': 'x: 1\n',
    })
    const inv = loadInventory([join(root, 'inv')])
    // 'all' walks its children in the order they became children: db explicitly (YAML), the rest at the end
    expect(inv.groupsMap()).toMatchObject({ all: ['d1', 'w1', 'w2', 'c1'], web: ['w1', 'w2'], db: ['d1'], cache: ['c1'] })
    expect(inv.hostVars('w2')).toEqual({ tier: 'web' })
    expect(inv.hostVars('d1')).toEqual({ x: 1 })
  })

  it('a YAML file without extension is recognised by its content', () => {
    const root = tree({ hosts: '---\nall:\n  hosts:\n    h1:\n' })
    expect(loadInventory([join(root, 'hosts')]).groupsMap()['ungrouped']).toEqual(['h1'])
  })

  it('several sources merge; a later file may use groups of an earlier one', () => {
    const root = tree({ a: '[web]\nw1\n', b: '[site:children]\nweb\n[web]\nw2\n' })
    const inv = loadInventory([join(root, 'a'), join(root, 'b')])
    expect(inv.groupsMap()['site']).toEqual(['w1', 'w2'])
    expect(inv.sources).toEqual([join(root, 'a'), join(root, 'b')])
  })

  it("a host list 'h1,h2:2222,' puts hosts in ungrouped", () => {
    const inv = loadInventory(['h1,h2:2222,'])
    expect(inv.groupsMap()['ungrouped']).toEqual(['h1', 'h2'])
    expect(inv.hostVars('h2')).toEqual({ ansible_port: 2222 })
  })

  it('no sources: nothing in all, the implicit localhost on demand', () => {
    const inv = loadInventory([])
    expect(selectHosts(inv, 'all')).toEqual([])
    expect(selectHosts(inv, 'localhost')).toEqual(['localhost'])
    expect(inv.hostVars('localhost')).toEqual({ ansible_connection: 'local' })
    expect(inv.groupsMap()['all']).toEqual([])
    expect(inv.groupNames('localhost')).toEqual([])
  })

  it('records the file a host came from', () => {
    const root = tree({ hosts: 'h\n' })
    expect(loadInventory([join(root, 'hosts')]).hosts.get('h')?.source).toBe(join(root, 'hosts'))
  })

  const errors: [string, Record<string, string>, string, RegExp][] = [
    ['missing source', {}, 'nope', /^inventory source not found: .*nope/],
    ['vars file that is a list', { hosts: 'h\n', 'host_vars/h.yml': '- a\n' }, 'hosts', /host_vars\/h\.yml:1: expected a mapping of variables, found a list/],
    ['vars file with a YAML error', { hosts: 'h\n', 'group_vars/all.yml': 'a: [1\n' }, 'hosts', /group_vars\/all\.yml:\d+:\d+: invalid YAML/],
    ['vault-encrypted vars file', { hosts: 'h\n', 'group_vars/all.yml': '$ANSIBLE_VAULT;1.1;AES256\n6162\n' }, 'hosts', /ansible-vault/],
  ]
  it.each(errors)('error: %s', (_name, files, source, message) => {
    const root = tree(files)
    let err: unknown
    try {
      loadInventory([join(root, source)])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(KrunError)
    expect((err as KrunError).format()).toMatch(message)
  })
})
