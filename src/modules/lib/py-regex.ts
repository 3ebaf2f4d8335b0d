/**
 * Python `re` patterns in JavaScript, with the semantics Ansible's text modules rely on.
 * Patterns run on "binary strings" (one char per byte, see text-lines.ts), as Ansible's
 * lineinfile and blockinfile match bytes. No JS flag `m` or `s` is ever set: `^`, `$` and
 * `.` are rewritten to Python's meaning (`$` also matches before a final newline; `.` matches
 * `\r`; MULTILINE `^`/`$` stop at `\n` only).
 */
import { ModuleFailure } from '../types.js'

/** Python compile flags a caller sets (replace: MULTILINE; its before/after: DOTALL). */
export interface PyFlags {
  multiline?: boolean
  dotAll?: boolean
}

/** A compiled pattern: `re` has no `g` flag; `multiline` says whether MULTILINE ended up on (`(?m)`). */
export interface PyRegex {
  re: RegExp
  multiline: boolean
}

// Python's \s for bytes patterns; JS \s would also match 0xA0, a UTF-8 continuation byte
const WS = ' \\t\\n\\r\\f\\v'
const LEADING_FLAGS = /^\(\?([aiLmsux]+)\)/

/** Reads a character class starting at `i` (the `[`): Python allows `]` first as a literal. */
function readClass(src: string, i: number): { text: string; end: number } {
  let j = i + 1
  let out = '['
  if (src[j] === '^') out += src[j++]
  if (src[j] === ']') {
    out += '\\]'
    j++
  }
  while (j < src.length && src[j] !== ']') {
    if (src[j] === '\\') {
      const n = src[j + 1] ?? ''
      out += n === 's' ? WS : `\\${n}`
      j += 2
    } else out += src[j++]
  }
  if (j >= src.length) throw new Error('unterminated character set')
  return { text: `${out}]`, end: j + 1 }
}

/** Translates the pattern text; throws a plain Error with Python's wording on what JS cannot take. */
function translate(src: string, f: Required<PyFlags> & { verbose: boolean }): string {
  let out = ''
  let i = 0
  while (i < src.length) {
    const c = src[i] ?? ''
    const rest = src.slice(i)
    if (c === '\\') {
      const n = src[i + 1]
      if (n === undefined) throw new Error('bad escape (end of pattern)')
      const map: Record<string, string> = { A: '^', Z: '$', s: `[${WS}]`, S: `[^${WS}]` }
      out += map[n] ?? `\\${n}`
      i += 2
    } else if (c === '[') {
      const r = readClass(src, i)
      out += r.text
      i = r.end
    } else if (rest.startsWith('(?P<')) {
      out += '(?<'
      i += 4
    } else if (rest.startsWith('(?P=')) {
      const end = src.indexOf(')', i)
      if (end < 0) throw new Error('missing ), unterminated name')
      out += `\\k<${src.slice(i + 4, end)}>`
      i = end + 1
    } else if (rest.startsWith('(?#')) {
      const end = src.indexOf(')', i)
      if (end < 0) throw new Error('missing ), unterminated comment')
      i = end + 1
    } else if (/^\(\?[aiLmsux-]+[:)]/.test(rest)) {
      throw new Error('inline flags are supported only at the start of the expression, as (?i) (?m) (?s) (?x)')
    } else if (f.verbose && /\s/.test(c)) {
      i++
    } else if (f.verbose && c === '#') {
      const nl = src.indexOf('\n', i)
      i = nl < 0 ? src.length : nl + 1
    } else if (c === '{' && /^\{,\d+\}/.test(rest)) {
      // Python's {,n} is {0,n}; JS would read it as literal text
      out += '{0,'
      i += 2
    } else {
      const map: Record<string, string> = {
        '.': f.dotAll ? '[\\s\\S]' : '[^\\n]',
        '^': f.multiline ? '(?:^|(?<=\\n))' : '^',
        $: f.multiline ? '(?=\\n|$)' : '(?=\\n?$)',
      }
      out += map[c] ?? c
      i++
    }
  }
  return out
}

/**
 * Compiles a Python regular expression. `what` names the argument in the error: a pattern
 * JS cannot run the Python way is a ModuleFailure, never a silent difference.
 */
export function pyRegex(pattern: string, what: string, flags: PyFlags = {}): PyRegex {
  const f = { multiline: !!flags.multiline, dotAll: !!flags.dotAll, verbose: false, ignoreCase: false }
  let src = pattern
  for (let m = LEADING_FLAGS.exec(src); m; m = LEADING_FLAGS.exec(src)) {
    for (const ch of m[1] ?? '') {
      if (ch === 'i') f.ignoreCase = true
      else if (ch === 'm') f.multiline = true
      else if (ch === 's') f.dotAll = true
      else if (ch === 'x') f.verbose = true
      else if (ch === 'L') throw new ModuleFailure(`${what}: the (?L) flag is not supported: ${pattern}`)
    }
    src = src.slice(m[0].length)
  }
  try {
    return { re: new RegExp(translate(src, f), f.ignoreCase ? 'i' : ''), multiline: f.multiline }
  } catch (e) {
    const why = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')
    throw new ModuleFailure(`${what} is not a valid regular expression: ${pattern}: ${why}`)
  }
}

/** The same pattern with the `g` flag, for substitutions. */
export function globalOf(r: PyRegex): RegExp {
  return new RegExp(r.re.source, `${r.re.flags}g`)
}
