import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fetch } from './fetch.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { PlanContext } from './types.js'

const ctrl = mkdtempSync(join(tmpdir(), 'krun-fetch-'))
afterAll(() => rmSync(ctrl, { recursive: true, force: true }))
mkdirSync(join(ctrl, 'got/h1/etc'), { recursive: true })
writeFileSync(join(ctrl, 'got/h1/etc/same.conf'), 'same\n')
writeFileSync(join(ctrl, 'flat.conf'), 'old\n')

const FS: FakeFs = {
  '/etc': { type: 'directory' },
  '/etc/app.conf': { content: 'port=1\n' },
  '/etc/same.conf': { content: 'same\n' },
}
const ctx = (over: Partial<PlanContext> = {}) => fakeContext(FS, { vars: { playbook_dir: ctrl }, ...over })
const got = (...p: string[]): string => join(ctrl, ...p)

describe('fetch plans (a write on the controller: a local-put change)', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['into dest/<host>/<src path>, relative to the playbook', { src: '/etc/app.conf', dest: 'got' },
      { changed: true, changes: [{ kind: 'local-put', path: got('got/h1/etc/app.conf'), content: Buffer.from('port=1\n') }], diffs: [{ path: got('got/h1/etc/app.conf'), before: null, after: 'port=1\n' }] }],
    ['flat into a directory (dest ends in /)', { src: '/etc/app.conf', dest: `${ctrl}/flat/`, flat: 'yes' },
      { changed: true, changes: [{ kind: 'local-put', path: got('flat/app.conf'), content: Buffer.from('port=1\n') }], diffs: [expect.anything()] }],
    ['flat onto a file that differs: the diff shows both', { src: '/etc/app.conf', dest: got('flat.conf'), flat: true },
      { changed: true, changes: [expect.objectContaining({ kind: 'local-put', path: got('flat.conf') })], diffs: [{ path: got('flat.conf'), before: 'old\n', after: 'port=1\n' }] }],
    ['the controller copy matches: nothing to do', { src: '/etc/same.conf', dest: 'got' },
      { changed: false, noop: expect.stringMatching(/same.conf matches the remote file \(sha256 [0-9a-f]{12}\)$/) }],
    ['missing and fail_on_missing: no', { src: '/etc/none', dest: 'got', fail_on_missing: 'no' },
      { changed: false, noop: 'the remote file does not exist, not transferring, ignored' }],
  ])('%s', async (_n, args, expected) => {
    expect(await fetch.plan(args as never, ctx())).toMatchObject(expected as object)
  })

  it('reads the content only when it differs: one stat+hash probe otherwise', async () => {
    const c = ctx()
    await fetch.plan({ src: '/etc/same.conf', dest: 'got' }, c)
    expect(c.probe.calls.filter((x) => x.startsWith('fetch'))).toEqual([])
    const c2 = ctx()
    await fetch.plan({ src: '/etc/app.conf', dest: 'got' }, c2)
    expect(c2.probe.calls.map((x) => x.split(' ')[0])).toEqual(['for', 'fetch'])
  })

  it('no_log: the diff is a summary', async () => {
    const plan = await fetch.plan({ src: '/etc/app.conf', dest: 'got' }, ctx({ noLog: true }))
    expect(JSON.stringify(plan.changed && plan.diffs)).not.toContain('port=')
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a missing file', { src: '/etc/none', dest: 'got' }, /the remote file does not exist, not transferring: \/etc\/none/],
    ['a directory', { src: '/etc', dest: 'got' }, /remote file is a directory, fetch cannot work on directories/],
    ['a controller directory where the file would go', { src: '/etc/app.conf', dest: ctrl, flat: true }, /is a directory on the controller/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(fetch.plan(args as never, ctx())).rejects.toThrow(msg)
  })

  it('a file that changes between the hash and the read fails the checksum validation (unless validate_checksum: no)', async () => {
    const c = ctx()
    c.probe.fetch = async () => Buffer.from('port=2\n')
    await expect(fetch.plan({ src: '/etc/app.conf', dest: 'got' }, c)).rejects.toThrow(/checksum mismatch: \/etc\/app.conf changed while it was fetched/)
    expect(await fetch.plan({ src: '/etc/app.conf', dest: 'got', validate_checksum: false }, c)).toMatchObject({ changed: true })
  })
})
