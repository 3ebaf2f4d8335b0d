import { readFileSync } from 'node:fs'
import { KrunError } from '../core/errors.js'
import { implicitLocalhost, LOCALHOST_NAMES } from './localhost.js'
import { parseAddress } from './ranges.js'
import type { Inventory } from './types.js'

/** Options of {@link matchHosts} and {@link selectHosts}. */
export interface PatternOptions {
  /** Reads the file of an `@file` pattern (one host or pattern per line); defaults to fs. */
  readFile?: (path: string) => string
  /** Ansible's --limit: a second pattern the result is narrowed to. */
  limit?: string | string[]
}

/** Hosts a pattern selects, plus the sub-patterns that matched no group and no host (for a warning). */
export interface Selection {
  hosts: string[]
  unmatched: string[]
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/

/**
 * Ansible's split_host_pattern: on ',' if there is one; else one pattern when the whole is a
 * valid address (so IPv6 and `web[0:2]` stay whole); else on ':' outside brackets.
 */
export function splitPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap(splitPattern)
  let parts: string[]
  if (pattern.includes(',')) parts = pattern.split(',')
  else if (parseAddress(pattern.trim())) parts = [pattern]
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []
  return parts.map((p) => p.trim()).filter(Boolean)
}

/**
 * Evaluates a host pattern the way Ansible does: unions first (in the order given), then
 * `&` intersections, then `!` exclusions, whatever order they were written in. A part is a
 * host name, a group, `all`/`*`, a glob (`web*`, `db-?`), `~regex` (matched from the start),
 * any of these with a subscript (`web[0]`, `web[-1]`, `web[0:2]` inclusive, `web[1:]`),
 * or `@file`. Hosts come out in the order the pattern produces them, each group in
 * Ansible's inventory order. `localhost` missing from the inventory selects the implicit
 * localhost (added to `inv.hosts`). Parts matching nothing are listed in `unmatched`.
 */
export function matchHosts(inv: Inventory, pattern: string | string[], opts: PatternOptions = {}): Selection {
  const unmatched: string[] = []
  let hosts = evaluate(inv, expandFiles(splitPattern(pattern), opts), unmatched)
  if (opts.limit !== undefined) {
    const allowed = new Set(evaluate(inv, expandFiles(splitPattern(opts.limit), opts), unmatched))
    hosts = hosts.filter((h) => allowed.has(h))
  }
  return { hosts, unmatched }
}

/** The hosts of {@link matchHosts}, when the caller does not warn about unmatched parts. */
export function selectHosts(inv: Inventory, pattern: string | string[], opts: PatternOptions = {}): string[] {
  return matchHosts(inv, pattern, opts).hosts
}

function expandFiles(parts: string[], opts: PatternOptions): string[] {
  const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'))
  return parts.flatMap((p) => {
    if (!p.startsWith('@')) return [p]
    let text: string
    try {
      text = read(p.slice(1))
    } catch {
      throw new KrunError('E_PATTERN_FILE', `cannot read limit file ${p.slice(1)}`)
    }
    return text.split('\n').map((l) => l.trim()).filter(Boolean)
  })
}

function evaluate(inv: Inventory, parts: string[], unmatched: string[]): string[] {
  const regular = parts.filter((p) => p[0] !== '&' && p[0] !== '!')
  const ordered = [...(regular.length ? regular : ['all']), ...parts.filter((p) => p[0] === '&'), ...parts.filter((p) => p[0] === '!')]
  let hosts: string[] = []
  for (const p of ordered) {
    if (inv.hosts.has(p)) {
      if (!hosts.includes(p)) hosts.push(p)
      continue
    }
    const that = matchOne(inv, p.replace(/^[&!]/, ''), unmatched)
    const set = new Set(that)
    if (p[0] === '!') hosts = hosts.filter((h) => !set.has(h))
    else if (p[0] === '&') hosts = hosts.filter((h) => set.has(h))
    else {
      const have = new Set(hosts)
      for (const h of that) {
        if (have.has(h)) continue
        have.add(h)
        hosts.push(h)
      }
    }
  }
  return hosts
}

function matchOne(inv: Inventory, pattern: string, unmatched: string[]): string[] {
  const sub = pattern[0] === '~' ? null : SUBSCRIPT.exec(pattern)
  const expr = sub ? sub[1]! : pattern
  const { hosts, groupMatched } = enumerate(inv, expr)
  if (!hosts.length && !groupMatched && expr !== 'all') unmatched.push(pattern)
  if (!sub) return hosts
  if (sub[2] !== undefined) {
    const i = Number(sub[2])
    const h = hosts[i < 0 ? hosts.length + i : i]
    if (h === undefined) throw new KrunError('E_PATTERN_SUBSCRIPT', `no hosts matched the subscripted pattern '${pattern}' (${hosts.length} hosts)`)
    return [h]
  }
  const start = Number(sub[3])
  const end = sub[5] ? Number(sub[5]) : -1
  if (end === 0) {
    const h = hosts[start]
    if (h === undefined) throw new KrunError('E_PATTERN_SUBSCRIPT', `no hosts matched the subscripted pattern '${pattern}' (${hosts.length} hosts)`)
    return [h]
  }
  return hosts.slice(start, end === -1 ? undefined : end + 1)
}

/** Groups matching the expression, then hosts (for globs/regexes, or when no group matched). */
function enumerate(inv: Inventory, expr: string): { hosts: string[]; groupMatched: boolean } {
  const re = compile(expr)
  const groups = inv.groupsMap()
  const matchedGroups = Object.keys(groups).filter((g) => re.test(g))
  const out: string[] = matchedGroups.flatMap((g) => groups[g] ?? [])
  if (!matchedGroups.length || expr[0] === '~' || /[.?*[]/.test(expr)) {
    for (const h of inv.hosts.keys()) if (re.test(h)) out.push(h)
  }
  if (!out.length && LOCALHOST_NAMES.includes(expr)) {
    const local = implicitLocalhost(inv, expr)
    if (local) out.push(local.name)
  }
  return { hosts: [...new Set(out)], groupMatched: matchedGroups.length > 0 }
}

/** `~regex` is a Python regex matched at the start; anything else is an fnmatch glob. */
function compile(expr: string): RegExp {
  try {
    if (expr[0] === '~') return new RegExp('^(?:' + expr.slice(1).replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>') + ')')
    return new RegExp('^' + globToRegex(expr) + '$')
  } catch {
    throw new KrunError('E_PATTERN_INVALID', `invalid host pattern: ${expr}`)
  }
}

/** Python's fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`. */
function globToRegex(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      const close = glob.indexOf(']', glob[i + 1] === '!' ? i + 3 : i + 2)
      if (close < 0) {
        out += '\\['
        continue
      }
      let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\')
      if (body.startsWith('!')) body = '^' + body.slice(1)
      else if (body.startsWith('^')) body = '\\' + body
      out += `[${body}]`
      i = close
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return out
}
