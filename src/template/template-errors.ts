/** Turns what nunjucks throws into KrunErrors with clean, stack-free messages. */
import { KrunError, type SourcePos } from '../core/errors.js'

interface NunjucksError extends Error {
  cause?: unknown
  lineno?: number
  colno?: number
}

const PREFIX = /^\([^)\n]*\)(?: \[Line \d+(?:, Column \d+)?\])?\n\s*/

/** nunjucks' message without its `(path) [Line l, Column c]` and `Error:` prefixes. */
export function cleanMessage(message: string): string {
  let m = message
  for (let prev = ''; prev !== m; ) {
    prev = m
    m = m.replace(PREFIX, '').replace(/^(?:Template render error: )?(?:Error|TypeError|ReferenceError|RangeError): /, '')
  }
  return m.replace(/^parse\w*: /, '').trim()
}

/** A template text for an error message: one line, shortened. */
export function showSource(source: string): string {
  const one = source.replace(/\s*\n\s*/g, ' ')
  return JSON.stringify(one.length > 160 ? `${one.slice(0, 157)}...` : one)
}

/** The KrunError inside a nunjucks error (renders nest, each wrapping the one below), if any. */
function krunCause(e: unknown): KrunError | undefined {
  for (let c: unknown = e, n = 0; c && n < 20; c = (c as NunjucksError).cause, n++) if (c instanceof KrunError) return c
  return undefined
}

/** A compile (syntax) error: E_TEMPLATE_SYNTAX; `file` is given for template files. */
export function syntaxError(e: unknown, source: string, file?: string): KrunError {
  const k = krunCause(e)
  if (k) return k
  const err = e as NunjucksError
  const msg = cleanMessage(err.message ?? String(e))
  if (file) {
    const pos: SourcePos = { file, ...(err.lineno ? { line: err.lineno } : {}), ...(err.lineno && err.colno ? { col: err.colno } : {}) }
    return new KrunError('E_TEMPLATE_SYNTAX', `template syntax error: ${msg}`, pos)
  }
  return new KrunError('E_TEMPLATE_SYNTAX', `template syntax error in ${showSource(source)}: ${msg}`)
}

/** A render error: the KrunError it carries, or E_TEMPLATE with nunjucks' message. */
export function renderError(e: unknown, source: string, file?: string): KrunError {
  const k = krunCause(e)
  // compiled templates track 0-based statement lines
  const line = typeof (e as NunjucksError).lineno === 'number' ? ((e as NunjucksError).lineno as number) + 1 : undefined
  if (k && file && !k.pos) return new KrunError(k.code, k.message, { file, ...(line ? { line } : {}) }, k.hint)
  if (k) return k
  let inner = e as NunjucksError
  while (inner.cause instanceof Error) inner = inner.cause as NunjucksError
  const msg = cleanMessage(inner.message ?? String(e))
  if (inner instanceof RangeError || /Maximum call stack/.test(msg)) {
    return new KrunError('E_TEMPLATE_RECURSION', `recursive loop detected in template ${showSource(source)}`)
  }
  const where = file ? '' : ` in ${showSource(source)}`
  return new KrunError('E_TEMPLATE', `template error${where}: ${msg}`, file ? { file, ...(line ? { line } : {}) } : undefined)
}
