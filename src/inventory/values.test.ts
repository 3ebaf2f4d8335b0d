import { describe, expect, it } from 'vitest'
import { parseIniValue } from './py-literal.js'
import { HostRangeError, expandHostPattern } from './ranges.js'
import { shlexSplit } from '../core/shlex.js'

describe('parseIniValue (Python literal_eval, else the text)', () => {
  it.each<[string, unknown]>([
    ['22', 22],
    ['-5', -5],
    ['1_000', 1000],
    ['0x1F', 31],
    ['0o17', 15],
    ['2.5', 2.5],
    ['1e3', 1000],
    ['True', true],
    ['False', false],
    ['None', null],
    ['true', 'true'],
    ['yes', 'yes'],
    ['017', '017'],
    ['56L', '56L'],
    ['10-5', '10-5'],
    ['1j', '1j'],
    ['12345678901234567890', '12345678901234567890'],
    ["'quoted'", 'quoted'],
    ['"a\\tb"', 'a\tb'],
    ["r'a\\tb'", 'a\\tb'],
    ["'a' 'b'", 'ab'],
    ["b'bytes'", 'bytes'],
    ["f'x'", "f'x'"],
    ["[1, 'two', [3]]", [1, 'two', [3]]],
    ['(1,)', [1]],
    ['(1)', 1],
    ['1, 2', [1, 2]],
    ["{'a': 1, 'b': [True]}", { a: 1, b: [true] }],
    ['{1, 2}', [1, 2]],
    ['{}', {}],
    ['8080 # comment', 8080],
    ['hello world', 'hello world'],
    ['/usr/bin/python3', '/usr/bin/python3'],
    ['', ''],
    ['...', '...'],
  ])('%j -> %j', (text, value) => {
    expect(parseIniValue(text)).toEqual(value)
  })
})

describe('shlexSplit (POSIX, comments)', () => {
  it.each<[string, string[]]>([
    ['h1 a=1 b=2', ['h1', 'a=1', 'b=2']],
    [`h msg="a b" x='c d'`, ['h', 'msg=a b', 'x=c d']],
    [`h x="say \\"hi\\"" y='it''s'`, ['h', 'x=say "hi"', 'y=its']],
    ['h a=b\\ c', ['h', 'a=b c']],
    ['h a=1 # b=2', ['h', 'a=1']],
    ['h a=x#y', ['h', 'a=x']],
    [`h a="x#y"`, ['h', 'a=x#y']],
    [`h e=""`, ['h', 'e=']],
  ])('%s', (line, tokens) => {
    expect(shlexSplit(line, { comments: true })).toEqual(tokens)
  })
})

describe('expandHostPattern', () => {
  it.each<[string, string[], number | undefined]>([
    ['web[01:03]', ['web01', 'web02', 'web03'], undefined],
    ['web[8:10]', ['web8', 'web9', 'web10'], undefined],
    ['web[:2]', ['web0', 'web1', 'web2'], undefined],
    ['n[0:10:5]', ['n0', 'n5', 'n10'], undefined],
    ['x[y:B]', ['xy', 'xz', 'xA', 'xB'], undefined],
    ['x[a:e:2]', ['xa', 'xc', 'xe'], undefined],
    ['10.0.0.[1:3]', ['10.0.0.1', '10.0.0.2', '10.0.0.3'], undefined],
    ['h[1:2]:2222', ['h1', 'h2'], 2222],
    ['db.example.com:22', ['db.example.com'], 22],
    ['10.1.2.3:2200', ['10.1.2.3'], 2200],
    ['fe80::1', ['fe80::1'], undefined],
    ['[::1]:22', ['::1'], 22],
  ])('%s', (pattern, hosts, port) => {
    expect(expandHostPattern(pattern)).toEqual(port === undefined ? { hosts } : { hosts, port })
  })

  it.each(['web[3:1]', 'web[1:2:0]', 'web[1-3]', 'web[a:3]', 'web[1:2'])('%s is a range error', (pattern) => {
    expect(() => expandHostPattern(pattern)).toThrow(HostRangeError)
  })
})
