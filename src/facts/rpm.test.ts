import { describe, expect, it } from 'vitest'
import { parseCheckUpdate, parseRpmQuery } from './rpm.js'

describe('rpm -q', () => {
  it('reads installed packages and skips "not installed" lines', () => {
    const out = 'curl\t7.76.1-26.el9\tx86_64\npackage nope is not installed\nbash\t5.1.8-6.el9\tx86_64\n'
    expect(Object.fromEntries(parseRpmQuery(out))).toEqual({
      curl: { name: 'curl', version: '7.76.1-26.el9', arch: 'x86_64' },
      bash: { name: 'bash', version: '5.1.8-6.el9', arch: 'x86_64' },
    })
  })
})

describe('dnf check-update', () => {
  it.each<[string, string, Record<string, string>]>([
    ['rows of name.arch version repo', '\ncurl.x86_64    7.76.1-29.el9    baseos\nkrun-demo.noarch  1.1-1  local\n', { curl: '7.76.1-29.el9', 'krun-demo': '1.1-1' }],
    ['a dotted name keeps its dots', 'python3.11.x86_64  3.11.7-1.el9  appstream\n', { 'python3.11': '3.11.7-1.el9' }],
    ['obsoletes are not upgrades', 'a.x86_64 2-1 r\nObsoleting Packages\nb.x86_64 3-1 r\n', { a: '2-1' }],
    ['headers and messages are skipped', 'Last metadata expiration check: 0:01:02 ago.\n', {}],
  ])('%s', (_n, out, expected) => {
    expect(Object.fromEntries(parseCheckUpdate(out))).toEqual(expected)
  })
})
