/**
 * lineinfile's edit of a file's lines, step for step as Ansible's module does it (including
 * its quirks: a regexp match is replaced even when only its line ending differs, the last
 * match wins unless firstmatch). Lines are binary strings with their line endings.
 */
import { pyTemplate } from './py-template.js'
import { stripEol } from './text-lines.js'

/** What a present/absent edit is asked to do; patterns already compiled. */
export interface LineSpec {
  line: string
  regexp?: RegExp
  /** Expand `\1`, `\g<name>` in `line` from the regexp's match (only once there is one, as Python's match.expand). */
  backrefs?: boolean
  search?: string
  /** 'BOF', 'EOF', or a pattern (compiled into insertRe). */
  insertafter?: string
  insertbefore?: string
  insertRe?: RegExp
  firstmatch: boolean
}

/** The lines after the edit, and Ansible's message: '' when nothing changed. */
export interface LineEdit {
  lines: string[]
  msg: string
  /** Why nothing changed (for the no-op reason). */
  why: string
  found?: number
}

const EOL = '\n'

/** state=present. */
export function presentLine(input: string[], s: LineSpec): LineEdit {
  const lines = [...input]
  let index0 = -1
  let index1 = -1
  let match: RegExpExecArray | boolean | undefined
  const added = (): LineEdit => ({ lines, msg: 'line added', why: '' })
  const already: LineEdit = { lines, msg: '', why: 'line already present' }
  // 1. the regexp or search_string decides which line to replace (the last one, or the first)
  for (let i = 0; i < lines.length && (s.regexp || s.search !== undefined); i++) {
    const cur = lines[i] ?? ''
    const m = s.regexp ? s.regexp.exec(cur) : cur.includes(s.search ?? '')
    if (m) {
      index0 = i
      match = m
      if (s.firstmatch) break
    }
  }
  // 2. no match: look for the line itself, and for where insertafter/insertbefore point
  if (!match) {
    for (let i = 0; i < lines.length; i++) {
      const cur = lines[i] ?? ''
      if (s.line === stripEol(cur)) index0 = i
      else if (s.insertRe?.test(cur)) {
        // truthiness as in Ansible: an empty insertafter sets nothing
        if (s.insertafter) {
          index1 = i + 1
          if (s.firstmatch) break
        }
        if (s.insertbefore) {
          index1 = i
          if (s.firstmatch) break
        }
      }
    }
  }
  if (index0 !== -1) {
    const expanded = s.backrefs && s.regexp && typeof match === 'object' ? pyTemplate(s.line, s.regexp, 'line').expand(match) : s.line
    const next = expanded.endsWith(EOL) ? expanded : expanded + EOL
    if (lines[index0] === next) return already
    lines[index0] = next
    return { lines, msg: 'line replaced', why: '' }
  }
  // backrefs without a match: nothing is safe to write
  if (s.backrefs) return { lines, msg: '', why: 'regexp matched no line; backrefs: nothing to change' }
  const newLine = s.line + EOL
  if (s.insertbefore === 'BOF' || s.insertafter === 'BOF') {
    lines.unshift(newLine)
    return added()
  }
  if (s.insertafter === 'EOF' || index1 === -1) {
    // a last line without a newline gets a separate one first
    if (lines.length > 0 && !/[\r\n]$/.test(lines[lines.length - 1] ?? '')) lines.push(EOL)
    lines.push(newLine)
    return added()
  }
  if (s.insertafter) {
    // not inserted when the line is already right there
    if (index1 === lines.length) {
      if (stripEol(lines[index1 - 1] ?? '') === s.line) return already
      lines.push(newLine)
      return added()
    }
    if (stripEol(lines[index1] ?? '') === s.line) return already
  }
  lines.splice(index1, 0, newLine)
  return added()
}

/** state=absent: every line that matches goes. */
export function absentLines(input: string[], s: Pick<LineSpec, 'regexp' | 'search'> & { line?: string }): LineEdit {
  const kept: string[] = []
  let found = 0
  for (const cur of input) {
    const hit = s.regexp ? s.regexp.test(cur) : s.search !== undefined ? cur.includes(s.search) : stripEol(cur) === s.line
    if (hit) found++
    else kept.push(cur)
  }
  return { lines: kept, found, msg: found > 0 ? `${found} line(s) removed` : '', why: 'no line matches' }
}
