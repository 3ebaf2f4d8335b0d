import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { quote, sh, shJoin } from './quote.js'

describe('POSIX quoting', () => {
  const words = ['plain', '', 'with space', "it's", '$(rm -rf /)', '`x`', 'a"b', '\\', '\n', '*', 'ü', "''"]
  it.each(words)('dash passes %j through unchanged', (w) => {
    const out = execFileSync('/bin/sh', ['-c', `printf %s ${quote(w)}`]).toString()
    expect(out).toBe(w)
  })
  it('joins argv and quotes template values', () => {
    expect(shJoin(['echo', 'a b'])).toBe("echo 'a b'")
    expect(sh`ls ${'x y'} ${['-l', "it's"]}`).toBe(`ls 'x y' -l 'it'\\''s'`)
  })
})
