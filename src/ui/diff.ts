import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff'
import type { FileDiff } from '../modules/types.js'
import { palette, type Palette } from './color.js'

/** Lines of context around each change, as `diff -u`. */
const CONTEXT = 3

function colorLine(line: string, p: Palette): string {
  if (line.startsWith('@@')) return p.diffLines(line)
  if (line.startsWith('+')) return p.diffAdd(line)
  if (line.startsWith('-')) return p.diffRemove(line)
  return line
}

/**
 * Renders one file's change as a unified diff with Ansible's labels
 * (`--- before: /etc/x` / `+++ after: /etc/x`); an absent side is labelled `(absent)`,
 * so a created file is all `+` and a removed one all `-`. A redacted diff prints its summary,
 * never the content. Returns '' when the content is the same on both sides.
 * The result ends with a newline unless empty.
 */
export function renderDiff(d: FileDiff, color: boolean): string {
  const p = palette(color)
  const before = `before: ${d.path}${d.before === null ? ' (absent)' : ''}`
  const after = `after: ${d.path}${d.after === null ? ' (absent)' : ''}`
  if (d.redacted !== undefined) {
    return `${p.diffRemove(`--- ${before}`)}\n${p.diffAdd(`+++ ${after}`)}\n${d.redacted}\n`
  }
  if (d.before === d.after) return ''
  const patch = createTwoFilesPatch(before, after, d.before ?? '', d.after ?? '', undefined, undefined, {
    context: CONTEXT,
    headerOptions: FILE_HEADERS_ONLY,
  })
  const lines = patch.replace(/\n$/, '').split('\n')
  return lines.map((l) => colorLine(l, p)).join('\n') + '\n'
}
