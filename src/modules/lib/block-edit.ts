/**
 * blockinfile's edit, step for step as Ansible's module does it: the block sits between two
 * marker lines; found markers are replaced in place, else the block goes after the last line
 * insertafter matches (or before the last insertbefore match), or at EOF/BOF. Binary strings.
 */
import type { PyRegex } from './py-regex.js'
import { splitLinesKeep } from './text-lines.js'

/** What a blockinfile task asks for; patterns already compiled. */
export interface BlockSpec {
  present: boolean
  block: string
  /** The marker lines without their newline. */
  begin: string
  end: string
  /** 'EOF', 'BOF', or a pattern (compiled into insertRe); insertafter wins when both are set. */
  insertafter?: string
  insertbefore?: string
  insertRe?: PyRegex
  prependNewline: boolean
  appendNewline: boolean
}

const EOL = '\n'

/** Where the block goes when no markers were found. */
function insertAt(original: string | null, lines: string[], s: BlockSpec): number {
  if (!s.insertRe) return s.insertbefore !== undefined && s.insertafter === undefined ? 0 : lines.length
  let n0: number | undefined
  if (s.insertRe.multiline) {
    // a (?m) pattern is searched in the whole text; the line is counted from the match
    const m = original === null ? null : s.insertRe.re.exec(original)
    if (m && original !== null) {
      const upto = s.insertafter !== undefined ? m.index + m[0].length : m.index
      n0 = (original.slice(0, upto).match(/\n/g) ?? []).length
    }
  } else {
    lines.forEach((l, i) => {
      if (s.insertRe?.re.test(l)) n0 = i
    })
  }
  if (n0 === undefined) return lines.length
  return s.insertafter !== undefined ? n0 + 1 : n0
}

/** The new content (a binary string) for the current one (null: no file). */
export function editBlock(original: string | null, s: BlockSpec): { result: string; blockLines: number } {
  const lines = original === null ? [] : splitLinesKeep(original)
  const marker0 = s.begin + EOL
  const marker1 = s.end + EOL
  const block = s.block.endsWith(EOL) ? s.block : s.block + EOL
  const blockLines = s.present && s.block !== '' ? [marker0, ...splitLinesKeep(block), marker1] : []
  let n0: number | undefined
  let n1: number | undefined
  lines.forEach((l, i) => {
    if (l === marker0) n0 = i
    if (l === marker1) n1 = i
  })
  if (n0 === undefined || n1 === undefined) n0 = insertAt(original, lines, s)
  else if (n0 < n1) lines.splice(n0, n1 - n0 + 1)
  else {
    lines.splice(n1, n0 - n1 + 1)
    n0 = n1
  }
  // the line before the block ends with a newline
  if (n0 > 0 && !(lines[n0 - 1] ?? '').endsWith(EOL)) lines[n0 - 1] += EOL
  if (s.prependNewline && s.present && n0 !== 0 && lines[n0 - 1] !== EOL) {
    lines.splice(n0, 0, EOL)
    n0++
  }
  lines.splice(n0, 0, ...blockLines)
  if (s.appendNewline && s.present) {
    const after = n0 + blockLines.length
    if (after < lines.length && lines[after] !== EOL) lines.splice(after, 0, EOL)
  }
  return { result: lines.join(''), blockLines: blockLines.length }
}
