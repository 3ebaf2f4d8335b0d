/**
 * Load-time syntax checks: a Jinja2 syntax error is known before any host is touched, so the
 * playbook loader reports it at the keyword that holds it instead of failing mid-run.
 */
import nunjucks from 'nunjucks'
import { createEnv, type KrunEnv } from './env.js'
import { LOOKUPS } from './lookups.js'
import { cleanMessage, showSource } from './template-errors.js'

let shared: KrunEnv | undefined
const TEMPLATE_RE = /\{\{|\{%|\{#/
const checked = new Set<string>()

interface NunjucksError extends Error {
  colno?: number
}

function compileError(src: string): NunjucksError | undefined {
  shared ??= createEnv(LOOKUPS)
  try {
    new nunjucks.Template(src, shared.env, undefined, true)
    return undefined
  } catch (e) {
    return e as NunjucksError
  }
}

/**
 * The syntax error in `text`, as one clean line, or undefined when it compiles. `expression`
 * is a bare condition (`when`, `until`...) unless it is itself written as a template; other text
 * is checked only when it holds template syntax. Compiles the way the Templar does.
 */
export function templateSyntaxError(text: string, kind: 'expression' | 'template'): string | undefined {
  const src = text.trim()
  const asTemplate = TEMPLATE_RE.test(src)
  if (!asTemplate && kind === 'template') return undefined
  const key = `${asTemplate ? 't' : 'e'}\0${src}`
  if (checked.has(key)) return undefined
  const wrapped = asTemplate ? src : `{{ (${src}) | __krun_capture }}`
  const err = compileError(wrapped)
  if (!err) {
    checked.add(key)
    return undefined
  }
  let msg = cleanMessage(err.message)
  // the parenthesis and filter around a bare expression are ours: an error at them means the expression stopped short
  if (!asTemplate && /^unexpected token: \)$/.test(msg) && (err.colno ?? 0) > src.length + 3) msg = 'unexpected end of expression'
  return `template syntax error in ${showSource(text)}: ${msg}`
}
