import nunjucks from 'nunjucks'
import { describe, expect, it, vi } from 'vitest'
import { KrunError } from '../core/errors.js'
import { OMIT } from './globals.js'
import { makeScope } from './scope.js'
import { createTemplar } from './templar.js'

const t = createTemplar()
const vars = {
  n: 3, f: 1.5, s: 'a,b', on: true, none: null, l: [1, 2], e: [], d: { x: 1, y: 'why' }, nodes: ['e1', 'e2', 'e3'],
  text: '  Hello  ', host: { name: 'web', ip: '10.0.0.1' },
}
const scope = makeScope([vars], t)
const render = (v: unknown): unknown => t.render(v, scope)

describe('native types', () => {
  it.each([
    ['{{ l }}', [1, 2]],
    ['{{ d }}', { x: 1, y: 'why' }],
    ['{{ n }}', 3],
    ['{{ n * 2 }}', 6],
    ['{{ f }}', 1.5],
    ['{{ on }}', true],
    ['{{ none }}', null],
    ['{{ s }}', 'a,b'],
    ['{{- n -}}', 3],
    ['{{ l + [3] }}', [1, 2, 3]],
    ['{{ {"a": {"b": n}} }}', { a: { b: 3 } }],
    ['{{ n }}x', '3x'],
    [' {{ n }}', ' 3'],
    ['{{ n }}{{ n }}', '33'],
    ['{{ on }} and {{ none }}', 'True and None'],
    ['l={{ l }} d={{ d }}', "l=[1, 2] d={'x': 1, 'y': 'why'}"],
    // trailing newlines are preserved, as Ansible's do_template does (content: "x\n" stays a line)
    ['{{ n }}\n', '3\n'],
    ['a {{ n }}\n\n', 'a 3\n\n'],
    ['no template', 'no template'],
    ['{# c #}{{ n }}', '3'],
  ])('%j renders to %j', (src, expected) => {
    expect(render(src)).toEqual(expected)
  })

  it('renders lists and dicts deeply, keys included', () => {
    expect(render({ '{{ host.name }}_ip': '{{ host.ip }}', list: ['{{ n }}', 'x', { deep: '{{ on }}' }], num: 7 })).toEqual({
      web_ip: '10.0.0.1', list: [3, 'x', { deep: true }], num: 7,
    })
  })

  it('renderString always gives text', () => {
    expect(t.renderString('{{ l }}', scope)).toBe('[1, 2]')
    expect(t.renderString('{{ on }}', scope)).toBe('True')
  })

  it.each([
    ['n > 2', true], ['n > 2 and l', [1, 2]], ['e or "empty"', 'empty'], ['none', null], ['{{ n }}', 3], ['  d.x  ', 1],
    ['"}}" in "a}}"', true],
  ])('evaluate(%j) = %j', (expr, expected) => {
    expect(t.evaluate(expr, scope)).toEqual(expected)
  })

  it.each([
    ['n > 2', true], ['e', false], ['d', true], ['"false"', false], ['"no"', false], ['"Off"', false], ['"0"', false],
    ['"yes"', true], ['0', false], ['none', false], ['on', true], ['{{ on }}', true], ['s == "a,b"', true],
  ])('test(%j) = %s', (expr, expected) => {
    expect(t.test(expr, scope)).toBe(expected)
  })

  it.each([['{{ x }}', true], ['{% if %}', true], ['{# c #}', true], ['plain {', false], ['{ a: 1 }', false], ['', false]])(
    'isTemplate(%j) = %s',
    (s, expected) => expect(t.isTemplate(s)).toBe(expected),
  )
})

describe('Jinja2 syntax on nunjucks', () => {
  it.each([
    ['{{ True }}/{{ False }}/{{ None }}', 'True/False/None'],
    ['{{ "a" ~ n ~ on }}', 'a3True'],
    ['{% set x = n + 1 %}{{ x }}', '4'],
    ['{% set x %}[{{ n }}]{% endset %}{{ x }}', '[3]'],
    ['{{ n is number }}{{ n is not string }}', 'TrueTrue'],
    ['{{ 2 in l }}/{{ 5 not in l }}/{{ "x" in d }}/{{ "b" in s }}', 'True/True/True/True'],
    ['{% for x in nodes %}{{ loop.index }}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}', '1e1,2e2,3e3'],
    ['{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', 'x=1;y=why;'],
    ['{% for k in d %}{{ k }}{% endfor %}', 'xy'],
    ['{{ d.keys() | list }}|{{ d.values() | list }}', "['x', 'y']|[1, 'why']"],
    ['{{ d.get("x") }}/{{ d.get("z", 9) }}/{{ d.get("z") }}', '1/9/None'],
    ['{{ s.split(",") }}|{{ "a b".split() }}|{{ "a=b=c".split("=", 1) }}', "['a', 'b']|['a', 'b']|['a', 'b=c']"],
    ['{{ s.startswith("a") }}{{ s.endswith("x") }}{{ s.startswith(("x", "a")) }}', 'TrueFalseTrue'],
    ['[{{ text.strip() }}][{{ text.lstrip() }}][{{ "xxaxx".strip("x") }}]', '[Hello][Hello  ][a]'],
    ['{{ "Ab".upper() }}{{ "Ab".lower() }}{{ "ab cd".title() }}', 'ABabAb Cd'],
    ['{{ "{}:{}".format(host.ip, 2379) }} {{ "{0}-{0}".format(n) }} {{ "{n}".format(n=1) }}', '10.0.0.1:2379 3-3 1'],
    ['{{ "%s:%d" % (host.ip, 2379) }} {{ "%05.1f" % f }}', '10.0.0.1:2379 001.5'],
    ['{{ range(3) | list }}{{ range(1, 7, 2) | list }}', '[0, 1, 2][1, 3, 5]'],
    ['{{ dict(a=1) }}{{ dict([["k", "v"]]) }}', "{'a': 1}{'k': 'v'}"],
    ['{{ nodes[0] }}{{ nodes[-1] }}{{ nodes[1:] }}{{ nodes[:1] }}{{ nodes[::-1] }}{{ "abc"[1:] }}', "e1e3['e2', 'e3']['e1']['e3', 'e2', 'e1']bc"],
    ['{{ nodes.0 }}', 'e1'],
    ['{% for x in nodes if x != "e2" %}{{ loop.index }}{{ x }}{% endfor %}', '1e12e3'],
    ['{% for k, v in d.items() if v is number %}{{ k }}{% endfor %}', 'x'],
    ['{% if e %}full{% else %}empty{% endif %}/{% if d %}full{% endif %}', 'empty/full'],
    ['{{ e or "x" }}|{{ l and "y" }}|{{ not e }}', 'x|y|True'],
    ['{{ 1 == "1" }}{{ 1 == 1.0 }}{{ [1, 2] == l }}{{ d == {"x": 1, "y": "why"} }}', 'FalseTrueTrueTrue'],
    ['{{ "-" * 3 }}{{ [0] * 2 }}{{ 7 % 3 }}{{ -7 % 3 }}{{ 7 // 2 }}{{ 2 ** 3 }}', '---[0, 0]1238'],
    ['{{ "yes" if on else "no" }}|{{ "yes" if e else "no" }}', 'yes|no'],
    ['{% macro m(a, b=2) %}{{ a }}+{{ b }}{% endmacro %}{{ m(1) }} {{ m(1, b=5) }}', '1+2 1+5'],
    ['{% set ns = namespace(c=0) %}{% for x in l %}{% set ns.c = ns.c + x %}{% endfor %}{{ ns.c }}', '3'],
    ['{{ "x" | ansible.builtin.upper }}{{ omit is string }}', 'XTrue'],
    ['{{ 1 < 2 < 3 }}{{ 3 < 2 < 4 }}', 'TrueFalse'],
  ])('%s', (src, expected) => {
    expect(render(src)).toBe(expected)
  })

  it('omit renders to the placeholder the engine strips', () => {
    expect(render('{{ missing | default(omit) }}')).toBe(OMIT)
  })
})

describe('strict undefined', () => {
  it.each([
    ['{{ etcd_nodes }}', "'etcd_nodes' is undefined"],
    ['x{{ etcd_nodes }}', "'etcd_nodes' is undefined"],
    ['{{ etcd_nodes.name }}', "'etcd_nodes' is undefined"],
    ['{{ etcd_nodes.a.b }}', "'etcd_nodes' is undefined"],
    ['{{ d.zz }}', "'dict object' has no attribute 'zz'"],
    ['{{ d.zz.yy }}', "'dict object' has no attribute 'zz'"],
    ['{{ host["port"] }}', "'dict object' has no attribute 'port'"],
    ['{{ nodes[7] }}', 'list object has no element 7'],
    ['{{ s.nope }}', "'str object' has no attribute 'nope'"],
    ['{{ none.x }}', "'None' has no attribute 'x'"],
    ['{{ missing + 1 }}', "'missing' is undefined"],
    ['{{ missing == 1 }}', "'missing' is undefined"],
    ['{% if missing %}{% endif %}', "'missing' is undefined"],
    ['{% for x in missing %}{% endfor %}', "'missing' is undefined"],
    ['{{ missing | length }}', "'missing' is undefined"],
    ['{{ missing ~ "x" }}', "'missing' is undefined"],
    ['{{ [missing] }}', "'missing' is undefined"],
    ['{{ {"a": [1, missing]} }}', "'missing' is undefined"],
    ['{{ missing() }}', "'missing' is undefined"],
    ['{{ lookup("env", missing) }}', "'missing' is undefined"],
  ])('%s fails with %j', (src, message) => {
    expect(() => render(src)).toThrow(expect.objectContaining({ code: 'E_UNDEFINED', message }))
  })

  it.each([
    ['{{ missing is defined }}', false],
    ['{{ missing is undefined }}', true],
    ['{{ missing.x is defined }}', false],
    ['{{ d.zz is defined }}', false],
    ['{{ d.x is defined }}', true],
    ['{{ missing | default("d") }}', 'd'],
    ['{{ missing.x.y | default("d") }}', 'd'],
    ['{{ d.zz | d(0) }}', 0],
    ['{{ missing is defined and missing }}', false],
    ['{{ d.x if d.zz is undefined else 0 }}', 1],
  ])('%s does not throw', (src, expected) => {
    expect(render(src)).toEqual(expected)
  })
})

describe('errors', () => {
  it.each([['{{ foo( }}'], ['{% if %}'], ['{{ n | }}'], ['{% for x in %}{% endfor %}'], ['{% endif %}']])(
    'syntax error in %j: E_TEMPLATE_SYNTAX quoting the template, no stack',
    (src) => {
      let err: unknown
      try {
        render(src)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(KrunError)
      const k = err as KrunError
      expect(k.code).toBe('E_TEMPLATE_SYNTAX')
      expect(k.message).toContain(JSON.stringify(src))
      expect(k.format()).not.toMatch(/\n|node_modules|at .*\.js|\(unknown path\)/)
    },
  )

  it('an unknown filter is E_TEMPLATE naming it', () => {
    expect(() => render('{{ n | frobnicate }}')).toThrow(expect.objectContaining({ code: 'E_TEMPLATE', message: "no filter named 'frobnicate'" }))
  })

  it('a Python type error is E_TEMPLATE', () => {
    expect(() => render('{{ "a" + 1 }}')).toThrow(expect.objectContaining({ code: 'E_TEMPLATE', message: 'can only concatenate str (not "int") to str' }))
  })

  it('errors in a template file carry its name and line', () => {
    const src = 'a\n{{ n }}\n{% if missing %}x{% endif %}\n'
    expect(() => t.renderTemplate(src, 'etcd.conf.j2', scope)).toThrow(expect.objectContaining({ pos: { file: 'etcd.conf.j2', line: 3 } }))
    try {
      t.renderTemplate('ok\n{% if %}\n', 'bad.j2', scope)
    } catch (e) {
      expect((e as KrunError).format()).toMatch(/^bad\.j2:2:\d+: template syntax error: /)
    }
    expect.assertions(2)
  })
})

describe('renderTemplate', () => {
  it.each([
    ['trim_blocks drops the newline after a block tag', '{% if on %}\nA\n{% endif %}\nB\n', 'A\nB\n'],
    ['lstrip_blocks is off', '  {% if on %}\nA\n  {% endif %}\n', '  A\n  '],
    ['the trailing newline is kept', 'x={{ n }}\n', 'x=3\n'],
    ['a single expression is still text', '{{ l }}', '[1, 2]'],
    ['loops render lines', '{% for h in nodes %}\nserver {{ h }}\n{% endfor %}\n', 'server e1\nserver e2\nserver e3\n'],
  ])('%s', (_n, src, expected) => {
    expect(t.renderTemplate(src, 'x.j2', scope)).toBe(expected)
  })
})

describe('compilation cache', () => {
  it('compiles each distinct string once across scopes', () => {
    const fresh = createTemplar()
    const spy = vi.spyOn(nunjucks, 'Template')
    for (let i = 0; i < 50; i++) {
      const s = makeScope([{ i }], fresh)
      expect(fresh.render('host-{{ i }}', s)).toBe(`host-${i}`)
      expect(fresh.evaluate('i >= 0', s)).toBe(true)
    }
    expect(spy).toHaveBeenCalledTimes(2)
    spy.mockRestore()
  })
})
