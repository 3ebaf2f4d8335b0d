import { parseArgs } from 'node:util'
import { KrunError } from '../core/errors.js'

/** Options shared by `krun PLAYBOOK` and `krun adhoc`, spelled as ansible-playbook spells them. */
export const RUN_OPTIONS = {
  inventory: { type: 'string', short: 'i', multiple: true },
  limit: { type: 'string', short: 'l' },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  tags: { type: 'string', short: 't', multiple: true },
  'skip-tags': { type: 'string', multiple: true },
  forks: { type: 'string', short: 'f' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  user: { type: 'string', short: 'u' },
  'private-key': { type: 'string' },
  'key-file': { type: 'string' },
  become: { type: 'boolean', short: 'b' },
  'become-user': { type: 'string' },
  'ask-become-pass': { type: 'boolean', short: 'K' },
  'ask-pass': { type: 'boolean', short: 'k' },
  timeout: { type: 'string', short: 'T' },
  'accept-new-host-keys': { type: 'boolean' },
  'force-handlers': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

export const PLAYBOOK_OPTIONS = {
  ...RUN_OPTIONS,
  'list-hosts': { type: 'boolean' },
  'list-tasks': { type: 'boolean' },
  'list-tags': { type: 'boolean' },
  'syntax-check': { type: 'boolean' },
  'start-at-task': { type: 'string' },
  step: { type: 'boolean' },
} as const

export const ADHOC_OPTIONS = {
  ...RUN_OPTIONS,
  'module-name': { type: 'string', short: 'm' },
  args: { type: 'string', short: 'a' },
  'list-hosts': { type: 'boolean' },
  'one-line': { type: 'boolean', short: 'o' },
} as const

type Spec = Parameters<typeof parseArgs>[0] extends infer C ? C extends { options?: infer O } ? O : never : never

/** node:util parseArgs with usage errors turned into KrunErrors (exit 1, one line). */
export function parse<O extends Spec>(argv: string[], options: O): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
    return { values: r.values as Record<string, unknown>, positionals: r.positionals }
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e)
    throw new KrunError('E_USAGE', `${msg} (see krun --help)`)
  }
}

/** `--tags a,b --tags c` -> ['a','b','c']. */
export function listOpt(v: unknown): string[] {
  return ((v as string[] | undefined) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)
}

/** A positive integer option, or a usage error naming it. */
export function intOpt(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new KrunError('E_USAGE', `--${name} must be a positive integer, got '${String(v)}'`)
  return n
}
