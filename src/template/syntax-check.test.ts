import { describe, expect, it } from 'vitest'
import { templateSyntaxError } from './syntax-check.js'

describe('templateSyntaxError', () => {
  it.each([
    ['expression', 'x is defined and x | int > 2'],
    ['expression', "groups['etcd'] | map('extract', hostvars, 'ansible_host') | list"],
    ['expression', 'xs[1:] | length == 2'],
    ['expression', '{{ ready }}'],
    ['expression', 'true'],
    ['template', "{{ {'a': {'b': 1}} }}"],
    ['template', '{% for h in groups.etcd %}{{ h }}:2380{% if not loop.last %},{% endif %}{% endfor %}'],
    ['template', '{% raw %}{{ .State.Status }}{% endraw %}'],
    ['template', 'no templates here { at all }'],
  ] as const)('%s %s compiles', (kind, text) => {
    expect(templateSyntaxError(text, kind)).toBeUndefined()
  })

  it.each([
    ['expression', 'x ==', /in "x ==": unexpected end of expression$/],
    ['expression', 'x and', /unexpected end of expression$/],
    ['expression', '{{ x }', /in "\{\{ x \}": expected variable end$/],
    ['template', 'port = {{ port }', /expected variable end$/],
    ['template', '{% if x %}a', /expected elif, else, or endif/],
    ['template', '{{ x | }}', /^template syntax error in "\{\{ x \| \}\}": /],
  ] as const)('%s %s -> %s', (kind, text, message) => {
    expect(templateSyntaxError(text, kind)).toMatch(message)
  })
})
