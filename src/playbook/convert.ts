import { KrunError, type SourcePos } from '../core/errors.js'
import type { Vars } from './types.js'

/** Converts keyword values to the model's types; every wrong type is E_KEYWORD_TYPE at `pos`. */
function wrong(key: string, expected: string, pos: SourcePos): KrunError {
  return new KrunError('E_KEYWORD_TYPE', `'${key}' must be ${expected}`, pos)
}

/** True for a plain mapping (not null, not a list). */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A mapping, or {} for an empty value; a list of mappings is merged (old Ansible style). */
export function toMapping(v: unknown, key: string, pos: SourcePos): Vars {
  if (v === null || v === undefined) return {}
  if (isMapping(v)) return { ...v }
  if (Array.isArray(v) && v.every(isMapping)) return Object.assign({}, ...v) as Vars
  throw wrong(key, 'a mapping', pos)
}

/** when / changed_when / failed_when / until: a string, boolean or list of them -> expressions (ANDed). */
export function toConditions(v: unknown, key: string, pos: SourcePos): string[] {
  const one = (x: unknown): string => {
    if (typeof x === 'string') return x
    if (typeof x === 'boolean' || typeof x === 'number') return String(x)
    throw wrong(key, 'a condition (string, boolean or list)', pos)
  }
  if (v === null || v === undefined) return []
  return Array.isArray(v) ? v.map(one) : [one(v)]
}

/** tags: "a", "a, b", 42, or a list of those -> distinct strings. */
export function toTags(v: unknown, pos: SourcePos): string[] {
  if (v === null || v === undefined) return []
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [v]
  return items.map((t) => {
    if (typeof t === 'string') return t.trim()
    if (typeof t === 'number') return String(t)
    throw wrong('tags', 'a string or a list of strings', pos)
  }).filter((t) => t !== '')
}

/** notify / listen: a string or a list of strings. */
export function toNames(v: unknown, key: string, pos: SourcePos): string[] {
  if (v === null || v === undefined) return []
  const items = Array.isArray(v) ? v : [v]
  return items.map((x) => {
    if (typeof x === 'string' || typeof x === 'number') return String(x)
    throw wrong(key, 'a string or a list of strings', pos)
  })
}

/** A string keyword; numbers are accepted as text. */
export function toStr(v: unknown, key: string, pos: SourcePos): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  throw wrong(key, 'a string', pos)
}

// Ansible's boolean(): BOOLEANS_TRUE / BOOLEANS_FALSE
const BOOL_TEXT: Record<string, boolean> = {
  yes: true, true: true, on: true, '1': true, y: true, t: true, no: false, false: false, off: false, '0': false, n: false, f: false,
}

/** A boolean keyword that may be templated: booleans and yes/no text become booleans, templates stay text. */
export function toBoolish(v: unknown, key: string, pos: SourcePos): boolean | string {
  if (typeof v === 'boolean') return v
  if (v === 0 || v === 1) return v === 1
  if (typeof v === 'string') {
    const b = BOOL_TEXT[v.trim().toLowerCase()]
    if (b !== undefined) return b
    // Ansible converts strictly: text that is neither yes/no nor a template is a mistake
    if (/\{\{|\{%/.test(v)) return v
    throw new KrunError('E_KEYWORD_TYPE', `'${key}' must be a boolean (yes/no, true/false) or a template, got '${v}'`, pos)
  }
  throw wrong(key, 'a boolean or a template', pos)
}

/** A boolean keyword that cannot be templated. */
export function toBool(v: unknown, key: string, pos: SourcePos): boolean {
  const b = toBoolish(v, key, pos)
  if (typeof b !== 'boolean') throw wrong(key, 'true or false', pos)
  return b
}

/** retries / delay: a number or a template. */
export function toNumberish(v: unknown, key: string, pos: SourcePos): number | string {
  if (typeof v === 'number') return v
  if (typeof v === 'string') return /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v
  throw wrong(key, 'a number', pos)
}

/** environment: a mapping, a list of mappings (merged) or a template. */
export function toEnvironment(v: unknown, pos: SourcePos): Vars | string {
  if (typeof v === 'string') return v
  return toMapping(v, 'environment', pos)
}
