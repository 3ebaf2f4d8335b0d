/**
 * One probe command made of several read-only parts, so that a plan reads everything it
 * needs in one round trip. Each part's output is separated by a marker line.
 */
export const SECTION_MARK = '@@krun-section'

/** What goes between two parts: a newline first, since a part's output may not end with one. */
export const SECTION_GLUE = `; printf '\\n${SECTION_MARK}\\n'; `

/** Joins sh command parts into one command line (each part built with connection/quote.ts). */
export function joinSections(parts: readonly string[]): string {
  return parts.join(SECTION_GLUE)
}

/** Splits a joined command's stdout into the parts' outputs (missing parts are ''). */
export function splitSections(stdout: string, count: number): string[] {
  const out = stdout.split(`\n${SECTION_MARK}\n`)
  while (out.length < count) out.push('')
  return out
}

/** Prints the path of each of these programs the target has (dash's `command -v` takes one name). */
export function toolsCommand(names: readonly string[]): string {
  return `for t in ${names.join(' ')}; do command -v "$t" || :; done`
}

/** The programs of `names` that toolsCommand's output lists. */
export function foundTools(out: string, names: readonly string[]): string[] {
  const seen = new Set(out.split('\n').map((l) => l.trim().split('/').pop()))
  return names.filter((n) => seen.has(n))
}
