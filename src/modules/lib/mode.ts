import { ModuleFailure } from '../types.js'

/** A requested mode: a number, or symbolic clauses applied to the current mode. */
export type ModeSpec = { kind: 'octal'; value: number } | { kind: 'symbolic'; text: string } | { kind: 'preserve' }

/** One symbolic clause (`u=rw`, `go-w`, `a+X`), as pattern text for the schema too. */
export const SYMBOLIC_CLAUSE = '[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+'
const SYMBOLIC = new RegExp(`^${SYMBOLIC_CLAUSE}$`)

/**
 * Reads a `mode` argument as Ansible does: an integer is the mode itself (YAML 1.1 turns
 * `0644` into 420 = 0o644), text of octal digits is octal ('644', '0644'), otherwise
 * symbolic (`u=rw,g=r,o=r`, `u+x`). 'preserve' is kept for copy/template.
 */
export function parseMode(v: unknown): ModeSpec | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0o7777) throw badMode(v)
    return { kind: 'octal', value: v }
  }
  const s = String(v).trim()
  if (s === 'preserve') return { kind: 'preserve' }
  if (/^(0o)?[0-7]{1,5}$/.test(s)) {
    const value = parseInt(s.replace(/^0o/, ''), 8)
    if (value > 0o7777) throw badMode(v)
    return { kind: 'octal', value }
  }
  if (s.split(',').every((c) => SYMBOLIC.test(c))) return { kind: 'symbolic', text: s }
  throw badMode(v)
}

function badMode(v: unknown): ModuleFailure {
  return new ModuleFailure(`mode must be in octal or symbolic form: ${JSON.stringify(v)}`)
}

/** Four octal digits: 420 -> '0644'. */
export function fmtMode(n: number): string {
  return n.toString(8).padStart(4, '0')
}

/** The mode a new file or directory gets under the usual umask 022. */
export function defaultMode(isDir: boolean): number {
  return isDir ? 0o755 : 0o644
}

const WHO: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007 }
const PERM_BITS = (who: string): { r: number; w: number; x: number; s: number; t: number } => ({
  r: who === 'u' ? 0o400 : who === 'g' ? 0o040 : 0o004,
  w: who === 'u' ? 0o200 : who === 'g' ? 0o020 : 0o002,
  x: who === 'u' ? 0o100 : who === 'g' ? 0o010 : 0o001,
  s: who === 'u' ? 0o4000 : who === 'g' ? 0o2000 : 0,
  t: who === 'o' ? 0o1000 : 0,
})

/**
 * Applies symbolic clauses to a mode, as chmod does except that an empty "who" means `a`
 * without umask (as Ansible does). `X` sets x for directories or when any x is already set.
 */
export function applySymbolic(text: string, current: number, isDir: boolean): number {
  let mode = current & 0o7777
  for (const clause of text.split(',')) {
    const m = /^([ugoa]*)(.*)$/.exec(clause)
    const whoText = m?.[1] || 'a'
    const whos = whoText.includes('a') ? ['u', 'g', 'o'] : [...new Set(whoText.split(''))]
    for (const op of (m?.[2] ?? '').match(/[-+=][^-+=]*/g) ?? []) {
      const sign = op[0]
      const perms = op.slice(1)
      for (const who of whos) {
        const bits = PERM_BITS(who)
        let set = 0
        if (/^[ugo]$/.test(perms)) {
          // copy another class's rwx bits (g=u)
          const src = PERM_BITS(perms)
          set = (mode & src.r ? bits.r : 0) | (mode & src.w ? bits.w : 0) | (mode & src.x ? bits.x : 0)
        } else {
          for (const p of perms) {
            if (p === 'X') set |= isDir || mode & 0o111 ? bits.x : 0
            else set |= bits[p as 'r' | 'w' | 'x' | 's' | 't']
          }
        }
        if (sign === '+') mode |= set
        else if (sign === '-') mode &= ~set
        else mode = (mode & ~(WHO[who] ?? 0)) | set
      }
    }
  }
  return mode & 0o7777
}

/**
 * The mode a path should end up with, or undefined when the mode is not managed.
 * `current` is the existing mode (undefined when the path will be created).
 */
export function wantedMode(spec: ModeSpec | undefined, current: number | undefined, isDir: boolean): number | undefined {
  if (!spec || spec.kind === 'preserve') return undefined
  if (spec.kind === 'octal') return spec.value
  return applySymbolic(spec.text, current ?? defaultMode(isDir), isDir)
}
