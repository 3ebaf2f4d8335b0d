import { describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { parseIni } from './ini.js'
import { InventoryData } from './model.js'

function load(text: string): InventoryData {
  const inv = new InventoryData()
  parseIni(text, 'inventory', inv)
  inv.reconcile()
  return inv
}

interface Case {
  name: string
  ini: string
  /** groupsMap() entries that must match exactly */
  groups?: Record<string, string[]>
  /** hostVars() subsets */
  vars?: Record<string, Record<string, unknown>>
}

const cases: Case[] = [
  {
    name: 'numeric range keeps zero padding',
    ini: '[web]\nweb[01:03].example.com\n',
    groups: { web: ['web01.example.com', 'web02.example.com', 'web03.example.com'] },
  },
  { name: 'range with a step', ini: '[n]\nnode[1:10:3]\n', groups: { n: ['node1', 'node4', 'node7', 'node10'] } },
  { name: 'letter range', ini: '[db]\ndb-[a:c]\n', groups: { db: ['db-a', 'db-b', 'db-c'] } },
  { name: 'two ranges in one name', ini: '[r]\nr[1:2]-[a:b]\n', groups: { r: ['r1-a', 'r1-b', 'r2-a', 'r2-b'] } },
  {
    name: 'port suffix becomes ansible_port, on every host of a range',
    ini: '[web]\nw[1:2]:2222\nplain\n',
    vars: { w1: { ansible_port: 2222 }, w2: { ansible_port: 2222 }, plain: {} },
  },
  {
    name: 'IPv6 address is not split on colons; [v6]:port is',
    ini: '[v6]\nfe80::1\n[2001:db8::5]:2200\n',
    groups: { v6: ['fe80::1', '2001:db8::5'] },
    vars: { '2001:db8::5': { ansible_port: 2200 } },
  },
  {
    name: 'inline values go through literal_eval; quotes are removed first (shlex)',
    ini: `[h]\nh1 port=22 flag=True off=False none=None pi=3.5 msg="a b" x='c d' sq="'22'" dq="22" lower=true lead=017 list="[1, 'a']" tup=0,4 lz=00,04\n`,
    vars: {
      h1: { port: 22, flag: true, off: false, none: null, pi: 3.5, msg: 'a b', x: 'c d', sq: '22', dq: 22, lower: 'true', lead: '017', list: [1, 'a'], tup: [0, 4], lz: '00,04' },
    },
  },
  {
    name: 'a # outside quotes ends a host line; inside quotes it is kept',
    ini: `[h]\nh1 a=1 # b=2\nh2 pw="'x#y'" c=ab#cd\n`,
    vars: { h1: { a: 1 }, h2: { pw: 'x#y', c: 'ab' } },
  },
  {
    name: ':vars values: literal_eval of the whole right-hand side, else the raw text',
    ini: `[g]\nh\n[g:vars]\nport = 8080\nname=hello world\nenabled=False\nquoted="a b"\nempty=\n`,
    vars: { h: { port: 8080, name: 'hello world', enabled: false, quoted: 'a b', empty: '' } },
  },
  {
    name: 'comments with # and ; and blank lines are skipped',
    ini: '# top\n; semi\n\n[g] # trailing comment\n  h1  \n\n; x\n',
    groups: { g: ['h1'] },
  },
  {
    name: 'hosts before any section and hosts only in [all] are ungrouped',
    ini: 'lone\n[all]\nalso\n[web]\nw1\n',
    groups: { all: ['also', 'lone', 'w1'], ungrouped: ['lone', 'also'], web: ['w1'] },
  },
  {
    name: 'a host listed before any section and later in a group leaves ungrouped',
    ini: 'h1\nh2\n[web]\nh1\n',
    groups: { ungrouped: ['h2'], web: ['h1'] },
  },
  {
    name: 'children may be declared before the child group; hosts flow up',
    ini: '[k8s:children]\nmasters\nworkers\n[masters]\nm1\n[workers]\nw1\nm1\n',
    groups: { k8s: ['m1', 'w1'], masters: ['m1'], workers: ['w1', 'm1'] },
  },
  {
    name: 'group vars: child overrides parent, host overrides group, [all:vars] lowest',
    ini: '[all:vars]\nx=all\ny=all\n[p:children]\nc\n[p:vars]\nx=p\ny=p\n[c]\nh z=host\n[c:vars]\nx=c\nz=c\n',
    vars: { h: { x: 'c', y: 'p', z: 'host' } },
  },
  {
    name: 'same depth: by name, unless ansible_group_priority says otherwise',
    ini: '[a]\nh\n[b]\nh\n[a:vars]\nv=a\nw=a\nansible_group_priority=10\n[b:vars]\nv=b\n',
    vars: { h: { v: 'a', w: 'a' } },
  },
  {
    name: 'a host in two groups without priority: the later name wins',
    ini: '[zeta]\nh\n[alpha]\nh\n[zeta:vars]\nv=zeta\n[alpha:vars]\nv=alpha\n',
    vars: { h: { v: 'zeta' } },
  },
  {
    name: '[ungrouped:vars] applies to ungrouped hosts',
    ini: 'lone\n[ungrouped:vars]\nu=1\n',
    vars: { lone: { u: 1 } },
  },
]

describe('INI inventory', () => {
  it.each(cases)('$name', (c) => {
    const inv = load(c.ini)
    const map = inv.groupsMap()
    for (const [g, hosts] of Object.entries(c.groups ?? {})) expect(map[g], g).toEqual(hosts)
    for (const [h, vars] of Object.entries(c.vars ?? {})) {
      const got = inv.hostVars(h)
      if (Object.keys(vars).length === 0) expect(got).toEqual({})
      else expect(got).toMatchObject(vars)
    }
  })

  it('group_names and Host.groups follow membership', () => {
    const inv = load('[k8s:children]\nmasters\n[masters]\nm1\n[etcd]\nm1\n')
    expect(inv.groupNames('m1')).toEqual(['etcd', 'k8s', 'masters'])
    expect(inv.hosts.get('m1')!.groups).toEqual(['masters', 'etcd'])
    expect(inv.groups.get('all')!.children).toEqual(['ungrouped', 'k8s', 'etcd'])
  })
})

const errors: [string, string, string, RegExp][] = [
  ['misspelled section type', '[web]\nh\n[web:childen]\nx\n', 'inventory:3', /unknown type 'childen'[\s\S]*did you mean \[web:children\]/],
  ['garbled header', '[web servers]\nh\n', 'inventory:1', /invalid section header/],
  ['header without its closing bracket', '[web\nh\n', 'inventory:1', /section header '\[web' is missing its closing '\]'/],
  ['host word without =', '[web]\nh1 ansible_user\n', 'inventory:2', /expected key=value host variable after 'h1', got 'ansible_user'/],
  ['vars line without =', '[all:vars]\njust_a_word\n', 'inventory:2', /expected key=value in \[all:vars\]/],
  ['unknown child group', '[masters]\nm1\n[workers:children]\nmastrs\n', 'inventory:4', /unknown group 'mastrs' in \[workers:children\][\s\S]*did you mean 'masters'/],
  ['vars for a group never declared', '[ghost:vars]\nx=1\n', 'inventory:1', /\[ghost:vars\] for a group that is never declared/],
  ['children cycle', '[a:children]\nb\n[b:children]\na\n', 'inventory:4', /makes a cycle: b -> a -> b/],
  ['three-group cycle', '[a:children]\nb\n[b:children]\nc\n[c:children]\na\n', 'inventory:6', /cycle: c -> a -> b -> c/],
  ['group as its own child', '[a:children]\na\n', 'inventory:2', /cycle: a -> a/],
  ['malformed range', '[web]\nweb[1:x]\n', 'inventory:2', /both numbers or both letters/],
  ['range with four parts', '[web]\nweb[1:2:3:4]\n', 'inventory:2', /begin:end or begin:end:step/],
  ['zero-padded range of unequal widths', '[web]\nweb[01:100]\n', 'inventory:2', /equal-length/],
  ['unclosed quote', '[web]\nh1 msg="oops\n', 'inventory:2', /No closing quotation/],
  ['trailing colon without port', '[web]\nh1:\n', 'inventory:2', /trailing ':'/],
]

describe('INI inventory errors', () => {
  it.each(errors)('%s', (_name, text, where, message) => {
    let err: unknown
    try {
      load(text)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(KrunError)
    const formatted = (err as KrunError).format()
    expect(formatted.startsWith(where + ':')).toBe(true)
    expect(formatted).toMatch(message)
    expect((err as KrunError).code).toMatch(/^E_INVENTORY_/)
  })
})
