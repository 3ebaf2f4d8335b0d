import { KrunError, type SourcePos } from '../core/errors.js'
import { templateSyntaxError } from '../template/index.js'

/** Throws E_TEMPLATE_SYNTAX at `pos` when a condition (`when`, `until`...) does not compile. */
export function checkConditions(exprs: string[], key: string, pos: SourcePos): void {
  for (const e of exprs) {
    const err = templateSyntaxError(e, 'expression')
    if (err) throw new KrunError('E_TEMPLATE_SYNTAX', `${key}: ${err}`, pos)
  }
}

/** Throws E_TEMPLATE_SYNTAX at `pos` for the first string inside `value` whose template syntax is broken. */
export function checkTemplates(value: unknown, key: string, pos: SourcePos): void {
  if (typeof value === 'string') {
    const err = templateSyntaxError(value, 'template')
    if (err) throw new KrunError('E_TEMPLATE_SYNTAX', `${key}: ${err}`, pos)
  } else if (Array.isArray(value)) {
    for (const v of value) checkTemplates(v, key, pos)
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      checkTemplates(k, key, pos)
      checkTemplates(v, key, pos)
    }
  }
}
