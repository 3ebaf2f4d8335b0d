import { posix } from 'node:path'
import { quote } from '../../connection/quote.js'
import type { Probe } from '../types.js'

/** Quotes a path pattern for sh but leaves `*`, `?` and simple `[...]` classes to the glob. */
export function globWord(pattern: string): string {
  const parts = pattern.split(/(\*|\?|\[[A-Za-z0-9!^_.:-]+\])/)
  return parts.map((p, i) => (i % 2 === 1 ? p : p === '' ? '' : quote(p))).join('') || "''"
}

/**
 * The `creates` / `removes` guards of command and shell: one probe for both. Returns the
 * reason to do nothing, or undefined when the command should run. Relative paths are
 * taken under `chdir`, as the command module checks them after changing directory.
 */
export async function guardReason(
  probe: Probe,
  g: { creates?: string; removes?: string; chdir?: string },
): Promise<string | undefined> {
  const abs = (p: string): string => (g.chdir && !posix.isAbsolute(p) ? posix.join(g.chdir, p) : p)
  const checks: Array<[string, string]> = []
  if (g.creates) checks.push(['creates', abs(g.creates)])
  if (g.removes) checks.push(['removes', abs(g.removes)])
  if (checks.length === 0) return undefined
  // a glob matches when any expansion exists (an unmatched glob stays literal and fails -e)
  const cmd = checks
    .map(([k, p]) => `r=no; for f in ${globWord(p)}; do if [ -e "$f" ] || [ -L "$f" ]; then r=yes; break; fi; done; echo ${k}=$r`)
    .join('; ')
  const out = (await probe.exec(cmd)).stdout
  if (g.creates && out.includes('creates=yes')) return `${g.creates} exists`
  if (g.removes && out.includes('removes=no')) return `${g.removes} does not exist`
  return undefined
}
