/**
 * Test support for this folder (not used by krun itself): a small fake module registry and
 * fixture directories written to fresh temporary folders.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { AnyModule } from '../modules/types.js'

const plan = async () => ({ changed: false as const, noop: 'fake' })
const str = { type: 'string' }

/** Module schemas shaped like krun's real ones, for loader tests. */
export const FAKE_MODULES: Record<string, AnyModule> = {
  copy: {
    name: 'copy',
    schema: {
      type: 'object',
      properties: { src: str, dest: str, content: str, mode: { type: ['string', 'integer'] }, force: { type: 'boolean' }, backup: { type: 'boolean' } },
      required: ['dest'],
      additionalProperties: false,
    },
    plan,
  },
  file: {
    name: 'file',
    schema: {
      type: 'object',
      properties: { path: str, state: { enum: ['file', 'directory', 'link', 'absent', 'touch'] }, mode: { anyOf: [str, { type: 'integer' }] } },
      required: ['path'],
      additionalProperties: false,
    },
    plan,
  },
  shell: {
    name: 'shell',
    freeForm: 'cmd',
    schema: { type: 'object', properties: { cmd: str, chdir: str, creates: str, removes: str }, required: ['cmd'], additionalProperties: false },
    plan,
  },
  command: {
    name: 'command',
    freeForm: 'cmd',
    schema: { type: 'object', properties: { cmd: str, argv: { type: 'array', items: str }, creates: str }, additionalProperties: false },
    plan,
  },
  debug: {
    name: 'debug',
    local: true,
    schema: { type: 'object', properties: { msg: {}, var: str, verbosity: { type: 'integer' } }, additionalProperties: false },
    plan,
  },
  service: {
    name: 'service',
    aliases: ['systemd'],
    schema: { type: 'object', properties: { name: str, state: { enum: ['started', 'stopped', 'restarted', 'reloaded'] }, enabled: { type: 'boolean' } }, required: ['name'], additionalProperties: false },
    plan,
  },
  set_fact: { name: 'set_fact', local: true, schema: { type: 'object' }, plan },
}

const roots: string[] = []

/** Removes every fixture directory made so far (test files call it in afterAll). */
export function removeFixtures(): void {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true })
}

/** Writes `files` (relative path -> content) under a fresh temporary directory and returns it. */
export function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'krun-pb-'))
  roots.push(root)
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), { recursive: true })
    writeFileSync(p, content)
  }
  return root
}
