import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createTemplar } from './templar.js'
import { makeScope } from './scope.js'

const t = createTemplar()
const vars = { name: 'etcd', flag: 'yes', empty: '', none: null, path: '/etc/kubernetes/ssl/ca.pem', nums: [1, 2], word: "it's" }
const scope = makeScope([vars], t)
const ev = (expr: string): unknown => t.evaluate(expr, scope)

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex')

describe('text filters', () => {
  it.each([
    ['missing | default("x")', 'x'],
    ['missing | d("x")', 'x'],
    ['name | default("x")', 'etcd'],
    ['none | default("x")', null],
    ['empty | default("x")', ''],
    ['empty | default("x", true)', 'x'],
    ['none | default("x", true)', 'x'],
    ['missing.attr | default(5)', 5],
    ['name | mandatory', 'etcd'],
    ['"AbC" | lower', 'abc'],
    ['"AbC" | upper', 'ABC'],
    ['"hello WORLD" | capitalize', 'Hello world'],
    ['"  x  " | trim', 'x'],
    ['"a-b-c" | replace("-", "_")', 'a_b_c'],
    ['"a-b-c" | replace("-", "_", 1)', 'a_b-c'],
    ['"v1.2.3" | regex_replace("^v", "")', '1.2.3'],
    ['"host-01" | regex_replace("(\\\\w+)-(\\\\d+)", "\\\\2-\\\\1")', '01-host'],
    ['"a.b.c" | regex_replace("\\\\.", "/")', 'a/b/c'],
    ['"ABC" | regex_replace("b", "x", ignorecase=true)', 'AxC'],
    ['"a1" | regex_replace("(\\\\d)", "$\\\\g<1>0")', 'a$10'],
    ['"server1.example.com" | regex_search("^[a-z]+")', 'server'],
    ['"server1" | regex_search("xyz")', null],
    ['"key=value" | regex_search("(\\\\w+)=(\\\\w+)", "\\\\2", "\\\\1")', ['value', 'key']],
    ['"v=1.2" | regex_search("(?P<maj>\\\\d)\\\\.(?P<min>\\\\d)", "\\\\g<min>")', ['2']],
    ['"a1b22c333" | regex_findall("\\\\d+")', ['1', '22', '333']],
    ['"a=1,b=2" | regex_findall("(\\\\w)=(\\\\d)")', [['a', '1'], ['b', '2']]],
    ['"a.b" | regex_escape', 'a\\.b'],
    ['"a,b,c" | split(",")', ['a', 'b', 'c']],
    ['"a b  c" | split', ['a', 'b', 'c']],
    ['nums | join(",")', '1,2'],
    ['nums | join', '12'],
    ['[{"n": "a"}, {"n": "b"}] | join(" ", attribute="n")', 'a b'],
    ['word | quote', "'it'\\''s'"],
    ['name | quote', 'etcd'],
    ['"hello" | b64encode', 'aGVsbG8='],
    ['"aGVsbG8=" | b64decode', 'hello'],
    ['path | basename', 'ca.pem'],
    ['path | dirname', '/etc/kubernetes/ssl'],
    ['path | splitext', ['/etc/kubernetes/ssl/ca', '.pem']],
    ['"/etc/../etc/hosts" | realpath', '/etc/hosts'],
    ['"~/x" | expanduser', `${process.env.HOME}/x`],
    ['"abc" | hash("sha1")', sha1('abc')],
    ['"abc" | hash("md5")', createHash('md5').update('abc').digest('hex')],
    ['"abc" | hash("sha256")', createHash('sha256').update('abc').digest('hex')],
    ['"abc" | checksum', sha1('abc')],
    ['"abc" | sha1', sha1('abc')],
    ['"abc" | md5', createHash('md5').update('abc').digest('hex')],
    ['"abc" | ansible.builtin.md5', createHash('md5').update('abc').digest('hex')],
    ['"42" | int', 42],
    ['"3.9" | int', 3],
    ['"x" | int', 0],
    ['"x" | int(7)', 7],
    ['"ff" | int(base=16)', 255],
    ['true | int', 1],
    ['"2.5" | float', 2.5],
    ['"x" | float', 0],
    ['5 | string', '5'],
    ['true | string', 'True'],
    ['nums | string', '[1, 2]'],
    ['"line1\\nline2" | indent(2)', 'line1\n  line2'],
    ['"a\\nb" | indent(width=4, first=true)', '    a\n    b'],
    ['{"a": 1} | type_debug', 'dict'],
    ['"%s-%02d" | format(name, 7)', 'etcd-07'],
  ])('%s', (expr, expected) => {
    expect(ev(expr)).toEqual(expected)
  })

  it.each([
    ['yes', true], ['Yes', true], ['on', true], ['1', true], ['true', true], ['TRUE', true],
    ['no', false], ['off', false], ['0', false], ['false', false], ['', false], ['maybe', false],
  ])('bool of %j is %s (Ansible truthiness)', (input, expected) => {
    expect(t.evaluate('v | bool', makeScope([{ v: input }], t))).toBe(expected)
  })

  it.each([[true, true], [false, false], [1, true], [0, false], [null, false]])('bool of native %j', (input, expected) => {
    expect(t.evaluate('v | bool', makeScope([{ v: input }], t))).toBe(expected)
  })

  it('mandatory fails with its message or the variable name', () => {
    expect(() => ev('missing | mandatory')).toThrow(/Mandatory variable not defined.*'missing' is undefined/)
    expect(() => ev('missing | mandatory("set missing please")')).toThrow('set missing please')
  })

  it('a filter given an undefined argument names the variable', () => {
    expect(() => ev('missing | upper')).toThrow("'missing' is undefined")
    expect(() => ev('name | replace(missing, "x")')).toThrow("'missing' is undefined")
  })

  it('hash rejects an unknown algorithm', () => {
    expect(() => ev('"a" | hash("nope")')).toThrow(/unsupported algorithm/)
  })
})
