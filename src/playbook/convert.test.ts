import { describe, expect, it } from 'vitest'
import { toBoolish } from './convert.js'

const pos = { file: 'pb.yml', line: 4 }

describe('toBoolish (Ansible boolean() for keywords that may be templated)', () => {
  it.each([
    [true, true], ['yes', true], ['Y', true], ['t', true], ['On', true], [1, true],
    ['no', false], ['n', false], ['F', false], ['off', false], [0, false],
    ['{{ want_become }}', '{{ want_become }}'], ['{% if x %}yes{% endif %}', '{% if x %}yes{% endif %}'],
  ])('%j -> %j', (value, expected) => {
    expect(toBoolish(value, 'become', pos)).toBe(expected)
  })

  it.each(['maybe', 'x is defined', 'enabled'])('refuses the word %j: Ansible converts strictly', (word) => {
    expect(() => toBoolish(word, 'become', pos)).toThrow(expect.objectContaining({ code: 'E_KEYWORD_TYPE', pos }))
  })
})
