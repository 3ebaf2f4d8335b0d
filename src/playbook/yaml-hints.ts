/** Better places and words for YAML mistakes the `yaml` package reports where it gave up. */
import { CST, isCollection, isNode, Parser, visit, type Document } from 'yaml'

/** An opening bracket or quote that is never closed. */
export interface Unclosed {
  offset: number
  /** The opener as written: `{`, `[`, `"` or `'`. */
  open: string
  /** What closes it. */
  close: string
}

const CLOSER: Record<string, string> = { '{': '}', '[': ']', '"': '"', "'": "'" }

function quotedIsOpen(source: string, q: string): boolean {
  const s = source.trimEnd()
  if (s.length < 2 || !s.endsWith(q)) return true
  // a double-quoted scalar ending in an escaped quote is still open
  return q === '"' && /(^|[^\\])(\\\\)*\\"$/.test(s)
}

/**
 * The last flow collection or quoted scalar opened before `before` that is never closed:
 * an unclosed `{` makes `yaml` complain lines later, at the next thing it cannot fit.
 */
export function unclosedOpener(text: string, before: number): Unclosed | undefined {
  let found: Unclosed | undefined
  const consider = (tok: CST.Token | undefined): void => {
    if (!tok || tok.offset >= before || (found && found.offset > tok.offset)) return
    if (tok.type === 'flow-collection') {
      const open = tok.start.source
      if (!tok.end.some((e) => e.source === CLOSER[open])) found = { offset: tok.offset, open, close: CLOSER[open] ?? '' }
    } else if (tok.type === 'double-quoted-scalar' || tok.type === 'single-quoted-scalar') {
      const q = tok.type === 'double-quoted-scalar' ? '"' : "'"
      if (quotedIsOpen(tok.source, q)) found = { offset: tok.offset, open: q, close: q }
    }
  }
  for (const top of new Parser().parse(text)) {
    if (top.type !== 'document') continue
    consider(top.value)
    CST.visit(top, (item) => {
      consider(item.key ?? undefined)
      consider(item.value ?? undefined)
    })
  }
  return found
}

/**
 * The first mapping key that is itself a collection, with the text of the mapping holding it:
 * what YAML makes of an unquoted `msg: {{ x }}` (PyYAML refuses it as an unhashable key).
 */
export function collectionKey(doc: Document, text: string): { offset: number; source: string } | undefined {
  let hit: { offset: number; source: string } | undefined
  visit(doc, {
    Pair(_k, pair, path) {
      if (hit || !isCollection(pair.key)) return
      const parent = path[path.length - 1]
      const range = isNode(parent) && parent.range ? parent.range : pair.key.range
      if (range) hit = { offset: range[0], source: text.slice(range[0], range[1]).trim() }
      return visit.BREAK
    },
  })
  return hit
}

/**
 * An unquoted value starting with `{{` on the line holding `offset` (YAML reads `{` as a
 * mapping): its offset and text, for a syntax error that is really a missing pair of quotes.
 */
export function unquotedTemplate(text: string, offset: number): { offset: number; source: string } | undefined {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1
  const end = text.indexOf('\n', start)
  const line = text.slice(start, end < 0 ? undefined : end)
  const m = /^(\s*-\s+|[^#'"]*?:\s+)(\{\{.*?)\s*$/.exec(line)
  return m?.[1] !== undefined && m[2] ? { offset: start + m[1].length, source: m[2] } : undefined
}

/** The message for a collection key: almost always a template that needed quotes. */
export function collectionKeyMessage(source: string): string {
  const shown = source.length > 60 ? `${source.slice(0, 57)}...` : source
  return source.startsWith('{{')
    ? `unquoted template ${shown}: YAML reads it as a mapping; quote the whole value: "${shown}"`
    : `a mapping or list cannot be a key (${shown}); quote it if it is text`
}
