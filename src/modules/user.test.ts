import { describe, expect, it } from 'vitest'
import { user } from './user.js'
import { accountsAnswer, type FakeAccounts } from './testing/fake-accounts.js'
import { scriptedContext } from './testing/fake-sections.js'
import type { Change, Plan } from './types.js'

const HASH = '$6$saltsalt$Xk2yE0bq9.y3XcSg1L4tI0'
const DB: FakeAccounts = {
  passwd: ['alice:x:1001:1001:Alice:/home/alice:/bin/bash', 'svc:x:998:998::/var/lib/svc:/usr/sbin/nologin'],
  group: ['alice:x:1001:', 'svc:x:998:', 'sudo:x:27:alice', 'ops:x:1500:alice', 'dev:x:1600:'],
  shadow: [`alice:${HASH}:19000:0:99999:7:::`, 'svc:!:19000::::::'],
}
const exec = (cmd: string, reason: string): Change => ({ kind: 'exec', cmd, reason })
const chpasswd = (name: string, hash: string): Change => ({ kind: 'exec', cmd: 'chpasswd -e', stdin: `${name}:${hash}\n`, reason: `set the password of ${name}` })
const text = (l: string[]): string => l.map((x) => `${x}\n`).join('')
const changed = (name: string, changes: Change[], before: string[], after: string[]): Plan => ({
  changed: true, changes, diffs: [{ path: `user:${name}`, before: text(before), after: text(after) }], data: expect.anything() as never,
})
const noop = (reason: string): Plan => ({ changed: false, noop: reason, data: expect.anything() as never })
const plan = (args: Record<string, unknown>, db: FakeAccounts = DB): Promise<Plan> => user.plan(args as never, scriptedContext({}, accountsAnswer(db)))

describe('user plans from the account database', () => {
  it.each<[string, Record<string, unknown>, Plan]>([
    ['create with attributes and a password', { name: 'bob', uid: 1500, group: 'ops', groups: 'sudo, dev', shell: '/bin/sh', comment: 'Bob B', password: HASH },
      changed('bob', [exec("useradd -u 1500 -g ops -G sudo,dev -s /bin/sh -c 'Bob B' -m bob", 'create user bob'), chpasswd('bob', HASH)],
        ['state: absent'], ['state: present', 'uid: 1500', 'group: ops', 'groups: sudo,dev', 'shell: /bin/sh', 'comment: Bob B', 'password: (hidden)'])],
    ['create a system user without a home', { name: 'etcd', system: 'yes', create_home: false, shell: '/usr/sbin/nologin', home: '/var/lib/etcd' },
      changed('etcd', [exec('useradd -s /usr/sbin/nologin -d /var/lib/etcd -r -M etcd', 'create user etcd')], ['state: absent'], ['state: present', 'shell: /usr/sbin/nologin', 'home: /var/lib/etcd'])],
    ['create when a group named like the user exists: no user group (-N), as Ansible', { name: 'ops' },
      changed('ops', [exec('useradd -N -m ops', 'create user ops')], ['state: absent'], ['state: present'])],
    ['the primary group listed in groups is a membership already', { name: 'alice', groups: ['alice', 'sudo', 'ops'] }, noop('user alice (uid 1001) is present, attributes match')],
    ['present with the same attributes', { name: 'alice', uid: 1001, shell: '/bin/bash', groups: ['sudo', 'ops'], comment: 'Alice', password: HASH },
      noop('user alice (uid 1001) is present, attributes match')],
    ['a numeric primary group that is the current one', { name: 'alice', group: 1001 }, noop('user alice (uid 1001) is present, attributes match')],
    ['shell and comment changed in one usermod', { name: 'alice', shell: '/bin/zsh', comment: 'Alice Z' },
      changed('alice', [exec("usermod -s /bin/zsh -c 'Alice Z' alice", 'modify user alice: shell, comment')], ['shell: /bin/bash', 'comment: Alice'], ['shell: /bin/zsh', 'comment: Alice Z'])],
    ['groups replaced (append no)', { name: 'alice', groups: ['dev'] },
      changed('alice', [exec('usermod -G dev alice', 'modify user alice: groups')], ['groups: sudo,ops'], ['groups: dev'])],
    ['groups appended: only when one is missing', { name: 'alice', groups: 'dev,sudo', append: true },
      changed('alice', [exec('usermod -a -G dev,sudo alice', 'modify user alice: groups')], ['groups: sudo,ops'], ['groups: sudo,ops,dev'])],
    ['groups appended, all already there', { name: 'alice', groups: ['sudo'], append: 'yes' }, noop('user alice (uid 1001) is present, attributes match')],
    ['an empty groups list removes every supplementary group', { name: 'alice', groups: '' },
      changed('alice', [exec("usermod -G '' alice", 'modify user alice: groups')], ['groups: sudo,ops'], ['groups: '])],
    ['uid, primary group and home moved', { name: 'svc', uid: 990, group: 'dev', home: '/srv/svc', move_home: true },
      changed('svc', [exec('usermod -u 990 -g dev -d /srv/svc -m svc', 'modify user svc: uid, group, home')], ['uid: 998', 'group: svc', 'home: /var/lib/svc'], ['uid: 990', 'group: dev', 'home: /srv/svc'])],
    ['a new password: the diff never holds the hash', { name: 'svc', password: HASH },
      changed('svc', [chpasswd('svc', HASH)], ['password: (hidden)'], ['password: (hidden), changed'])],
    ['update_password on_create leaves an existing password', { name: 'svc', password: HASH, update_password: 'on_create' }, noop('user svc (uid 998) is present, attributes match')],
    ['absent: removed with its home', { name: 'alice', state: 'absent', remove: true, force: 'yes' },
      changed('alice', [exec('userdel -r -f alice', 'remove user alice and its home')], ['state: present'], ['state: absent'])],
    ['absent: not there', { user: 'nobody2', state: 'absent' }, noop('user nobody2 is absent')],
  ])('%s', async (_n, args, expected) => {
    expect(await plan(args)).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp, FakeAccounts?]>([
    ['a group that does not exist', { name: 'bob', groups: ['sudo', 'nope'] }, /Group nope does not exist/],
    ['a primary group that does not exist', { name: 'alice', group: 4242 }, /Group 4242 does not exist/],
    ['a password with a colon', { name: 'bob', password: 'a:b' }, /password must be a crypt hash/],
    ['a name with shell syntax', { name: 'bob;id' }, /invalid user name 'bob;id'/],
    ['shadow unreadable (not root)', { name: 'alice', password: HASH }, /cannot read the shadow entry of alice.*become/, { ...DB, shadow: undefined }],
  ])('%s fails', async (_n, args, msg, db) => {
    await expect(plan(args, db)).rejects.toThrow(msg)
  })

  it('never lets the hash out: returned data, reasons and command lines', async () => {
    const p = await plan({ name: 'bob', password: HASH })
    const shown = p.changed ? { data: p.data, diffs: p.diffs, cmds: p.changes.map((c) => (c.kind === 'exec' ? [c.cmd, c.reason] : [])) } : p
    expect(JSON.stringify(shown)).not.toContain('saltsalt')
    expect(p.data).toMatchObject({ password: 'NOT_LOGGING_PASSWORD' })
  })

  it('reads the account in one round trip', async () => {
    const ctx = scriptedContext({}, accountsAnswer(DB))
    await user.plan({ name: 'alice', groups: ['sudo'], password: HASH }, ctx)
    expect(ctx.rounds).toHaveLength(1)
  })
})
