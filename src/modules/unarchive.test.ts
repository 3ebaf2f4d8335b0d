import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseListing } from './lib/archive-list.js'
import { bulkChange } from './lib/bulk.js'
import type { FakeFs } from './testing/fake-host.js'
import { scriptedContext } from './testing/fake-sections.js'
import { unarchive } from './unarchive.js'

// controller: files/app.tgz with app/, app/bin/run (7 bytes), app/conf -> bin; times = the fake host's
const ctrl = mkdtempSync(join(tmpdir(), 'krun-unarchive-'))
afterAll(() => rmSync(ctrl, { recursive: true, force: true }))
const tree = join(ctrl, 'tree')
mkdirSync(join(tree, 'app/bin'), { recursive: true })
mkdirSync(join(ctrl, 'files'))
writeFileSync(join(tree, 'app/bin/run'), 'echo hi')
symlinkSync('bin', join(tree, 'app/conf'))
execFileSync('sh', ['-c', `chmod 0755 ${tree}/app/bin/run && touch -h -d @1704164645 ${tree}/app ${tree}/app/bin ${tree}/app/bin/run ${tree}/app/conf && tar -C ${tree} -czf ${ctrl}/files/app.tgz app`])

const DEST: FakeFs = {
  '/srv': { type: 'directory' },
  '/srv/app': { type: 'directory' },
  '/srv/app/bin': { type: 'directory' },
  '/srv/app/bin/run': { content: 'echo hi', mode: '0755', mtime: '2024-01-02 03:04:05' },
  '/srv/app/conf': { type: 'link', target: 'bin' },
  '/empty': { type: 'directory' },
  '/srv/.done': {},
}
const LISTING = [
  'drwxr-xr-x 0/0               0 2024-01-02 03:04:05 ./app/',
  '-rwxr-xr-x 0/0               7 2024-01-02 03:04:05 ./app/bin/run',
  'lrwxrwxrwx 0/0               0 2024-01-02 03:04:05 ./app/conf -> bin',
  'drwxr-xr-x 0/0               0 2024-01-02 03:04:05 ./app/bin/',
  'krun-rc=0',
].join('\n')

const host = (tools: string[], remote: Record<string, string> = {}, fs: FakeFs = DEST) =>
  scriptedContext(fs, (part) => {
    if (part.startsWith('for t in ')) return tools.map((t) => `/usr/bin/${t}\n`).join('')
    const src = /^if \[ -f (\S+) \]; then/.exec(part)?.[1]
    if (src !== undefined) return remote[src] ?? ''
    return undefined
  }, { findFile: (kind, name) => join(ctrl, kind, name) })

describe('unarchive plans', () => {
  it('dest already holds every member (size, mtime, link target): nothing to do, one round trip', async () => {
    const ctx = host(['tar', 'gzip'])
    expect(await unarchive.plan({ src: 'app.tgz', dest: '/srv/' }, ctx)).toEqual({ changed: false, noop: '/srv already holds the 4 entries of app.tgz', data: { dest: '/srv', src: 'app.tgz' } })
    expect(ctx.rounds).toHaveLength(1)
  })

  it('an empty dest: upload to a temporary file in dest, extract, remove it; the diff lists the members', async () => {
    const plan = await unarchive.plan({ src: 'app.tgz', dest: '/empty', list_files: true }, host(['tar', 'gzip']))
    expect(plan).toMatchObject({
      changed: true,
      changes: [
        { kind: 'put', path: expect.stringMatching(/^\/empty\/\.krun-unarchive-[0-9a-f]{12}\.tar\.gz$/), mode: '0600' },
        { kind: 'exec', cmd: expect.stringMatching(/^tar -x -f \/empty\/\.krun-unarchive-\w+\.tar\.gz -C \/empty; rc=\$\?; rm -f -- \/empty\/\.krun-unarchive-\w+\.tar\.gz; exit \$rc$/), reason: 'extract app.tgz into /empty' },
      ],
      diffs: [{ path: 'unarchive:/empty', before: 'app: absent\napp/bin: absent\napp/bin/run: absent\napp/conf: absent\n',
        after: 'app: directory\napp/bin: directory\napp/bin/run: file, 7 bytes, 2024-01-02 03:04:05Z\napp/conf: link -> bin\n' }],
      data: { files: ['app', 'app/bin', 'app/bin/run', 'app/conf'] },
    })
  })

  it('matching content, another mode and owner: chmod/chown of the members only', async () => {
    const plan = await unarchive.plan({ src: 'app.tgz', dest: '/srv', mode: 'u=rwX,g=rX,o=', owner: 'www' }, host(['tar', 'gzip']))
    expect(plan).toEqual({
      changed: true,
      changes: [
        { kind: 'exec', cmd: 'chmod 0750 -- /srv/app /srv/app/bin /srv/app/bin/run', reason: 'mode 0750 on 3 extracted entries' },
        { kind: 'exec', cmd: 'chown -h www -- /srv/app /srv/app/bin /srv/app/bin/run', reason: 'owner www on 3 extracted entries' },
      ],
      diffs: [{ path: 'unarchive:/srv',
        before: 'app: mode 0755\napp: owner root:root\napp/bin: mode 0755\napp/bin: owner root:root\napp/bin/run: mode 0755\napp/bin/run: owner root:root\n',
        after: 'app: mode 0750\napp: owner www\napp/bin: mode 0750\napp/bin: owner www\napp/bin/run: mode 0750\napp/bin/run: owner www\n' }],
      data: expect.anything(),
    })
  })

  it('remote_src: listed on the target, then the member paths stated: two round trips', async () => {
    const fs: FakeFs = { ...DEST, '/srv/app/bin/run': { content: 'echo hello', mtime: '2024-01-02 03:04:05' }, '/opt/app.tar.gz': { content: 'x' } }
    const ctx = host(['tar', 'gzip'], { '/opt/app.tar.gz': LISTING }, fs)
    const plan = await unarchive.plan({ src: '/opt/app.tar.gz', dest: '/srv', remote_src: 'yes', extra_opts: ['--no-same-owner'] }, ctx)
    expect(plan).toEqual({
      changed: true,
      changes: [{ kind: 'exec', cmd: 'tar -x --no-same-owner -f /opt/app.tar.gz -C /srv', reason: 'extract /opt/app.tar.gz into /srv' }],
      diffs: [{ path: 'unarchive:/srv', before: 'app/bin/run: file, 10 bytes, 2024-01-02 03:04:05Z\n', after: 'app/bin/run: file, 7 bytes, 2024-01-02 03:04:05Z\n' }],
      data: { dest: '/srv', src: '/opt/app.tar.gz' },
    })
    expect(ctx.rounds).toHaveLength(2)
  })

  it('--strip-components drops leading directories from the names compared', async () => {
    const fs: FakeFs = { '/opt': { type: 'directory' }, '/opt/a.tgz': {}, '/opt/bin': { type: 'directory' }, '/opt/bin/run': { content: 'echo hi', mtime: '2024-01-02 03:04:05' }, '/opt/conf': { type: 'link', target: 'bin' } }
    const plan = await unarchive.plan({ src: '/opt/a.tgz', dest: '/opt', remote_src: true, extra_opts: '--strip-components=1' }, host(['tar', 'gzip'], { '/opt/a.tgz': LISTING }, fs))
    expect(plan).toMatchObject({ changed: false, noop: '/opt already holds the 3 entries of a.tgz' })
  })

  it('creates: nothing to do when it exists', async () => {
    expect(await unarchive.plan({ src: 'app.tgz', dest: '/srv', creates: '/srv/.done' }, host([]))).toMatchObject({ changed: false, noop: '/srv/.done exists' })
  })

  it.each<[string, Record<string, unknown>, string[], Record<string, string>, RegExp]>([
    ['dest missing', { src: 'app.tgz', dest: '/nope' }, ['tar', 'gzip'], {}, /dest '\/nope' must be an existing dir/],
    ['a zip on a host without unzip', { src: '/opt/a.zip', dest: '/srv', remote_src: true }, ['tar'], { '/opt/a.zip': 'x' }, /unzip not found on h1: needed to read \/opt\/a.zip/],
    ['a .tgz from the controller on a host without gzip', { src: 'app.tgz', dest: '/srv' }, ['tar'], {}, /gzip not found on h1: needed to extract app.tgz/],
    ['remote_src that is not there', { src: '/opt/none.tgz', dest: '/srv', remote_src: true }, ['tar', 'gzip'], {}, /Source '\/opt\/none.tgz' does not exist on h1/],
    ['a file tar cannot read', { src: '/opt/a.zip', dest: '/srv', remote_src: true }, ['unzip'], { '/opt/a.zip': 'End-of-central-directory signature not found.\nkrun-rc=9\n' }, /could not list the archive \/opt\/a.zip: End-of-central-directory signature not found.$/],
  ])('%s fails', async (_n, args, tools, remote, msg) => {
    const fs: FakeFs = { ...DEST, '/opt/a.zip': {} }
    await expect(unarchive.plan(args as never, host(tools, remote, fs))).rejects.toThrow(msg)
  })
})

describe('archive listings', () => {
  it.each<[string, 'tar' | 'zip', string, number, unknown[]]>([
    ['tar: escapes, hard links, set-uid', 'tar', 'hrwsr-xr-x 0/0 0 2024-01-02 03:04:05 a\\040b link to x\n-rw-r--r-T 0/0 3 2024-01-02 03:04:05 ./x\n', 0,
      [{ name: 'a b', type: 'hardlink', size: 0, mtime: 1704164645, mode: 0o4755 }, { name: 'x', type: 'file', size: 3, mtime: 1704164645, mode: 0o1644 }]],
    ['tar: entries above --strip-components vanish', 'tar', 'drwxr-xr-x 0/0 0 2024-01-02 03:04:05 top/\n-rw-r--r-- 0/0 3 2024-01-02 03:04:05 top/f\n', 1,
      [{ name: 'f', type: 'file', size: 3, mtime: 1704164645, mode: 0o644 }]],
    ['zip: sizes and types, no times', 'zip', 'Archive:  z.zip\ndrwxr-xr-x  3.0 unx        0 bx stor 20261122.041630 a/\n-rw-r--r--  3.0 unx        3 tx stor 20261122.041630 a/f.txt\n5 files, 9 bytes\n', 0,
      [{ name: 'a', type: 'directory', size: 0, mode: 0o755 }, { name: 'a/f.txt', type: 'file', size: 3, mode: 0o644 }]],
  ])('%s', (_n, kind, text, strip, expected) => {
    expect(parseListing(kind, text, strip)).toEqual(expected)
  })
})

describe('archives with many entries', () => {
  const many = Array.from({ length: 1500 }, (_, i) => `app/share/a-fairly-long-directory-name-for-testing/file-number-${String(i).padStart(5, '0')}.txt`)
  const listing = `${many.map((n) => `-rw-r--r-- 0/0 1 2024-01-02 03:04:05 ${n}`).join('\n')}\nkrun-rc=0\n`

  it('the member stat goes to sh on stdin, the chmod through xargs -0: no argument over the kernel limit', async () => {
    const ctx = host(['tar', 'gzip'], { '/opt/big.tgz': listing }, { ...DEST, '/opt/big.tgz': {} })
    const plan = await unarchive.plan({ src: '/opt/big.tgz', dest: '/srv', remote_src: true, mode: '0600' }, ctx)
    expect(ctx.rounds[1]?.length).toBeGreaterThan(96 * 1024)
    const chmod = plan.changed ? plan.changes[1] : undefined
    expect(chmod).toMatchObject({ kind: 'exec', cmd: 'xargs -0 chmod 0600 --', reason: 'mode 0600 on 1500 extracted entries' })
    expect(String(chmod?.kind === 'exec' && chmod.stdin).split('\0').slice(0, 2)).toEqual([`/srv/${many[0]}`, `/srv/${many[1]}`])
  })

  it('that xargs change, run for real, reaches every path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'krun-bulk-'))
    const paths = Array.from({ length: 300 }, (_, i) => join(dir, `f ${i}`))
    for (const p of paths) writeFileSync(p, '')
    const c = bulkChange(['chmod', '0600'], paths, 'test')
    expect(c.kind === 'exec' && c.cmd).toBe('xargs -0 chmod 0600 --')
    execFileSync('sh', ['-c', c.kind === 'exec' ? c.cmd : ''], { input: c.kind === 'exec' ? c.stdin : '' })
    expect(execFileSync('sh', ['-c', `stat -c %a "$1"/* | sort | uniq -c`, 'sh', dir]).toString().trim()).toBe('300 600')
    rmSync(dir, { recursive: true, force: true })
  })
})
