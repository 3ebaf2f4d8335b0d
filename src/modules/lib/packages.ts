/**
 * What apt, dnf and package share: the name list (a YAML list or a comma string), the states
 * Ansible users write, `name=version` specs, and the pseudo-file diff of a package change.
 */
import { ModuleFailure, type FileDiff } from '../types.js'

/** Ansible's states, with the aliases its package modules accept. */
export const PKG_STATES = ['present', 'installed', 'absent', 'removed', 'latest'] as const

/** A package-list argument: one name, a comma-separated string, or a list. */
export const PKG_NAMES = { type: ['string', 'array'], items: { type: 'string' } } as const

/** The three states a package plan knows. */
export type PkgState = 'present' | 'absent' | 'latest'

/** The canonical state for what the user wrote (default present). */
export function pkgState(s: string | undefined): PkgState {
  if (s === 'absent' || s === 'removed') return 'absent'
  return s === 'latest' ? 'latest' : 'present'
}

/** One requested package: its name and, when pinned, the version (a trailing `*` matches a prefix). */
export interface PkgSpec {
  name: string
  version?: string
  /** As the user wrote it: what the install command gets. */
  raw: string
}

/** The names of a list or comma-separated string, trimmed, empties dropped. */
export function pkgList(v: unknown): string[] {
  if (v === undefined || v === null) return []
  const items = Array.isArray(v) ? v.map(String) : String(v).split(',')
  return items.map((s) => s.trim()).filter(Boolean)
}

/**
 * Parses `name` or `name<sep>version` and checks it against `nameRe`: a package name never
 * reaches a command line unless it looks like one.
 */
export function pkgSpec(raw: string, sep: string, nameRe: RegExp, mod: string): PkgSpec {
  const i = sep ? raw.indexOf(sep) : -1
  const name = i > 0 ? raw.slice(0, i) : raw
  const version = i > 0 ? raw.slice(i + sep.length) : undefined
  if (!nameRe.test(name)) throw new ModuleFailure(`${mod}: invalid package name '${name}'`)
  if (version !== undefined && !/^[A-Za-z0-9.+~:_-]+\*?$/.test(version)) throw new ModuleFailure(`${mod}: invalid version '${version}' for ${name}`)
  return version === undefined ? { name, raw } : { name, version, raw }
}

/** True when an installed version satisfies a pinned one (exact, or a prefix before `*`). */
export function versionMatches(installed: string, want: string | undefined): boolean {
  if (want === undefined) return true
  return want.endsWith('*') ? installed.startsWith(want.slice(0, -1)) : installed === want
}

/** A line of the package pseudo-file: `name version`, or the bare name when the version is unknown. */
export function pkgLine(name: string, version?: string | null): string {
  return version ? `${name} ${version}` : name
}

/**
 * The pseudo-file diff of a package plan (path `apt`, `dnf`...): the lines of what changes only,
 * so --diff prints `+name` for an install, `-name version` for a removal, both for an upgrade.
 */
export function pkgDiff(path: string, before: string[], after: string[]): FileDiff {
  const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join('')
  return { path, before: text(before), after: text(after) }
}

/** "a 1.0 is installed" / "3 packages are installed: a 1.0, b, c 2" */
export function pkgSummary(lines: string[], one: string, many: string): string {
  return lines.length === 1 ? `${lines[0]} ${one}` : `${lines.length} packages ${many}: ${lines.join(', ')}`
}

/** The line an upgrade command prints when the installed versions did not move. */
export const UNCHANGED_LINE = 'krun: installed versions unchanged'

/**
 * `upgrade` made to say whether it changed anything: `versions` (a read-only query of the
 * installed versions) runs before and after it, and UNCHANGED_LINE is printed when both agree.
 * The upgrade's own exit code is kept when it fails.
 */
export function upgradeReporting(upgrade: string, versions: string): string {
  return `krun_v=$(${versions}); { ${upgrade}; } || exit $?; [ "$krun_v" != "$(${versions})" ] || echo '${UNCHANGED_LINE}'`
}
