/** Python `re` patterns and replacements, translated to JavaScript RegExp. */
import { templateError } from './args.js'

/** Flags from Ansible's keyword arguments (ignorecase, multiline). */
export function reFlags(kw: Record<string, unknown>, global: boolean): string {
  return `${global ? 'g' : ''}${kw.ignorecase ? 'i' : ''}${kw.multiline ? 'm' : ''}u`
}

/** Compiles a Python pattern: named groups `(?P<n>...)`, `(?P=n)`, `\A`, `\Z`, inline `(?i)`. */
export function pyRegex(pattern: unknown, flags: string): RegExp {
  let src = String(pattern)
  let f = flags
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src)
  if (inline?.[1]) {
    src = src.slice(inline[0].length)
    for (const ch of inline[1]) if ('ims'.includes(ch) && !f.includes(ch)) f += ch
  }
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$')
  try {
    return new RegExp(src, f)
  } catch {
    try {
      // the u flag rejects some escapes Python accepts (\-, \ ); retry without it
      return new RegExp(src, f.replace('u', ''))
    } catch (e) {
      throw templateError(`invalid regular expression ${JSON.stringify(String(pattern))}: ${(e as Error).message}`)
    }
  }
}

/** A Python re.sub replacement (`\1`, `\g<1>`, `\g<name>`) as a JavaScript replacement string. */
export function pyReplacement(repl: unknown): string {
  return String(repl)
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\d+)>/g, '$$$1')
    .replace(/\\g<(\w+)>/g, '$$<$1>')
    .replace(/\\(\d{1,2})/g, '$$$1')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\\\/g, '\\')
}

/** The groups named by regex_search's extra arguments: `'\\1'` or `'\\g<name>'`. */
export function groupRefs(m: RegExpExecArray, refs: unknown[]): unknown[] {
  return refs.map((r) => {
    const s = String(r)
    const num = /^\\(\d+)$/.exec(s) ?? /^\\g<(\d+)>$/.exec(s)
    if (num) return m[Number(num[1])] ?? null
    const named = /^\\g<(\w+)>$/.exec(s)
    if (named?.[1]) return m.groups?.[named[1]] ?? null
    throw templateError(`regex_search: unknown group reference ${JSON.stringify(s)}`)
  })
}
