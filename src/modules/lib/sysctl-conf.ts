/** Reading and editing sysctl.conf-format text (`key = value` lines, `#`/`;` comments). */

/** The key of a setting line, or undefined for comments and other lines (a leading `-` only marks errors as ignorable). */
function keyOf(line: string): string | undefined {
  const t = line.trim()
  if (!t || t.startsWith('#') || t.startsWith(';') || !t.includes('=')) return undefined
  return t.slice(0, t.indexOf('=')).trim().replace(/^-/, '')
}

/** The value the file gives `name` (the last line wins, as sysctl applies them in order). */
export function confValue(content: string | null, name: string): string | undefined {
  let value: string | undefined
  for (const line of (content ?? '').split('\n')) {
    if (keyOf(line) === name) value = line.slice(line.indexOf('=') + 1).trim()
  }
  return value
}

/**
 * The file with `name` set to `value` (the first line replaced in place, later ones dropped,
 * or a line appended), or with every line of `name` removed when value is undefined.
 */
export function setConf(content: string | null, name: string, value: string | undefined): string {
  const lines = content === null || content === '' ? [] : content.replace(/\n$/, '').split('\n')
  const out: string[] = []
  let done = false
  for (const line of lines) {
    if (keyOf(line) !== name) out.push(line)
    else if (value !== undefined && !done) {
      out.push(`${name}=${value}`)
      done = true
    }
  }
  if (value !== undefined && !done) out.push(`${name}=${value}`)
  return out.length ? `${out.join('\n')}\n` : ''
}
