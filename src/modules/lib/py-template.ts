/**
 * Python replacement templates (`re.sub`, `match.expand`): `\1`, `\g<1>`, `\g<name>`,
 * `\n` and the other escapes, octal `\0` and `\123`. JS's `$1` has no meaning here, as in Python.
 */
import { ModuleFailure } from '../types.js'

type Part = string | { group: number | string }

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }
const OCT = /[0-7]/
const DIGIT = /[0-9]/

/** Splits a template into literal text and group references (Python's parse_template). */
function parse(tpl: string, what: string): Part[] {
  const parts: Part[] = []
  let lit = ''
  const bad = (why: string): never => {
    throw new ModuleFailure(`${what}: ${why} in ${JSON.stringify(tpl)}`)
  }
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i] ?? ''
    if (c !== '\\') {
      lit += c
      continue
    }
    const n = tpl[i + 1] ?? bad('bad escape (end of pattern)')
    let ref: number | string | undefined
    if (n === 'g') {
      const m = /^<([^>]*)>/.exec(tpl.slice(i + 2))
      if (!m) bad('missing group name after \\g')
      const name = m?.[1] ?? ''
      if (/^\d+$/.test(name)) ref = Number(name)
      else if (/^[A-Za-z_]\w*$/.test(name)) ref = name
      else bad(`bad character in group name '${name}'`)
      i += 2 + (m?.[0].length ?? 0) - 1
    } else if (n === '0') {
      // \0 then up to two more octal digits: a byte
      let j = i + 2
      while (j < i + 4 && OCT.test(tpl[j] ?? '')) j++
      lit += String.fromCharCode(parseInt(tpl.slice(i + 1, j), 8))
      i = j - 1
    } else if (DIGIT.test(n)) {
      const two = DIGIT.test(tpl[i + 2] ?? '')
      if (two && OCT.test(n) && OCT.test(tpl[i + 2] ?? '') && OCT.test(tpl[i + 3] ?? '')) {
        const v = parseInt(tpl.slice(i + 1, i + 4), 8)
        if (v > 0o377) bad(`octal escape value \\${tpl.slice(i + 1, i + 4)} outside of range 0-0o377`)
        lit += String.fromCharCode(v)
        i += 3
        continue
      }
      ref = Number(tpl.slice(i + 1, i + (two ? 3 : 2)))
      i += two ? 2 : 1
    } else if (ESCAPES[n] !== undefined) {
      lit += ESCAPES[n]
      i++
    } else if (/[A-Za-z]/.test(n)) {
      bad(`bad escape \\${n}`)
    } else {
      // unknown escapes of punctuation keep their backslash
      lit += `\\${n}`
      i++
    }
    if (ref !== undefined) {
      if (lit) parts.push(lit)
      lit = ''
      parts.push({ group: ref })
    }
  }
  if (lit) parts.push(lit)
  return parts
}

/** A parsed template, checked against the groups of the regexp it expands for. */
export interface PyTemplate {
  expand(m: RegExpExecArray): string
}

/** Parses `tpl` for `re`: a reference to a group `re` does not have fails now, as Python's does. */
export function pyTemplate(tpl: string, re: RegExp, what: string): PyTemplate {
  const parts = parse(tpl, what)
  // an empty alternative matches '', which reveals how many groups the pattern has
  const probe = new RegExp(`${re.source}|`).exec('')
  const count = (probe?.length ?? 1) - 1
  const names = Object.keys(probe?.groups ?? {})
  for (const p of parts) {
    if (typeof p === 'string') continue
    if (typeof p.group === 'number' && p.group > count) throw new ModuleFailure(`${what}: invalid group reference ${p.group}`)
    if (typeof p.group === 'string' && !names.includes(p.group)) throw new ModuleFailure(`${what}: unknown group name '${p.group}'`)
  }
  return {
    // a group that did not take part in the match expands to '' (Python 3.5+)
    expand: (m) => parts.map((p) => (typeof p === 'string' ? p : ((typeof p.group === 'number' ? m[p.group] : m.groups?.[p.group]) ?? ''))).join(''),
  }
}

/** Python's re.subn: every match of `re` (a `g` regexp) in text replaced by the template. */
export function pySubn(re: RegExp, tpl: PyTemplate, text: string): { text: string; count: number } {
  let out = ''
  let last = 0
  let count = 0
  for (const m of text.matchAll(re)) {
    out += text.slice(last, m.index) + tpl.expand(m)
    last = m.index + m[0].length
    count++
  }
  return { text: out + text.slice(last), count }
}
