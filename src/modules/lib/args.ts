/**
 * Schema fragments and argument readers shared by modules. Types follow what Ansible users
 * write: booleans as yes/no/true/false strings too, modes as strings or YAML 1.1 integers.
 * Union types (never anyOf) so that ajv's coerceTypes leaves a value alone when one type fits.
 */
import { ModuleFailure } from '../types.js'
import { SYMBOLIC_CLAUSE } from './mode.js'

export const STR = { type: 'string' } as const

/** A `{{ }}` or `{% %}` anywhere: the value is known only once rendered (then checked again). */
const TEMPLATED = '.*\\{[{%].*'
/** A case-insensitive alternative for each word: yes -> [yY][eE][sS]. */
const anyCase = (words: string[]): string =>
  words.map((w) => [...w].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('')).join('|')

/**
 * A boolean, or one of Ansible's boolean strings (yes/no, true/false, on/off, y/n, t/f, 1/0).
 * `description` is how a load-time error names what the pattern wants.
 */
export const BOOL = {
  type: ['boolean', 'string'],
  pattern: `^\\s*(?:${anyCase(['yes', 'on', '1', 'true', 'y', 't', 'no', 'off', '0', 'false', 'n', 'f'])}|)\\s*$|^${TEMPLATED}$`,
  description: 'a boolean (yes/no, true/false, on/off, 1/0)',
} as const
/** An integer, or text that templating produced. */
export const INT = { type: ['integer', 'string'] } as const
/** Octal text ('0644'), symbolic text ('u=rw,g=r'), 'preserve', or the integer YAML 1.1 makes of 0644 (420). */
export const MODE = {
  type: ['string', 'integer'],
  pattern: `^\\s*(?:(?:0o)?[0-7]{1,5}|preserve|${SYMBOLIC_CLAUSE}(?:,${SYMBOLIC_CLAUSE})*)\\s*$|^${TEMPLATED}$`,
  description: 'in octal or symbolic form',
} as const

/**
 * Arguments that may not be given together, as schema: `allOf: [{not: {required: [a, b]}}...]`.
 * The load-time error says "parameters are mutually exclusive: a|b", as Ansible does.
 */
export function exclusive(...pairs: Array<[string, string]>): { allOf: Array<{ not: { properties: Record<string, object>; required: [string, string] } }> } {
  // the properties repeat the names so that ajv's strictRequired sees them defined
  return { allOf: pairs.map((p) => ({ not: { properties: { [p[0]]: {}, [p[1]]: {} }, required: p } })) }
}
/** owner/group: a name or a numeric id. */
export const ID = { type: ['string', 'integer'] } as const

/** The owner/mode/group arguments every file-writing module accepts. */
export const FILE_ATTRS = { mode: MODE, owner: ID, group: ID } as const

const TRUE = new Set(['yes', 'on', '1', 'true', 'y', 't'])
const FALSE = new Set(['no', 'off', '0', 'false', 'n', 'f', ''])

/** Ansible's boolean conversion; anything else is a ModuleFailure naming the argument. */
export function toBool(v: unknown, name: string, def: boolean): boolean {
  if (v === undefined || v === null) return def
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  const s = String(v).trim().toLowerCase()
  if (TRUE.has(s)) return true
  if (FALSE.has(s)) return false
  throw new ModuleFailure(`argument '${name}' is of type ${typeof v} and we were unable to convert to bool: ${JSON.stringify(v)}`)
}

/** An optional text argument (numbers from YAML become text). */
export function toStr(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined
  return typeof v === 'string' ? v : String(v)
}

/** An optional integer argument. */
export function toInt(v: unknown, name: string, def: number): number {
  if (v === undefined || v === null || v === '') return def
  const n = Number(v)
  if (!Number.isInteger(n)) throw new ModuleFailure(`argument '${name}' must be an integer, got ${JSON.stringify(v)}`)
  return n
}
