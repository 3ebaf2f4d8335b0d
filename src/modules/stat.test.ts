import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { stat } from './stat.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'

const FS: FakeFs = {
  '/etc/etcd': { type: 'directory', mode: '0700', owner: 'etcd', group: 'etcd' },
  '/etc/etcd/ca.pem': { content: 'PEM\n', mode: '0644' },
  '/etc/etcd/current.pem': { type: 'link', target: 'ca.pem' },
}
const sha1 = createHash('sha1').update('PEM\n').digest('hex')
const sha256 = createHash('sha256').update('PEM\n').digest('hex')

describe('stat plans (never a change; data under `stat` as Ansible names it)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a file, sha1 checksum by default', { path: '/etc/etcd/ca.pem' },
      { exists: true, path: '/etc/etcd/ca.pem', isreg: true, isdir: false, islnk: false, mode: '0644', pw_name: 'root', gr_name: 'root', uid: 0, gid: 0, size: 4, checksum: sha1 }],
    ['sha256 when asked', { path: '/etc/etcd/ca.pem', checksum_algorithm: 'sha256' }, { checksum: sha256 }],
    ['a directory', { path: '/etc/etcd' }, { isdir: true, mode: '0700', pw_name: 'etcd', uid: 998 }],
    ['a link, not followed', { path: '/etc/etcd/current.pem' }, { islnk: true, isreg: false, lnk_target: 'ca.pem' }],
    ['a link, followed', { path: '/etc/etcd/current.pem', follow: true }, { islnk: false, isreg: true, checksum: sha1 }],
  ])('%s', async (_n, args, expected) => {
    const plan = await stat.plan(args as never, fakeContext(FS))
    expect(plan.changed).toBe(false)
    expect(plan.data?.stat).toMatchObject(expected)
  })
  it('an absent path is exists: false', async () => {
    expect(await stat.plan({ path: '/nope' }, fakeContext(FS))).toEqual({ changed: false, noop: '/nope does not exist', data: { stat: { exists: false } } })
  })
  it('get_checksum: no skips the hash', async () => {
    const ctx = fakeContext(FS)
    const plan = await stat.plan({ path: '/etc/etcd/ca.pem', get_checksum: 'no' }, ctx)
    expect(plan.data?.stat).not.toHaveProperty('checksum')
    expect(ctx.probe.calls[0]).not.toMatch(/sha\d+sum/)
  })
})
