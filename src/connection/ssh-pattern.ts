/**
 * OpenSSH host patterns, shared by known_hosts and ssh_config: `*` and `?` wildcards,
 * comma (known_hosts) or space (ssh_config) separated lists, `!negation`.
 */

/** True when `name` matches one wildcard pattern (case-insensitive, as OpenSSH does for hosts). */
export function matchPattern(name: string, pattern: string): boolean {
  const re = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`).test(name.toLowerCase())
}

/**
 * Matches a list of patterns the way OpenSSH's match_pattern_list does: true when some
 * positive pattern matches and no negated one does (a negated match always wins).
 */
export function matchPatternList(name: string, patterns: readonly string[]): boolean {
  let positive = false
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(name, p.slice(1))) return false
    } else if (matchPattern(name, p)) {
      positive = true
    }
  }
  return positive
}
