/**
 * Lookup plugins, run on the controller: file, env, template, pipe, lines, vars, first_found,
 * items, dict. Relative paths are searched as Ansible does: `<base>/files/<name>` (or
 * `templates/` for lookup('template')), then `<base>/<name>`, for each base of the search
 * paths, then the name as given.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { KrunError } from '../core/errors.js'
import { isDict, pyStr, truthy } from './python.js'
import type { Scope } from './types.js'

/** What a lookup may use besides its terms. */
export interface LookupContext {
  scope: Scope
  /** Base directories for relative paths, most specific first (role, then playbook). */
  searchPaths: string[]
  /** Renders a template source against a scope (lookup('template')). */
  renderTemplate(source: string, name: string, scope: Scope, searchPaths: string[]): string
}

/** A lookup plugin: terms and keyword options in, a list out (lookup() joins it, query() keeps it). */
export type LookupFn = (terms: unknown[], kwargs: Record<string, unknown>, ctx: LookupContext) => unknown[]

/** A lookup failure, naming the lookup. */
export function lookupError(name: string, message: string): KrunError {
  return new KrunError('E_LOOKUP', `lookup('${name}'): ${message}`)
}

/** Resolves a controller path through the search paths (`subdir` first in each), or null. */
export function findFile(name: string, searchPaths: readonly string[], subdir: string): string | null {
  if (isAbsolute(name)) return existsSync(name) ? name : null
  for (const base of searchPaths) {
    for (const p of [join(base, subdir, name), join(base, name)]) if (existsSync(p)) return p
  }
  return existsSync(name) ? name : null
}

function readFound(name: string, ctx: LookupContext, subdir: string, lookup: string): [string, string] {
  const path = findFile(name, ctx.searchPaths, subdir)
  if (!path) throw lookupError(lookup, `could not locate file in lookup: ${name}`)
  try {
    return [path, readFileSync(path, 'utf8')]
  } catch (e) {
    throw lookupError(lookup, `could not read ${path}: ${(e as Error).message}`)
  }
}

function run(cmd: string, lookup: string): string {
  try {
    return execFileSync('/bin/sh', ['-c', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    const err = e as { status?: number; stderr?: string }
    throw lookupError(lookup, `command ${JSON.stringify(cmd)} returned ${err.status ?? '?'}: ${String(err.stderr ?? '').trim()}`)
  }
}

/** first_found terms: names, lists of names, or {files, paths} dicts. */
function candidates(terms: unknown[], kw: Record<string, unknown>): string[] {
  const split = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(split) : String(v).split(/[,;]/).map((s) => s.trim()).filter(Boolean))
  const expand = (files: string[], paths: string[]) => (paths.length ? paths.flatMap((p) => files.map((f) => join(p, f))) : files)
  const out: string[] = []
  for (const t of terms.flat()) {
    if (isDict(t)) out.push(...expand(split(t.files ?? []), split(t.paths ?? [])))
    else out.push(...expand([pyStr(t)], split(kw.paths ?? [])))
  }
  if (kw.files !== undefined) out.push(...expand(split(kw.files), split(kw.paths ?? [])))
  return out
}

/** The lookups krun ships, by short name. */
export const LOOKUPS: Record<string, LookupFn> = {
  file: (terms, kw, ctx) =>
    terms.map((t) => {
      let text = readFound(pyStr(t), ctx, 'files', 'file')[1]
      if (kw.rstrip === undefined || truthy(kw.rstrip)) text = text.trimEnd()
      return truthy(kw.lstrip) ? text.trimStart() : text
    }),
  env: (terms, kw) => terms.map((t) => process.env[pyStr(t)] ?? (kw.default === undefined ? '' : kw.default)),
  template: (terms, _kw, ctx) =>
    terms.map((t) => {
      const [path, src] = readFound(pyStr(t), ctx, 'templates', 'template')
      return ctx.renderTemplate(src, path, ctx.scope, ctx.searchPaths)
    }),
  pipe: (terms) => terms.map((t) => run(pyStr(t), 'pipe').trimEnd()),
  lines: (terms) => terms.flatMap((t) => run(pyStr(t), 'lines').split('\n').filter((l, i, a) => l !== '' || i < a.length - 1)),
  vars: (terms, kw, ctx) =>
    terms.map((t) => {
      const name = pyStr(t)
      if (name in ctx.scope) return ctx.scope[name]
      if ('default' in kw) return kw.default
      throw new KrunError('E_UNDEFINED', `No variable found with this name: ${name}`)
    }),
  first_found: (terms, kw, ctx) => {
    for (const c of candidates(terms, kw)) {
      const found = findFile(c, ctx.searchPaths, 'files')
      if (found) return [found]
    }
    if (truthy(kw.skip)) return []
    throw lookupError('first_found', 'No file was found when using first_found.')
  },
  items: (terms) => terms.flat(),
  list: (terms) => terms,
  dict: (terms) => terms.flatMap((t) => (isDict(t) ? Object.keys(t).map((k) => ({ key: k, value: t[k] })) : [])),
}
