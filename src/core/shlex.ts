/**
 * Python's `shlex.split` (POSIX mode), which Ansible uses both to cut an INI host line into
 * words (`comments: true`) and to split a `command:` line into argv: quotes group and are
 * removed, a backslash outside quotes escapes the next character, nothing is expanded.
 * Throws an Error with Python's message on an unclosed quote or a trailing backslash.
 */
export function shlexSplit(line: string, opts: { comments?: boolean } = {}): string[] {
  const tokens: string[] = []
  let token = ''
  let inToken = false // true once a word (possibly an empty quoted one) has started
  let i = 0
  while (i < line.length) {
    const c = line[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) tokens.push(token)
      token = ''
      inToken = false
      i++
    } else if (c === '#' && opts.comments) {
      break
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('No escaped character')
      token += line[i + 1]
      inToken = true
      i += 2
    } else if (c === "'" || c === '"') {
      const end = readQuoted(line, i)
      token += end.text
      inToken = true
      i = end.next
    } else {
      token += c
      inToken = true
      i++
    }
  }
  if (inToken) tokens.push(token)
  return tokens
}

/** Reads a quoted span starting at the quote; in "..." a backslash escapes only `\` and `"`. */
function readQuoted(line: string, start: number): { text: string; next: number } {
  const q = line[start]!
  let text = ''
  let i = start + 1
  while (i < line.length) {
    const c = line[i]!
    if (c === q) return { text, next: i + 1 }
    if (q === '"' && c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
      text += line[i + 1]
      i += 2
      continue
    }
    text += c
    i++
  }
  throw new Error('No closing quotation')
}
