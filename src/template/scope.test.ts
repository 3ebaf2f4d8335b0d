import { describe, expect, it } from 'vitest'
import { isScope, makeScope } from './scope.js'
import { createTemplar } from './templar.js'

const t = createTemplar()

// layers as the engine stacks them: role defaults < inventory < host vars < play vars
const defaults = {
  etcd_port: 2379,
  etcd_url: 'https://{{ ansible_host }}:{{ etcd_port }}',
  etcd_peers: "{{ groups['etcd'] | map('regex_replace', '^', 'https://') | list }}",
  cfg: { listen: '{{ etcd_url }}', data: ['/var/lib/{{ name }}', 'static'] },
  name: 'etcd',
}
const host = { ansible_host: '10.0.0.11', groups: { etcd: ['e1', 'e2'] } }
const play = { etcd_port: 2380 }

describe('makeScope', () => {
  it('resolves names from the highest layer', () => {
    const s = makeScope([defaults, host, play], t)
    expect(s.etcd_port).toBe(2380)
    expect(s.ansible_host).toBe('10.0.0.11')
    expect(s.nope).toBeUndefined()
  })

  it('renders a lower-layer value against higher layers when read', () => {
    const s = makeScope([defaults, host, play], t)
    expect(s.etcd_url).toBe('https://10.0.0.11:2380')
    expect(s.etcd_peers).toEqual(['https://e1', 'https://e2'])
  })

  it('renders nested dicts and lists deeply, keeping native types', () => {
    const s = makeScope([defaults, host, play], t)
    expect(s.cfg).toEqual({ listen: 'https://10.0.0.11:2380', data: ['/var/lib/etcd', 'static'] })
    const n = makeScope([{ n: 3, l: ['{{ n }}', '{{ n > 2 }}'] }], t)
    expect(n.l).toEqual([3, true])
  })

  it('leaves values without templates as they are (no copy)', () => {
    const list = [1, 2, { a: 'x' }]
    const s = makeScope([{ list }], t)
    expect(s.list).toBe(list)
  })

  it.each([
    ['a variable defined in terms of itself', { x: '{{ x }}' }, 'x'],
    ['a cycle through another variable', { a: '{{ b }}', b: '{{ a }}' }, 'a'],
    ['a cycle inside a nested value', { c: { d: ['{{ c }}'] } }, 'c'],
  ])('%s is E_TEMPLATE_RECURSION naming it', (_n, layer, name) => {
    const s = makeScope([layer], t)
    expect(() => s[name]).toThrow(expect.objectContaining({ code: 'E_TEMPLATE_RECURSION', message: expect.stringContaining(`'${name}'`) }))
  })

  it('a higher layer may refer to a lower one through another name', () => {
    const s = makeScope([{ base: [1] }, { ext: '{{ base + [2] }}' }], t)
    expect(s.ext).toEqual([1, 2])
  })

  it('says which variable was being rendered when a reference is undefined', () => {
    const s = makeScope([{ url: 'http://{{ missing_host }}/' }], t)
    expect(() => s.url).toThrow(expect.objectContaining({ code: 'E_UNDEFINED', message: "'missing_host' is undefined", hint: "while rendering variable 'url'" }))
  })

  it('supports in, Object.keys and a read-only view', () => {
    const s = makeScope([{ a: 1 }, { b: '{{ a }}' }, { a: 2 }], t)
    expect('a' in s && 'b' in s && !('c' in s)).toBe(true)
    expect(Object.keys(s).sort()).toEqual(['a', 'b'])
    expect({ ...s }).toEqual({ a: 2, b: 2 })
    expect(() => {
      ;(s as Record<string, unknown>).a = 3
    }).toThrow(TypeError)
  })

  it('exposes vars (the scope itself), defined tests and hostvars-style nesting', () => {
    const web = makeScope([{ ip: '10.0.0.2', url: 'http://{{ ip }}' }], t)
    const s = makeScope([{ hostvars: { web }, me: 'x' }], t)
    expect(isScope(s.vars)).toBe(true)
    expect(t.evaluate("vars['me']", s)).toBe('x')
    expect(t.evaluate('hostvars.web.url', s)).toBe('http://10.0.0.2')
    expect(t.evaluate("hostvars['web'].nope is defined", s)).toBe(false)
    expect(t.evaluate('hostvars.web.keys() | list | sort', s)).toEqual(['ip', 'url'])
  })

  it('caches what it rendered: a new scope sees changed layers', () => {
    const layer: Record<string, unknown> = { a: 1, b: '{{ a }}' }
    const s1 = makeScope([layer], t)
    expect(s1.b).toBe(1)
    layer.a = 5
    expect(s1.b).toBe(1)
    expect(makeScope([layer], t).b).toBe(5)
  })
})
