import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { MODULES, moduleNames, resolveModule } from './index.js'
import type { AnyModule } from './types.js'

const here = dirname(fileURLToPath(import.meta.url))

describe('registry', () => {
  it.each([
    ['copy', 'copy'], ['ansible.builtin.copy', 'copy'], ['ansible.legacy.shell', 'shell'],
    ['ansible.builtin.set_fact', 'set_fact'], ['set_fact', 'set_fact'], ['ansible.builtin.nope', undefined], ['community.general.copy', undefined],
  ])('%s -> %s', (name, expected) => {
    expect(resolveModule(name)?.name).toBe(expected)
  })
  it('every entry is registered under its own name', () => {
    for (const [key, mod] of Object.entries(MODULES)) expect(mod.name).toBe(key)
    expect(moduleNames()).toContain('ansible.builtin.template')
  })
})

describe('schemas', () => {
  // the playbook loader's strict settings, and the engine's run-time ones (coercion on)
  const strict = new Ajv({ strict: true, allowUnionTypes: true })
  const runtime = new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true })
  const mods = Object.values(MODULES) as AnyModule[]

  it.each(mods.map((m) => [m.name, m]))('%s compiles in strict mode and closes unknown arguments', (name, mod) => {
    const validate = strict.compile((mod as AnyModule).schema)
    expect(validate({ krun_no_such_arg: 1 }), name as string).toBe(name === 'set_fact')
  })

  it.each<[string, Record<string, unknown>]>([
    ['file', { path: '/x', state: 'directory', mode: 420, owner: 0, recurse: 'yes' }],
    ['copy', { src: 'a', dest: '/b', mode: 'u=rw,g=r', backup: true, force: 'no', validate: 'x %s' }],
    ['command', { cmd: 'ls', creates: '/x', stdin_add_newline: false }],
    ['command', { argv: ['ls', '-l'], chdir: '/tmp' }],
    ['copy', { content: '', dest: '/b' }],
    ['shell', { cmd: 'ls | wc', executable: '/bin/bash' }],
    ['assert', { that: ['a', 'b'], fail_msg: 'x' }],
    ['assert', { that: 'a == 1', quiet: true }],
    ['meta', { _raw_params: 'flush_handlers' }],
    ['stat', { path: '/x', get_checksum: false, checksum_algorithm: 'sha256' }],
    ['debug', { var: 'x', verbosity: 2 }],
    ['template', { src: 'a.j2', dest: '/b', newline_sequence: '\\r\\n' }],
  ])('%s accepts what Ansible users write: %j', (name, args) => {
    const mod = MODULES[name as keyof typeof MODULES] as AnyModule
    expect(strict.validate(mod.schema, args)).toBe(true)
  })

  it('run-time coercion keeps an integer mode an integer (420 is 0644, not "420")', () => {
    const args: Record<string, unknown> = { path: '/x', mode: 420 }
    expect(runtime.validate(MODULES.file.schema, args)).toBe(true)
    expect(args.mode).toBe(420)
  })

  it.each<[string, Record<string, unknown>]>([
    ['file', { path: '/x', state: 'present' }],
    ['copy', { src: 'a' }],
    ['meta', { _raw_params: 'flush_handler' }],
    ['command', { cmd: 'ls', warn: false }],
    ['command', { creates: '/x', chdir: '/tmp' }],
    ['shell', { chdir: '/tmp' }],
    ['copy', { dest: '/b', mode: '0644' }],
  ])('%s rejects %j', (name, args) => {
    const mod = MODULES[name as keyof typeof MODULES] as AnyModule
    expect(strict.validate(mod.schema, args)).toBe(false)
  })
})

describe('modules never branch on check mode', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
    )
  const files = sources(here)
  it('there are module sources to check', () => {
    expect(files.length).toBeGreaterThan(10)
  })
  it.each(files.map((f) => [f.slice(here.length + 1), f]))('%s has no check-mode words', (_rel, f) => {
    const hits = readFileSync(f, 'utf8').split('\n').filter((l) => /checkMode|check_mode|isCheck|dryRun/.test(l))
    expect(hits).toEqual([])
  })
})
