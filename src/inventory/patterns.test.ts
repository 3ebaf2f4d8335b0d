import { describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { parseIni } from './ini.js'
import { InventoryData } from './model.js'
import { matchHosts, selectHosts, splitPattern } from './patterns.js'

function sample(): InventoryData {
  const inv = new InventoryData()
  parseIni(
    [
      'lone',
      '[web]', 'web1', 'web2', 'web3',
      '[db]', 'db-a', 'db-b',
      '[k8s:children]', 'masters', 'workers',
      '[masters]', 'm1', 'm2',
      '[workers]', 'w1', 'm1',
      '[v6]', 'fe80::1', '2001:db8::10',
      '[empty]',
    ].join('\n'),
    'inventory',
    inv,
  )
  inv.reconcile()
  return inv
}

// Ansible's order for 'all': its children breadth first, so k8s's grandchildren come last
const ALL = ['lone', 'web1', 'web2', 'web3', 'db-a', 'db-b', 'fe80::1', '2001:db8::10', 'm1', 'm2', 'w1']

const cases: [pattern: string | string[], hosts: string[], unmatched?: string[]][] = [
  ['all', ALL],
  ['*', ALL],
  ['web', ['web1', 'web2', 'web3']],
  ['web2', ['web2']],
  ['k8s', ['m1', 'm2', 'w1']],
  ['web:db', ['web1', 'web2', 'web3', 'db-a', 'db-b']],
  ['web,db', ['web1', 'web2', 'web3', 'db-a', 'db-b']],
  ['db, web', ['db-a', 'db-b', 'web1', 'web2', 'web3']],
  [['db-b', 'web1'], ['db-b', 'web1']],
  ['k8s:&workers', ['m1', 'w1']],
  ['k8s:!masters', ['w1']],
  ['!masters:k8s', ['w1']],
  ['&web:db:web', ['web1', 'web2', 'web3']],
  ['all:!k8s:!web:!v6', ['lone', 'db-a', 'db-b']],
  ['!web', ALL.filter((h) => !h.startsWith('web'))],
  ['&masters', ['m1', 'm2']],
  ['web*', ['web1', 'web2', 'web3']],
  ['db-?', ['db-a', 'db-b']],
  ['web[!2]', ['web1', 'web3']],
  ['~web[13]', ['web1', 'web3']],
  ['~(mast|work)ers', ['m1', 'm2', 'w1']],
  ['web[0]', ['web1']],
  ['web[-1]', ['web3']],
  ['web[0:1]', ['web1', 'web2']],
  ['web[1:]', ['web2', 'web3']],
  ['k8s[1]:db[0]', ['m2', 'db-a']],
  ['fe80::1', ['fe80::1']],
  ['2001:db8::10,web1', ['2001:db8::10', 'web1']],
  ['nope', [], ['nope']],
  ['web:nope:!ghost', ['web1', 'web2', 'web3'], ['nope', 'ghost']],
  ['empty', [], []],
]

describe('host patterns', () => {
  it.each(cases)('%j selects %j', (pattern, hosts, unmatched) => {
    const got = matchHosts(sample(), pattern)
    expect(got.hosts).toEqual(hosts)
    if (unmatched) expect(got.unmatched).toEqual(unmatched)
  })

  it('@file reads one host or pattern per line (a retry file)', () => {
    const read = (p: string): string => (p === '/tmp/site.retry' ? 'db-b\n\nweb[0]\n' : '')
    expect(selectHosts(sample(), 'all', { limit: '@/tmp/site.retry', readFile: read })).toEqual(['web1', 'db-b'])
    expect(selectHosts(sample(), '@/tmp/site.retry:!db', { readFile: read })).toEqual(['web1'])
  })

  it('limit narrows the pattern and keeps its order', () => {
    expect(selectHosts(sample(), 'db:web', { limit: 'web2,db-b,lone' })).toEqual(['db-b', 'web2'])
  })

  it('localhost not in the inventory is the implicit localhost, which all does not match', () => {
    const inv = sample()
    expect(selectHosts(inv, 'localhost')).toEqual(['localhost'])
    expect(inv.hosts.get('localhost')?.implicit).toBe(true)
    expect(selectHosts(inv, 'all')).toEqual(ALL)
    expect(inv.hostVars('localhost')).toEqual({ ansible_connection: 'local' })
  })

  it.each([
    ['web[5]', 'E_PATTERN_SUBSCRIPT', /no hosts matched the subscripted pattern 'web\[5\]'/],
    ['~web(', 'E_PATTERN_INVALID', /invalid host pattern/],
    ['@/nonexistent/limit', 'E_PATTERN_FILE', /cannot read limit file/],
  ])('%s is an error', (pattern, code, message) => {
    let err: unknown
    try {
      selectHosts(sample(), pattern)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(KrunError)
    expect((err as KrunError).code).toBe(code)
    expect((err as KrunError).message).toMatch(message)
  })

  it.each([
    ['a:b', ['a', 'b']],
    ['a:&b:!c', ['a', '&b', '!c']],
    ['web[0:2]', ['web[0:2]']],
    ['web[0:2]:db', ['web[0:2]', 'db']],
    ['fe80::1', ['fe80::1']],
    ['[fe80::1]:22', ['[fe80::1]:22']],
    [' a , b ,', ['a', 'b']],
  ])('splitPattern(%j)', (pattern, parts) => {
    expect(splitPattern(pattern)).toEqual(parts)
  })
})
