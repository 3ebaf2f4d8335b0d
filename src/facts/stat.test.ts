import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseStat, probeStat, statCommand } from './stat.js'

// captured on Debian 12 (dash, GNU coreutils 9.1, no busybox)
const DEBIAN = `@|/etc/krun/app.conf
S|81a4|root|root|0|0|3|1795318378|1795318379|1|65024|2146381|2026-11-22 03:32:58.351323924 +0000|2026-11-22 03:32:59.229606238 +0000
H|98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4  -
@|/etc/krun/current
S|a1ff|root|root|0|0|1|1795318378|1795318379|1|65024|2146382|2026-11-22 03:32:58.351323924 +0000|2026-11-22 03:32:59.229606238 +0000
L|app.conf
F|81a4|root|root|0|0|3|1795318378|1795318379|1|65024|2146381|2026-11-22 03:32:58.351323924 +0000|2026-11-22 03:32:59.229606238 +0000
@|/etc/krun/dangling
S|a1ff|root|root|0|0|4|1795318378|1795318379|1|65024|2146383|2026-11-22 03:32:58.353052046 +0000|2026-11-22 03:32:59.233606238 +0000
L|nope
@|/var/lib/etcd
S|43c0|etcd|etcd|998|998|4096|1795318378|1795318378|2|65024|2146384|2026-11-22 03:32:58.353606198 +0000|2026-11-22 03:32:58.353606198 +0000
@|/usr/bin/sudo
S|89ed|root|root|0|0|281624|1700000000|1795318378|1|65024|7|2023-11-14 22:13:20.000000000 +0000|2026-11-22 03:32:58.353606198 +0000
@|/nope
A
@|/root/secret
E
`

describe('parseStat', () => {
  const [file, link, dangling, dir, setuid, absent, denied] = parseStat(DEBIAN)
  it.each([
    ['regular file with hash', file, { exists: true, type: 'file', mode: '0644', owner: 'root', size: 3, sha256: '98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4', mtimeLocal: '2026-11-22 03:32:58' }],
    ['symbolic link with its target', link, { type: 'link', mode: '0777', linkTarget: 'app.conf', target: expect.objectContaining({ exists: true, type: 'file', inode: 2146381 }) }],
    ['dangling link', dangling, { type: 'link', linkTarget: 'nope', target: { path: '/etc/krun/dangling', exists: false } }],
    ['directory with sticky/setgid bits', dir, { type: 'directory', mode: '1700', owner: 'etcd', group: 'etcd', uid: 998, nlink: 2 }],
    ['setuid binary', setuid, { mode: '4755', size: 281624 }],
    ['absent path', absent, { path: '/nope', exists: false }],
    ['unreadable path', denied, { exists: false, error: 'cannot stat /root/secret' }],
  ])('%s', (_name, st, expected) => {
    expect(st).toMatchObject(expected)
  })

  it('keeps a newline that is part of a path', () => {
    expect(parseStat('@|/tmp/a\nb\nA\n')).toEqual([{ path: '/tmp/a\nb', exists: false }])
  })
  it('reads sha1 when sha1 was asked', () => {
    const out = '@|/f\nS|81a4|root|root|0|0|3|1|1|1|1|1|2024-01-01 00:00:00.0 +0000|2024-01-01 00:00:00.0 +0000\nH|55ca6286e3e4f4fba5d0448333fa99fc5a404a73  -\n'
    expect(parseStat(out, { hash: 'sha1' })[0]).toMatchObject({ sha1: '55ca6286e3e4f4fba5d0448333fa99fc5a404a73' })
  })
})

describe('statCommand on this machine (dash + coreutils)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'krun-stat-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, "it's a file"), 'hi\n')
  chmodSync(join(dir, "it's a file"), 0o640)
  symlinkSync("it's a file", join(dir, 'link'))
  mkdirSync(join(dir, 'sub'))
  const run = (cmd: string): string => execFileSync('/bin/sh', ['-c', cmd]).toString()

  it('stats many paths in one sh -c line, quoting included', () => {
    const paths = [join(dir, "it's a file"), join(dir, 'link'), join(dir, 'sub'), join(dir, 'missing')]
    const st = parseStat(run(statCommand(paths, { hash: true })))
    expect(st.map((s) => (s.exists ? `${s.type} ${s.mode}` : 'absent'))).toEqual(['file 0640', 'link 0777', 'directory 0755', 'absent'])
    expect(st[0]).toMatchObject({ sha256: createHash('sha256').update('hi\n').digest('hex') })
    expect(st[1]).toMatchObject({ linkTarget: "it's a file", target: { type: 'file', mode: '0640' } })
  })
  it('follows links and hashes with sha1 when asked', () => {
    const [st] = parseStat(run(statCommand([join(dir, 'link')], { hash: 'sha1', follow: true })), { hash: 'sha1' })
    expect(st).toMatchObject({ type: 'file', sha1: '55ca6286e3e4f4fba5d0448333fa99fc5a404a73' })
  })
  it('probeStat keys results by the paths given', async () => {
    const probe = { exec: async (cmd: string) => ({ rc: 0, stdout: run(cmd), stderr: '' }) }
    const map = await probeStat(probe, [join(dir, 'sub'), join(dir, 'missing')])
    expect(map.get(join(dir, 'sub'))).toMatchObject({ exists: true, type: 'directory' })
    expect(map.get(join(dir, 'missing'))).toEqual({ path: join(dir, 'missing'), exists: false })
  })
})
