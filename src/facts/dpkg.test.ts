import { describe, expect, it } from 'vitest'
import { compareDebVersions, parseAptPolicy, parseCacheAge, parseDebFields, parseDpkgQuery } from './dpkg.js'

describe('dpkg-query -W', () => {
  it.each<[string, string, Record<string, { installed: boolean; configFiles: boolean; version: string }>]>([
    ['installed', 'curl\tinstall ok installed\t7.88.1-10\n', { curl: { installed: true, configFiles: false, version: '7.88.1-10' } }],
    ['removed, config files kept', 'nginx\tdeinstall ok config-files\t1.22.1-9\n', { nginx: { installed: false, configFiles: true, version: '1.22.1-9' } }],
    ['known but never installed', 'vim\tunknown ok not-installed\t\n', { vim: { installed: false, configFiles: false, version: '' } }],
    ['half-installed is not installed', 'x\treinstreq ok half-installed\t1\n', { x: { installed: false, configFiles: false, version: '1' } }],
    ['multi-arch: the installed entry wins the bare name', 'libc6\tinstall ok installed\t2.36\tamd64\nlibc6\tunknown ok not-installed\t\ti386\n', {
      libc6: { installed: true, configFiles: false, version: '2.36' },
      'libc6:amd64': { installed: true, configFiles: false, version: '2.36' },
      'libc6:i386': { installed: false, configFiles: false, version: '' },
    }],
    ['empty output: nothing known', '', {}],
  ])('%s', (_n, out, expected) => {
    const got = Object.fromEntries([...parseDpkgQuery(out)].map(([k, v]) => [k, { installed: v.installed, configFiles: v.configFiles, version: v.version }]))
    expect(got).toEqual(expected)
  })
})

describe('apt-cache policy', () => {
  it('reads Installed and Candidate per package, (none) as null', () => {
    const out = [
      'krun-demo:', '  Installed: 1.0', '  Candidate: 1.1', '  Version table:', '     1.1 500', '        500 file:/srv/repo ./ Packages',
      ' *** 1.0 100', '        100 /var/lib/dpkg/status', 'newpkg:', '  Installed: (none)', '  Candidate: 2.0-1', '  Version table:',
    ].join('\n')
    expect(Object.fromEntries(parseAptPolicy(out))).toEqual({
      'krun-demo': { installed: '1.0', candidate: '1.1' },
      newpkg: { installed: null, candidate: '2.0-1' },
    })
  })
})

describe('cache age', () => {
  it.each<[string, string, { updated: number | null; now: number }]>([
    ['newest of several mtimes, clock last', '1700000000\n1700000500\n1700001000\n', { updated: 1700000500, now: 1700001000 }],
    ['no lists at all', '1700001000\n', { updated: null, now: 1700001000 }],
  ])('%s', (_n, out, expected) => {
    expect(parseCacheAge(out)).toEqual(expected)
  })
})

describe('dpkg-deb -f', () => {
  it.each([
    ['Package: krun-demo\nVersion: 1.1\n', { name: 'krun-demo', version: '1.1' }],
    ['dpkg-deb: error: not a Debian format archive\n', null],
  ])('%j', (out, expected) => {
    expect(parseDebFields(out)).toEqual(expected)
  })
})

describe('Debian version order (as dpkg --compare-versions)', () => {
  it.each<[string, string, -1 | 0 | 1]>([
    ['1.0', '1.1', -1],
    ['1.10', '1.9', 1],
    ['1.0~rc1', '1.0', -1],
    ['1.0', '1.0+b1', -1],
    ['1:0.9', '2.0', 1],
    ['2.0-1', '2.0-10', -1],
    ['7.88.1-10+deb12u5', '7.88.1-10', 1],
    ['1.0a', '1.0', 1],
    ['1.01', '1.1', 0],
    ['2:9.0.1378-2', '2:9.0.1378-2', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareDebVersions(a, b))).toBe(sign)
    expect(Math.sign(compareDebVersions(b, a))).toBe(-sign || 0)
  })
})
