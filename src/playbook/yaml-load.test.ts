import { describe, expect, it } from 'vitest'
import { parseYaml } from './yaml-load.js'

const value = (text: string): unknown => parseYaml(text, 'f.yml').value

describe('YAML 1.1 as Ansible reads it', () => {
  it.each([
    ['yes', true], ['No', false], ['on', true], ['OFF', false], ['true', true],
    ['y', 'y'], ['n', 'n'],
    ['0644', 420], ['0o644', '0o644'], ['"0644"', '0644'], ['0x1F', 31], ['1:20', 80],
    ['2024-01-01', '2024-01-01'], ['~', null], ['1_000', 1000],
  ])('%s -> %j', (scalar, expected) => {
    expect(value(`v: ${scalar}\n`)).toEqual({ v: expected })
  })

  it('merge keys copy the anchored mapping under local keys', () => {
    expect(value('base: &b {x: 1, y: 1}\nm:\n  <<: *b\n  y: 2\n')).toEqual({ base: { x: 1, y: 1 }, m: { x: 1, y: 2 } })
  })

  it('!unsafe keeps strings (also inside collections) from templating', () => {
    expect(value('a: !unsafe "{{ x }}"\nb: !unsafe [plain, "{% if %}"]\n')).toEqual({
      a: '{% raw %}{{ x }}{% endraw %}',
      b: ['plain', '{% raw %}{% if %}{% endraw %}'],
    })
  })

  it('rejects unknown tags', () => {
    expect(() => parseYaml('a: !foo x\n', 'f.yml')).toThrow(/unknown YAML tag: !foo/)
  })
})

describe('positions', () => {
  const f = parseYaml('- name: a\n  tasks:\n    - debug: x\n    -   shell: y\n', 'f.yml')
  const play = (f.value as Array<Record<string, unknown>>)[0]!
  const tasks = play.tasks as unknown[]
  const none = { file: '?' }

  it('finds mappings, keys and sequence items', () => {
    expect(f.positions.of(play, none)).toEqual({ file: 'f.yml', line: 1, col: 3 })
    expect(f.positions.key(play, 'tasks', none)).toEqual({ file: 'f.yml', line: 2, col: 3 })
    expect(f.positions.item(tasks, 1, none)).toEqual({ file: 'f.yml', line: 4, col: 9 })
    expect(f.positions.key(tasks[1], 'shell', none)).toEqual({ file: 'f.yml', line: 4, col: 9 })
  })

  it('falls back to the container, then to the given place', () => {
    expect(f.positions.key(play, 'nope', none)).toEqual({ file: 'f.yml', line: 1, col: 3 })
    expect(f.positions.of({}, none)).toBe(none)
    expect(f.positions.key('scalar', 'x', none)).toBe(none)
  })
})
