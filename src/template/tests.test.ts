import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeScope } from './scope.js'
import { createTemplar } from './templar.js'
import { ansibleTruthy, versionCmp } from './tests.js'

const dir = mkdtempSync(join(tmpdir(), 'krun-tests-'))
writeFileSync(join(dir, 'f.txt'), 'x')

const t = createTemplar()
const vars = {
  dir,
  file: join(dir, 'f.txt'),
  s: 'etcd-01',
  n: 3,
  f: 1.5,
  b: true,
  l: [1, 2],
  d: { a: 1 },
  none: null,
  ok: { changed: false, failed: false },
  changed: { changed: true, failed: false },
  failed: { changed: false, failed: true },
  skipped: { changed: false, skipped: true },
  loop_res: { results: [{ changed: false }, { changed: true }] },
  loop_skip: { results: [{ skipped: true }, { skipped: true }] },
}
const scope = makeScope([vars], t)
const ev = (expr: string): unknown => t.evaluate(expr, scope)

describe('tests', () => {
  it.each([
    ['s is defined', true], ['missing is defined', false], ['missing is undefined', true], ['d.a is defined', true],
    ['d.zz is defined', false], ['missing.x.y is defined', false], ['none is none', true], ['n is none', false],
    ['s is string', true], ['n is string', false], ['n is number', true], ['f is number', true], ['d is mapping', true],
    ['l is mapping', false], ['l is iterable', true], ['s is iterable', true], ['n is iterable', false], ['l is sequence', true],
    ['b is boolean', true], ['n is boolean', false], ['n is integer', true], ['f is integer', false], ['f is float', true],
    ['missing is string', false],
    ['s is match("etcd")', true], ['s is match("01")', false], ['s is search("01")', true], ['s is regex("^e.*1$")', true],
    ['"ETCD" is match("etcd", ignorecase=true)', true], ['"a\\nb" is match("b")', false], ['"a\\nb" is search("^b", multiline=true)', true],
    ['2 is in(l)', true], ['5 is in(l)', false], ['l is contains(1)', true], ['d is contains("a")', true],
    ['"1.10.0" is version("1.9.2", ">")', true], ['"1.10.0" is version("1.9.2", "lt")', false],
    ['"1.2.3" is version("1.2.3", "==")', true], ['"1.2.3" is version("1.2.3")', true], ['"1.2" is version("1.2.0", "<")', true],
    ['"1.26.3" is version("1.25", ">=")', true], ['"3.4.0" is version_compare("3.4", "ge")', true],
    ['"1.2.3" is ansible.builtin.version("1.2.4", "<=")', true], ['"2.0" is version("2.0", "!=")', false],
    ['[1] is subset(l)', true], ['[1, 5] is subset(l)', false], ['l is superset([2])', true], ['l is superset([3])', false],
    ['file is file', true], ['dir is file', false], ['dir is directory', true], ['file is directory', false],
    ['file is exists', true], ['(dir ~ "/nope") is exists', false],
    ['ok is changed', false], ['changed is changed', true], ['loop_res is changed', true],
    ['failed is failed', true], ['ok is failed', false], ['ok is succeeded', true], ['failed is succeeded', false],
    ['ok is success', true], ['skipped is skipped', true], ['ok is skipped', false], ['loop_skip is skipped', true],
    ['"no" is truthy', true], ['"no" is truthy(convert_bool=true)', false], ['"" is falsy', true], ['[] is falsy', true],
    ['n is odd', true], ['l is not mapping', true], ['n is divisibleby(3)', true], ['n is equalto(3)', true],
    ['none is true', false], ['b is true', true],
  ])('%s -> %s', (expr, expected) => {
    expect(ev(expr)).toBe(expected)
  })

  it('result tests need a registered result', () => {
    expect(() => ev('s is changed')).toThrow(/expects a dictionary/)
  })

  it('most tests refuse an undefined value, naming it', () => {
    expect(() => ev('missing is match("x")')).toThrow("'missing' is undefined")
  })

  it('an unknown test is a template error', () => {
    expect(() => ev('s is frobnicated')).toThrow("no test named 'frobnicated'")
  })

  it.each([
    ['1.2.3', '1.2.10', -1], ['1.10', '1.9', 1], ['2.0', '2.0', 0], ['1.2.3rc1', '1.2.3', 1], ['1.0a', '1.0b', -1],
  ])('LooseVersion %s vs %s = %d', (a, b, r) => {
    expect(versionCmp(a, b)).toBe(r)
  })

  it.each([
    ['false', false], ['No', false], ['OFF', false], ['0', false], ['n', false], ['F', false], ['', false],
    ['true', true], ['yes', true], ['anything', true], [0, false], [[], false], [{}, false], [null, false], [[0], true], [2, true],
  ])('Ansible condition truthiness of %j is %s', (v, expected) => {
    expect(ansibleTruthy(v)).toBe(expected)
  })
})
