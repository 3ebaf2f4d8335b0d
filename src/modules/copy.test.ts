import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { copy } from './copy.js'
import { template } from './template.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { PlanContext } from './types.js'

// controller side: files/ and templates/ of a role
const ctrl = mkdtempSync(join(tmpdir(), 'krun-copy-'))
afterAll(() => rmSync(ctrl, { recursive: true, force: true }))
mkdirSync(join(ctrl, 'files/conf.d/sub'), { recursive: true })
mkdirSync(join(ctrl, 'templates'))
writeFileSync(join(ctrl, 'files/etcd.env'), 'ETCD_NAME=e1\n')
chmodSync(join(ctrl, 'files/etcd.env'), 0o640)
writeFileSync(join(ctrl, 'files/conf.d/a.conf'), 'a\n')
writeFileSync(join(ctrl, 'files/conf.d/sub/b.conf'), 'b\n')
writeFileSync(join(ctrl, 'templates/haproxy.cfg.j2'), 'bind {{ vip }}:6443\nmode tcp\n')

const FS: FakeFs = {
  '/etc': { type: 'directory' },
  '/etc/etcd': { type: 'directory' },
  '/etc/etcd/etcd.env': { content: 'ETCD_NAME=e1\n', mode: '0640' },
  '/etc/app.conf': { content: 'port=1\n', mode: '0600', owner: 'www', group: 'www' },
  '/etc/big.bin': { content: Buffer.alloc(300 * 1024, 1) },
  '/etc/haproxy.cfg': { content: 'bind 10.0.0.1:6443\nmode tcp\n' },
  '/etc/conf.d': { type: 'directory' },
  '/etc/conf.d/a.conf': { content: 'a\n' },
  '/opt/new.tgz': { content: 'tarball' },
}
const ctx = (over: Partial<PlanContext> = {}) =>
  fakeContext(FS, { findFile: (kind, name) => join(ctrl, kind, name), renderTemplate: (src) => src.replace('{{ vip }}', '10.0.0.9'), ...over })
const put = (path: string, content: string, extra: object = {}) => ({ kind: 'put', path, content: Buffer.from(content), ...extra })

describe('copy plans', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['content to a new file', { content: 'hello\n', dest: '/etc/hello', mode: '0644' },
      { changed: true, changes: [put('/etc/hello', 'hello\n', { mode: '0644' })], diffs: [{ path: '/etc/hello', before: null, after: 'hello\n' }] }],
    ['same content and attributes', { src: 'etcd.env', dest: '/etc/etcd/etcd.env', mode: '0640', owner: 'root' }, { changed: false, noop: 'content and attributes match' }],
    ['same content, other mode: chmod only', { src: 'etcd.env', dest: '/etc/etcd/etcd.env', mode: 420 },
      { changed: true, changes: [{ kind: 'exec', cmd: 'chmod 0644 -- /etc/etcd/etcd.env', reason: 'mode of /etc/etcd/etcd.env: 0640 -> 0644' }], diffs: [{ path: '/etc/etcd/etcd.env', before: 'mode: 0640\n', after: 'mode: 0644\n' }] }],
    ['new content keeps the existing mode and owner', { content: 'port=2\n', dest: '/etc/app.conf' },
      { changed: true, changes: [put('/etc/app.conf', 'port=2\n', { mode: '0600', owner: 'www', group: 'www' })], diffs: [{ path: '/etc/app.conf', before: 'port=1\n', after: 'port=2\n' }] }],
    ['backup before replacing, validate on the put', { content: 'port=2\n', dest: '/etc/app.conf', backup: true, validate: 'app --check %s', owner: 'root' },
      { changed: true, changes: [
        { kind: 'exec', cmd: `cp -p -- /etc/app.conf /etc/app.conf."$(date +%Y-%m-%d@%H:%M:%S)"~`, reason: 'back up /etc/app.conf' },
        put('/etc/app.conf', 'port=2\n', { mode: '0600', owner: 'root', group: 'www', validate: 'app --check %s' }),
      ], diffs: [expect.anything()] }],
    ['force: no leaves an existing file alone', { content: 'other', dest: '/etc/app.conf', force: 'no', mode: '0644' }, { changed: false, noop: '/etc/app.conf exists and force=no' }],
    ['src file into an existing directory', { src: 'etcd.env', dest: '/etc/etcd' }, { changed: false, noop: 'content and attributes match' }],
    ['src file to a dest ending in /', { src: 'etcd.env', dest: '/etc/new/', mode: 'preserve' },
      { changed: true, changes: [
        { kind: 'exec', cmd: 'mkdir -p -- /etc/new', reason: 'create directories /etc/new' },
        put('/etc/new/etcd.env', 'ETCD_NAME=e1\n', { mode: '0640' }),
      ], diffs: [{ path: '/etc/new', before: 'state: absent\n', after: 'state: directory\n' }, { path: '/etc/new/etcd.env', before: null, after: 'ETCD_NAME=e1\n' }] }],
    ['src file into an existing directory named with /', { src: 'etcd.env', dest: '/etc/etcd/' }, { changed: false, noop: 'content and attributes match' }],
    ['directory src: the directory itself, missing parts created', { src: 'conf.d', dest: '/etc', directory_mode: '0755' },
      { changed: true, changes: [
        { kind: 'exec', cmd: 'mkdir -p -- /etc/conf.d/sub', reason: 'create directories /etc/conf.d/sub' },
        { kind: 'exec', cmd: 'chmod 0755 -- /etc/conf.d/sub', reason: 'mode 0755 on /etc/conf.d/sub' },
        put('/etc/conf.d/sub/b.conf', 'b\n'),
      ], diffs: [{ path: '/etc/conf.d/sub', before: 'state: absent\n', after: 'state: directory\n' }, { path: '/etc/conf.d/sub/b.conf', before: null, after: 'b\n' }] }],
    ['directory src/ copies its contents only', { src: 'conf.d/', dest: '/etc/conf.d' },
      { changed: true, changes: [expect.objectContaining({ cmd: 'mkdir -p -- /etc/conf.d/sub' }), put('/etc/conf.d/sub/b.conf', 'b\n')], diffs: expect.any(Array) }],
    ['binary content is a placeholder in the diff', { content: 'a\u0000b', dest: '/etc/x.bin' },
      { changed: true, changes: [put('/etc/x.bin', 'a\u0000b')], diffs: [{ path: '/etc/x.bin', before: null, after: '<binary 3 bytes>\n' }] }],
    ['a large current file is not fetched', { content: 'small', dest: '/etc/big.bin' },
      { changed: true, changes: [put('/etc/big.bin', 'small', { mode: '0644', owner: 'root', group: 'root' })], diffs: [{ path: '/etc/big.bin', before: '<307200 bytes>\n', after: 'small' }] }],
    ['a dict content is written as JSON', { content: { a: 1 }, dest: '/etc/j.json' },
      { changed: true, changes: [put('/etc/j.json', '{"a":1}')], diffs: [expect.anything()] }],
    ['remote_src: same hash', { src: '/opt/new.tgz', dest: '/opt/new.tgz', remote_src: true }, { changed: false, noop: 'content and attributes match' }],
    ['remote_src: copied on the host', { src: '/opt/new.tgz', dest: '/srv/', remote_src: 'yes', mode: '0600' },
      { changed: true, changes: [
        { kind: 'exec', cmd: 'cp -- /opt/new.tgz /srv/new.tgz', reason: 'copy /opt/new.tgz to /srv/new.tgz' },
        { kind: 'exec', cmd: 'chmod 0600 -- /srv/new.tgz', reason: 'mode 0600 on /srv/new.tgz' },
      ], diffs: [{ path: '/srv/new.tgz', before: null, after: `<7 bytes, sha256 ${createHash('sha256').update('tarball').digest('hex')}>\n` }] }],
  ])('%s', async (_n, args, expected) => {
    expect(await copy.plan(args as never, ctx())).toEqual({ ...(expected as object), data: expect.anything() })
  })

  it.each<[Record<string, unknown>, RegExp]>([
    [{ src: 'etcd.env', content: 'x', dest: '/etc/x' }, /mutually exclusive/],
    [{ content: 'x', dest: '/etc/' }, /can not use content with a dir as dest/],
    [{ content: 'x', dest: '/etc/etcd' }, /Destination \/etc\/etcd is a directory/],
    [{ content: 'x', dest: '/etc/x', validate: 'visudo -c' }, /validate must contain %s/],
    [{ dest: '/etc/x' }, /src \(or content\) is required/],
    [{ src: '/opt/none', dest: '/etc/x', remote_src: true }, /Source \/opt\/none not found/],
  ])('%j fails', async (args, msg) => {
    await expect(copy.plan(args as never, ctx())).rejects.toThrow(msg)
  })

  it('fetches the current content only for the diff of a changed small file, and hides it under no_log', async () => {
    const c = ctx({ noLog: true })
    const plan = await copy.plan({ content: 'port=2\n', dest: '/etc/app.conf' }, c)
    expect(plan).toMatchObject({ diffs: [{ path: '/etc/app.conf', redacted: 'content hidden (no_log)' }] })
    expect(JSON.stringify(plan.changed && plan.diffs)).not.toContain('port=')
    expect(c.probe.calls.filter((x) => x.startsWith('fetch'))).toEqual([])
    const c2 = ctx()
    await copy.plan({ content: 'port=2\n', dest: '/etc/app.conf' }, c2)
    expect(c2.probe.calls.map((x) => x.split(' ')[0])).toEqual(['for', 'fetch'])
  })
})

describe('template plans', () => {
  it('rendered content that matches: nothing to do', async () => {
    const same = fakeContext({ '/etc/haproxy.cfg': { content: 'bind 10.0.0.9:6443\nmode tcp\n' } }, { findFile: (k, n) => join(ctrl, k, n), renderTemplate: (s) => s.replace('{{ vip }}', '10.0.0.9') })
    expect(await template.plan({ src: 'haproxy.cfg.j2', dest: '/etc/haproxy.cfg' }, same)).toEqual({ changed: false, noop: 'content and attributes match', data: { dest: '/etc/haproxy.cfg' } })
  })
  it.each<[string, Record<string, unknown>, unknown]>([
    ['rendered content that differs', { src: 'haproxy.cfg.j2', dest: '/etc/haproxy.cfg', mode: '0644' },
      { changed: true, changes: [put('/etc/haproxy.cfg', 'bind 10.0.0.9:6443\nmode tcp\n', { mode: '0644', owner: 'root', group: 'root' })],
        diffs: [{ path: '/etc/haproxy.cfg', before: 'bind 10.0.0.1:6443\nmode tcp\n', after: 'bind 10.0.0.9:6443\nmode tcp\n' }] }],
    ['newline_sequence and validate', { src: 'haproxy.cfg.j2', dest: '/etc/new.cfg', newline_sequence: '\\r\\n', validate: 'haproxy -c -f %s' },
      { changed: true, changes: [put('/etc/new.cfg', 'bind 10.0.0.9:6443\r\nmode tcp\r\n', { validate: 'haproxy -c -f %s' })], diffs: [expect.anything()] }],
  ])('%s', async (_n, args, expected) => {
    expect(await template.plan(args as never, ctx())).toEqual({ ...(expected as object), data: expect.anything() })
  })
  it('a missing template is the engine lookup error', async () => {
    const c = ctx({ findFile: () => { throw new Error("could not find template 'x.j2'") } })
    await expect(template.plan({ src: 'x.j2', dest: '/etc/x' }, c)).rejects.toThrow(/could not find template/)
  })
})
