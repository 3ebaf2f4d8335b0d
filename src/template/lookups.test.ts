import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeScope } from './scope.js'
import { createTemplar } from './templar.js'

// a role and a playbook dir, as the engine lays them out
const root = mkdtempSync(join(tmpdir(), 'krun-lookups-'))
const role = join(root, 'roles', 'etcd')
const play = join(root, 'playbooks')
for (const d of [join(role, 'files'), join(role, 'templates'), join(play, 'files')]) mkdirSync(d, { recursive: true })
writeFileSync(join(role, 'files', 'ca.pem'), 'ROLE CA\n\n')
writeFileSync(join(play, 'files', 'ca.pem'), 'PLAY CA\n')
writeFileSync(join(play, 'files', 'only-play.txt'), '  padded  \n')
writeFileSync(join(role, 'templates', 'unit.j2'), 'ExecStart=/usr/bin/{{ name }}\n')
writeFileSync(join(root, 'plain.txt'), 'plain\n')

const t = createTemplar({
  lookups: { upper: (terms) => terms.map((x) => String(x).toUpperCase()) },
})
const base = { name: 'etcd', greeting: 'hi {{ name }}', playbook_dir: play }
const ev = (expr: string, vars: Record<string, unknown> = {}): unknown => t.evaluate(expr, makeScope([base, vars], t))

describe('lookups', () => {
  it.each([
    ['file from role files/ before the playbook', 'lookup("file", "ca.pem")', { role_path: role }, 'ROLE CA'],
    ['file from the playbook dir', 'lookup("file", "ca.pem")', {}, 'PLAY CA'],
    ['file with ansible_search_path', 'lookup("file", "ca.pem")', { ansible_search_path: [play, role] }, 'PLAY CA'],
    ['file keeps leading space, strips trailing', 'lookup("file", "only-play.txt")', {}, '  padded'],
    ['file by absolute path', `lookup("file", "${join(root, 'plain.txt')}")`, {}, 'plain'],
    ['file by FQCN', 'lookup("ansible.builtin.file", "ca.pem")', {}, 'PLAY CA'],
    ['several files join with commas', 'lookup("file", "ca.pem", "only-play.txt")', {}, 'PLAY CA,  padded'],
    ['query returns a list', 'query("file", "ca.pem")', {}, ['PLAY CA']],
    ['q is query', 'q("file", "ca.pem")', {}, ['PLAY CA']],
    ['wantlist', 'lookup("file", "ca.pem", wantlist=true)', {}, ['PLAY CA']],
    ['env', 'lookup("env", "KRUN_TEST_VAR")', {}, 'from-env'],
    ['env unset is empty', 'lookup("env", "KRUN_TEST_UNSET_VAR")', {}, ''],
    ['env default', 'lookup("env", "KRUN_TEST_UNSET_VAR", default="d")', {}, 'd'],
    ['template renders with the scope', 'lookup("template", "unit.j2")', { role_path: role }, 'ExecStart=/usr/bin/etcd\n'],
    ['pipe runs sh -c and trims', 'lookup("pipe", "printf \'a b\\n\\n\'")', {}, 'a b'],
    ['pipe shell features', 'lookup("pipe", "echo $((1+2)) | tr 3 4")', {}, '4'],
    ['lines', 'query("lines", "printf \'a\\nb\\n\'")', {}, ['a', 'b']],
    ['vars renders the variable', 'lookup("vars", "greeting")', {}, 'hi etcd'],
    ['vars default', 'lookup("vars", "nope", default=1)', {}, 1],
    ['first_found', 'lookup("first_found", ["nope.txt", "only-play.txt"])', {}, join(play, 'files', 'only-play.txt')],
    ['first_found skip', 'query("first_found", ["nope.txt"], skip=true)', {}, []],
    ['items', 'query("items", [1, [2]])', {}, [1, [2]]],
    ['dict', 'query("dict", {"a": 1})', {}, [{ key: 'a', value: 1 }]],
    ['a custom lookup', 'lookup("upper", "x", "y")', {}, 'X,Y'],
  ])('%s', (_name, expr, vars, expected) => {
    process.env.KRUN_TEST_VAR = 'from-env'
    expect(ev(expr, vars)).toEqual(expected)
  })

  it.each([
    ['a missing file', 'lookup("file", "nope.txt")', /could not locate file in lookup: nope.txt/],
    ['a failing command', 'lookup("pipe", "exit 3")', /returned 3/],
    ['an unknown plugin', 'lookup("nope", "x")', /lookup plugin 'nope' not found/],
    ['first_found with nothing', 'lookup("first_found", ["a", "b"])', /No file was found/],
  ])('%s is an E_LOOKUP error', (_name, expr, message) => {
    expect(() => ev(expr)).toThrow(expect.objectContaining({ code: 'E_LOOKUP', message: expect.stringMatching(message) }))
  })

  it('errors="ignore" turns a failure into None', () => {
    expect(ev('lookup("file", "nope.txt", errors="ignore")')).toBeNull()
  })

  it('vars of a missing name is E_UNDEFINED', () => {
    expect(() => ev('lookup("vars", "nope")')).toThrow(expect.objectContaining({ code: 'E_UNDEFINED' }))
  })

  it('renderTemplate resolves includes through the given search paths', () => {
    writeFileSync(join(role, 'templates', 'part.j2'), 'part of {{ name }}')
    const out = t.renderTemplate('[{% include "part.j2" %}]', 'main.j2', makeScope([base], t), [role])
    expect(out).toBe('[part of etcd]')
  })
})
