import { describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { FAKE_MODULES } from './testing.js'
import type { Vars } from './types.js'
import { coerceArgs, validateArgs } from './validate-args.js'
import { copy as realCopy } from '../modules/copy.js'

const pos = { file: 'pb.yml', line: 3, col: 7 }
const copy = FAKE_MODULES.copy!
const file = FAKE_MODULES.file!

function problem(args: Vars, ignoreTemplated = true, mod = copy): string | undefined {
  try {
    validateArgs(mod, args, pos, { ignoreTemplated, keyPos: (k) => ({ file: 'pb.yml', line: 10, col: k.length }) })
    return undefined
  } catch (e) {
    return (e as KrunError).format()
  }
}

describe('validateArgs', () => {
  it.each([
    [{ dest: '/x' }, undefined],
    [{ dest: '/x', dst: 1 }, "pb.yml:10:3: copy: unknown argument 'dst' (did you mean 'dest'?)"],
    [{ src: 'a' }, "pb.yml:3:7: copy: missing required argument 'dest'"],
    [{ dest: '/x', force: 'maybe' }, "pb.yml:10:5: copy: argument 'force' must be boolean"],
    [{ dest: '/x', force: '{{ f }}' }, undefined],
    [{ dest: '{{ d }}', mode: '{% if x %}1{% endif %}' }, undefined],
    [{ dest: '/x', mode: true }, "pb.yml:10:4: copy: argument 'mode' must be string or integer"],
  ])('%j', (args, expected) => {
    expect(problem(args)).toBe(expected)
  })

  it('reports enums and anyOf as a whole', () => {
    expect(problem({ path: '/x', state: 'dir' }, true, file)).toBe('pb.yml:10:5: file: argument \'state\' must be one of file, directory, link, absent, touch')
    expect(problem({ path: '/x', mode: [] }, true, file)).toBe("pb.yml:10:4: file: argument 'mode' must be string or integer")
  })

  it('names every alias of a required argument given as anyOf required branches', () => {
    const { required: _plain, ...schema } = file.schema as Record<string, unknown>
    const anyOf = [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }]
    const props = { ...(schema.properties as object), dest: { type: 'string' }, name: { type: 'string' } }
    const aliased = { ...file, schema: { ...schema, properties: props, anyOf } } as unknown as typeof file
    expect(problem({ state: 'directory' }, true, aliased)).toBe("pb.yml:3:7: file: missing required argument 'path' (or 'dest', 'name')")
    expect(problem({ dest: '/x', state: 'directory' }, true, aliased)).toBeUndefined()
  })

  it('at run time, a still-templated value is checked like any other', () => {
    expect(problem({ dest: '/x', force: '{{ f }}' }, false)).toMatch(/'force' must be boolean/)
  })

  it('errors are KrunError E_ARGS', () => {
    expect(() => validateArgs(copy, {}, pos, { ignoreTemplated: true })).toThrow(expect.objectContaining({ code: 'E_ARGS', pos }))
  })
})

describe('coerceArgs', () => {
  it.each([
    [{ dest: '/x', force: 'yes', backup: 'False' }, { dest: '/x', force: true, backup: false }],
    [{ dest: 5, force: '{{ f }}' }, { dest: '5', force: '{{ f }}' }],
    [{ dest: '/x', mode: 420 }, { dest: '/x', mode: 420 }],
    [{ dest: '/x', force: 'perhaps' }, { dest: '/x', force: 'perhaps' }],
  ])('%j', (args, expected) => {
    expect(coerceArgs(copy, args)).toEqual(expected)
  })

  it('converts numeric text for integer arguments', () => {
    expect(coerceArgs(FAKE_MODULES.debug!, { verbosity: '2' })).toEqual({ verbosity: 2 })
  })
})

describe('validateArgs with the real schemas: booleans, modes, exclusive pairs', () => {
  it.each([
    [{ dest: '/x', content: 'a', force: 'YES' }, undefined],
    [{ dest: '/x', content: 'a', force: ' off ' }, undefined],
    [{ dest: '/x', content: 'a', force: '{{ f }}' }, undefined],
    [{ dest: '/x', content: 'a', force: 'perhaps' }, 'pb.yml:10:5: copy: argument \'force\' must be a boolean (yes/no, true/false, on/off, 1/0): "perhaps"'],
    [{ dest: '/x', content: 'a', mode: 'u=rw,go-w' }, undefined],
    [{ dest: '/x', content: 'a', mode: '0644' }, undefined],
    [{ dest: '/x', content: 'a', mode: 420 }, undefined],
    [{ dest: '/x', content: 'a', mode: 'rw-r--r--' }, 'pb.yml:10:4: copy: argument \'mode\' must be in octal or symbolic form: "rw-r--r--"'],
    [{ dest: '/x', content: 'a', src: 'b' }, 'pb.yml:10:7: copy: parameters are mutually exclusive: src|content'],
    [{ dest: '/x', content: '{{ a }}', src: '{{ b }}' }, 'pb.yml:10:7: copy: parameters are mutually exclusive: src|content'],
  ])('%j', (args, expected) => {
    expect(problem(args, true, realCopy)).toBe(expected)
  })
})
