import { describe, expect, it } from 'vitest'
import { makeScope } from './scope.js'
import { createTemplar } from './templar.js'

const t = createTemplar()
const vars = {
  nums: [3, 1, 2],
  dup: [1, 2, 2, 3, 1],
  d: { b: 2, a: 1 },
  users: [
    { name: 'ann', uid: 1001, admin: true, shell: '/bin/bash' },
    { name: 'bob', uid: 1002, admin: false },
    { name: 'cid', uid: 1000, admin: true, shell: '/bin/sh' },
  ],
  nested: [1, [2, [3, [4]]], null],
  cfg: { a: { x: 1, l: [1, 2] }, b: 1 },
  over: { a: { y: 2, l: [3] }, c: 3 },
  text: 'b: 2\na: [1, 2]\n',
}
const scope = makeScope([vars], t)
const ev = (expr: string): unknown => t.evaluate(expr, scope)

describe('data filters', () => {
  it.each([
    ['d | to_json', '{"b": 2, "a": 1}'],
    ['"é" | to_json', '"\\u00e9"'],
    ['d | to_nice_json', '{\n    "a": 1,\n    "b": 2\n}'],
    ['d | to_nice_json(indent=2)', '{\n  "a": 1,\n  "b": 2\n}'],
    ['cfg | to_yaml', 'a:\n  l: [1, 2]\n  x: 1\nb: 1\n'],
    ['\'{"a": [1, {"b": null}]}\' | from_json', { a: [1, { b: null }] }],
    ['text | from_yaml', { b: 2, a: [1, 2] }],
    ['"a: 1\\n---\\nb: 2\\n" | from_yaml_all', [{ a: 1 }, { b: 2 }]],
    ['nums | length', 3],
    ['"abcd" | length', 4],
    ['d | length', 2],
    ['nums | count', 3],
    ['nums | first', 3],
    ['nums | last', 2],
    ['"xyz" | first', 'x'],
    ['dup | unique', [1, 2, 3]],
    ['[1, 2] | union([2, 3])', [1, 2, 3]],
    ['[1, 2, 3] | intersect([2, 3, 4])', [2, 3]],
    ['[1, 2, 3] | difference([2])', [1, 3]],
    ['[1, 2, 3] | symmetric_difference([3, 4])', [1, 2, 4]],
    ['d | dict2items', [{ key: 'b', value: 2 }, { key: 'a', value: 1 }]],
    ['d | dict2items(key_name="k", value_name="v")', [{ k: 'b', v: 2 }, { k: 'a', v: 1 }]],
    ['[{"key": "x", "value": 1}] | items2dict', { x: 1 }],
    ['[{"n": "x", "v": 1}] | items2dict(key_name="n", value_name="v")', { x: 1 }],
    ['cfg | combine(over)', { a: { y: 2, l: [3] }, b: 1, c: 3 }],
    ['cfg | combine(over, recursive=true)', { a: { x: 1, y: 2, l: [3] }, b: 1, c: 3 }],
    ['cfg | combine(over, recursive=true, list_merge="append")', { a: { x: 1, y: 2, l: [1, 2, 3] }, b: 1, c: 3 }],
    ['[{"a": 1}, {"b": 2}] | combine', { a: 1, b: 2 }],
    ['"ab" | list', ['a', 'b']],
    ['d | list', ['b', 'a']],
    ['nums | sort', [1, 2, 3]],
    ['nums | sort(reverse=true)', [3, 2, 1]],
    ['["b", "C", "a"] | sort', ['a', 'b', 'C']],
    ['users | sort(attribute="uid") | map(attribute="name") | list', ['cid', 'ann', 'bob']],
    ['nums | min', 1],
    ['nums | max', 3],
    ['(users | max(attribute="uid")).name', 'bob'],
    ['nums | sum', 6],
    ['users | sum(attribute="uid")', 3003],
    ['nested | flatten', [1, 2, 3, 4]],
    ['nested | flatten(levels=1)', [1, 2, [3, [4]]]],
    ['[1, 2] | zip(["a", "b", "c"]) | list', [[1, 'a'], [2, 'b']]],
    ['[1, 2] | zip_longest(["a"], fillvalue="-") | list', [[1, 'a'], [2, '-']]],
    ['[1, 2] | product(["a", "b"]) | list', [[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]],
    ['true | ternary("yes", "no")', 'yes'],
    ['[] | ternary("yes", "no")', 'no'],
    ['none | ternary("yes", "no", "null")', 'null'],
    ['nums | reverse | list', [2, 1, 3]],
  ])('%s', (expr, expected) => {
    expect(ev(expr)).toEqual(expected)
  })
})

describe('to_nice_yaml', () => {
  it('writes block style with keys sorted and mappings indented by 4', () => {
    const out = ev('cfg | to_nice_yaml') as string
    expect(out.startsWith('a:\n    l:\n')).toBe(true)
    expect(out).toContain('\n    x: 1\nb: 1\n')
    expect(t.evaluate('out | from_yaml', makeScope([{ out }], t))).toEqual(vars.cfg)
  })
})

describe('select filters', () => {
  it.each([
    ['users | map(attribute="name") | list', ['ann', 'bob', 'cid']],
    ['users | map(attribute="shell", default="/bin/false") | list', ['/bin/bash', '/bin/false', '/bin/sh']],
    ['nums | map("string") | list', ['3', '1', '2']],
    ['["a", "b"] | map("regex_replace", "^", "x-") | list', ['x-a', 'x-b']],
    ['[0, 1, "", "a", none] | select | list', [1, 'a']],
    ['nums | select("odd") | list', [3, 1]],
    ['nums | reject("odd") | list', [2]],
    ['nums | select(">", 1) | list', [3, 2]],
    ['nums | select("equalto", 2) | list', [2]],
    ['["a1", "b2", "a3"] | select("match", "a") | list', ['a1', 'a3']],
    ['users | selectattr("admin") | map(attribute="name") | list', ['ann', 'cid']],
    ['users | rejectattr("admin") | map(attribute="name") | list', ['bob']],
    ['users | selectattr("shell", "defined") | map(attribute="name") | list', ['ann', 'cid']],
    ['users | selectattr("shell", "undefined") | map(attribute="name") | list', ['bob']],
    ['users | selectattr("uid", ">=", 1001) | map(attribute="name") | list', ['ann', 'bob']],
    ['(users | selectattr("name", "equalto", "bob") | first).uid', 1002],
    ['users | rejectattr("name", "in", ["ann", "bob"]) | map(attribute="name") | list', ['cid']],
    ['users | groupby("admin") | map("first") | list', [false, true]],
    ['users | first | attr("name")', 'ann'],
    ['[0, 2] | map("extract", users) | map(attribute="name") | list', ['ann', 'cid']],
    ['["a"] | map("extract", {"a": {"ip": "1.2.3.4"}}, "ip") | list', ['1.2.3.4']],
  ])('%s', (expr, expected) => {
    expect(ev(expr)).toEqual(expected)
  })

  it('selectattr without a test fails on a missing attribute, as StrictUndefined does', () => {
    expect(() => ev('users | selectattr("shell") | list')).toThrow("'dict object' has no attribute 'shell'")
  })
})
