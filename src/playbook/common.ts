import { KrunError, type SourcePos } from '../core/errors.js'
import type { Inherit, LoadCtx } from './context.js'
import { toBool, toBoolish, toConditions, toEnvironment, toMapping, toStr, toTags } from './convert.js'
import { refuseUnsupported } from './keywords.js'
import { didYouMean } from './suggest.js'
import { checkConditions } from './template-check.js'
import type { NodeCommon } from './types.js'

/** Throws E_UNKNOWN_KEYWORD (with a suggestion) for the first key of `raw` not in `allowed`. */
export function checkKeys(raw: Record<string, unknown>, allowed: readonly string[], ctx: LoadCtx, pos: SourcePos, what: string): void {
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key)) continue
    const at = ctx.positions.key(raw, key, pos)
    refuseUnsupported(key, at)
    throw new KrunError('E_UNKNOWN_KEYWORD', `unknown ${what} keyword '${key}'${didYouMean(key, allowed)}`, at)
  }
}

/** Distinct values, first occurrence order. */
export function unique(xs: string[]): string[] {
  return [...new Set(xs)]
}

/**
 * The keywords every node shares, with inheritance applied: `when` is the inherited conditions
 * then the node's own; `tags` the inherited tags plus the node's own.
 */
export function parseCommon(raw: Record<string, unknown>, ctx: LoadCtx, pos: SourcePos, inherit: Inherit): NodeCommon {
  const at = (k: string): SourcePos => ctx.positions.key(raw, k, pos)
  const own = toConditions(raw.when, 'when', at('when'))
  checkConditions(own, 'when', at('when'))
  const node: NodeCommon = {
    pos,
    when: [...inherit.when, ...own],
    tags: unique([...inherit.tags, ...toTags(raw.tags, at('tags'))]),
    vars: toMapping(raw.vars, 'vars', at('vars')),
  }
  if (inherit.role) node.role = inherit.role
  if (raw.name !== undefined && raw.name !== null) node.name = toStr(raw.name, 'name', at('name'))
  if (raw.become !== undefined) node.become = toBoolish(raw.become, 'become', at('become'))
  if (raw.become_user !== undefined) node.become_user = toStr(raw.become_user, 'become_user', at('become_user'))
  if (raw.environment !== undefined) node.environment = toEnvironment(raw.environment, at('environment'))
  if (raw.delegate_to !== undefined) node.delegate_to = toStr(raw.delegate_to, 'delegate_to', at('delegate_to'))
  if (raw.any_errors_fatal !== undefined) node.any_errors_fatal = toBool(raw.any_errors_fatal, 'any_errors_fatal', at('any_errors_fatal'))
  for (const k of ['ignore_errors', 'no_log', 'check_mode', 'diff', 'run_once'] as const) {
    if (raw[k] !== undefined) node[k] = toBoolish(raw[k], k, at(k))
  }
  return node
}
