import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applySymbolic, fmtMode, parseMode } from './mode.js'

describe('parseMode', () => {
  it.each([
    [420, { kind: 'octal', value: 0o644 }], // YAML 1.1 read `mode: 0644` as the integer 420
    [0o755, { kind: 'octal', value: 0o755 }],
    ['0644', { kind: 'octal', value: 0o644 }],
    ['644', { kind: 'octal', value: 0o644 }],
    ['01777', { kind: 'octal', value: 0o1777 }],
    ['0o600', { kind: 'octal', value: 0o600 }],
    ['u=rw,g=r,o=r', { kind: 'symbolic', text: 'u=rw,g=r,o=r' }],
    ['u+x', { kind: 'symbolic', text: 'u+x' }],
    ['preserve', { kind: 'preserve' }],
  ])('%j', (input, expected) => {
    expect(parseMode(input)).toEqual(expected)
  })
  it.each(['rwxr-xr-x', '0999', 'u=rwz', '', 99999])('rejects %j', (bad) => {
    expect(() => parseMode(bad)).toThrow(/mode must be in octal or symbolic form/)
  })
})

describe('applySymbolic', () => {
  it.each([
    ['u=rw,g=r,o=r', 0o777, false, '0644'],
    ['u+x', 0o644, false, '0744'],
    ['go-w', 0o666, false, '0644'],
    ['a+X', 0o644, true, '0755'],
    ['a+X', 0o644, false, '0644'],
    ['a+X', 0o744, false, '0755'],
    ['+x', 0o600, false, '0711'], // empty who = a, ignoring umask (Ansible)
    ['u=rwx,g=rx,o=', 0o4777, false, '0750'],
    ['g+s', 0o755, true, '2755'],
    ['o+t', 0o777, true, '1777'],
    ['g=u', 0o740, false, '0770'],
  ])('%s on %o (dir %s) -> %s', (text, current, isDir, expected) => {
    expect(fmtMode(applySymbolic(text, current, isDir))).toBe(expected)
  })

  it('agrees with GNU chmod for clauses that name who', () => {
    const dir = mkdtempSync(join(tmpdir(), 'krun-mode-'))
    try {
      const f = join(dir, 'f')
      writeFileSync(f, '')
      for (const [text, start] of [['u=rwx,go=rx', 0o600], ['g+w,o-r', 0o644], ['a+X', 0o744], ['u-w,g=u', 0o640]] as const) {
        chmodSync(f, start)
        execFileSync('chmod', [text, f])
        expect([text, fmtMode(applySymbolic(text, start, false))]).toEqual([text, fmtMode(statSync(f).mode & 0o7777)])
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
