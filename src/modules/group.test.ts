import { describe, expect, it } from 'vitest'
import { group } from './group.js'
import { accountsAnswer } from './testing/fake-accounts.js'
import { scriptedContext } from './testing/fake-sections.js'
import type { Plan } from './types.js'

const DB = { group: ['ops:x:1500:alice', 'etcd:x:998:'] }
const text = (l: string[]): string => l.map((x) => `${x}\n`).join('')
const changed = (name: string, cmd: string, reason: string, before: string[], after: string[]): Plan => ({
  changed: true, changes: [{ kind: 'exec', cmd, reason }], diffs: [{ path: `group:${name}`, before: text(before), after: text(after) }], data: expect.anything() as never,
})
const noop = (reason: string): Plan => ({ changed: false, noop: reason, data: expect.anything() as never })

describe('group plans from the group database', () => {
  it.each<[string, Record<string, unknown>, Plan]>([
    ['create with a gid', { name: 'web', gid: 1700 }, changed('web', 'groupadd -g 1700 web', 'create group web', ['state: absent'], ['state: present', 'gid: 1700'])],
    ['create a system group', { name: 'kube', system: 'yes' }, changed('kube', 'groupadd -r kube', 'create group kube', ['state: absent'], ['state: present'])],
    ['create with a duplicate gid (non_unique)', { name: 'ops2', gid: '1500', non_unique: true }, changed('ops2', 'groupadd -g 1500 -o ops2', 'create group ops2', ['state: absent'], ['state: present', 'gid: 1500'])],
    ['present, same gid', { name: 'ops', gid: 1500 }, noop('group ops (gid 1500) is present')],
    ['present without a gid: any gid will do', { name: 'etcd', system: true }, noop('group etcd (gid 998) is present')],
    ['gid changed', { name: 'ops', gid: 1501 }, changed('ops', 'groupmod -g 1501 ops', 'gid of group ops: 1500 -> 1501', ['gid: 1500'], ['gid: 1501'])],
    ['absent: removed', { name: 'etcd', state: 'absent' }, changed('etcd', 'groupdel etcd', 'remove group etcd', ['state: present', 'gid: 998'], ['state: absent'])],
    ['absent: not there', { name: 'web', state: 'absent' }, noop('group web is absent')],
  ])('%s', async (_n, args, expected) => {
    expect(await group.plan(args as never, scriptedContext({}, accountsAnswer(DB)))).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a name with a colon', { name: 'a:b' }, /invalid group name 'a:b'/],
    ['a gid that is not a number', { name: 'ops', gid: 'abc' }, /argument 'gid' must be an integer/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(group.plan(args as never, scriptedContext({}, accountsAnswer(DB)))).rejects.toThrow(msg)
  })
})
