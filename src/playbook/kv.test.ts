import { describe, expect, it } from 'vitest'
import { parseKv, splitWords } from './kv.js'

describe('parseKv', () => {
  it.each([
    ['src=a dest=b', { src: 'a', dest: 'b' }, ''],
    ['msg="a b" x=\'c d\'', { msg: 'a b', x: 'c d' }, ''],
    ['msg="say \\"hi\\""', { msg: 'say "hi"' }, ''],
    ['msg="{{ a }} b" var=x', { msg: '{{ a }} b', var: 'x' }, ''],
    ['msg={{ a | default("x y") }}', { msg: '{{ a | default("x y") }}' }, ''],
    ['path=/x=y', { path: '/x=y' }, ''],
    ['echo hi', {}, 'echo hi'],
    ['--opt=x "a=b"', {}, '--opt=x "a=b"'],
    ["echo don't", {}, "echo don't"],
    ['echo "unclosed', {}, 'echo "unclosed'],
    ['', {}, ''],
  ])('%s', (input, args, rest) => {
    const r = parseKv(input)
    expect([r.args, r.rest]).toEqual([args, rest])
  })

  it('extracts only accepted keys and keeps the spacing of the rest', () => {
    const r = parseKv('FOO=1  cmd  --x creates=/y  tail', (k) => k === 'creates')
    expect([r.args, r.rest]).toEqual([{ creates: '/y' }, 'FOO=1  cmd  --x tail'])
  })

  it('splitWords keeps Jinja2 blocks whole', () => {
    expect(splitWords('a {{ b c }} {% if x %}y{% endif %}')?.map((w) => w.text)).toEqual(['a', '{{ b c }}', '{% if x %}y{% endif %}'])
    expect(splitWords('a {{ b')).toBeUndefined()
  })
})
