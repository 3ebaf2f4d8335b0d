const ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '',
}

/**
 * Reads one Python string literal whose quote (', ", ''' or """) is at `start`; `raw` for an
 * r-prefix. Returns the text and the index after the closing quote, or undefined when the
 * literal is not valid Python (unterminated, newline in a short string, bad \x/\u escape).
 */
export function readPyString(s: string, start: number, raw: boolean): { text: string; next: number } | undefined {
  const first = s[start]
  if (first !== '"' && first !== "'") return undefined
  const q = s.startsWith(first.repeat(3), start) ? first.repeat(3) : first
  let i = start + q.length
  let text = ''
  while (i < s.length) {
    if (s.startsWith(q, i)) return { text, next: i + q.length }
    const c = s[i++]!
    if (c === '\n' && q.length === 1) return undefined
    if (c !== '\\') {
      text += c
      continue
    }
    const e = s[i++]
    if (e === undefined) return undefined
    if (raw) {
      text += '\\' + e // a raw string keeps the backslash, yet \' still does not end it
      continue
    }
    const esc = escape(s, i, e)
    if (!esc) return undefined
    text += esc.text
    i = esc.next
  }
  return undefined
}

/** The character of `\e` (after which the text continues at i). */
function escape(s: string, i: number, e: string): { text: string; next: number } | undefined {
  const simple = ESCAPES[e]
  if (simple !== undefined) return { text: simple, next: i }
  if (/[0-7]/.test(e)) {
    const more = /^[0-7]{0,2}/.exec(s.slice(i))![0]
    return { text: String.fromCodePoint(parseInt(e + more, 8)), next: i + more.length }
  }
  const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0
  // Python keeps unknown escapes as written
  if (width === 0) return { text: '\\' + e, next: i }
  const hex = s.slice(i, i + width)
  if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return undefined
  const code = parseInt(hex, 16)
  if (code > 0x10ffff) return undefined
  return { text: String.fromCodePoint(code), next: i + width }
}
