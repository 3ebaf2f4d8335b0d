import { INT, toInt, toStr } from './lib/args.js'
import { ModuleFailure, type ModuleDef, type PlanContext } from './types.js'

/**
 * `debug`: shows a message or a variable. The engine skips the task when `verbosity` is
 * above the run's -v level (the module cannot know it). `var` is evaluated with
 * ctx.evaluate when the engine provides it, else read as a dotted/indexed name from vars.
 */
export interface DebugArgs {
  msg?: unknown
  var?: unknown
  verbosity?: number | string
}

export const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!'
const HIDDEN = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

/** Reads `a.b[0]['c']` from vars; undefined when any step is missing. */
export function lookupPath(vars: Readonly<Record<string, unknown>>, expr: string): unknown {
  const steps = expr.trim().match(/[A-Za-z_][A-Za-z0-9_]*|\[\s*(?:\d+|'[^']*'|"[^"]*")\s*\]/g)
  if (!steps || steps.join('').replace(/\s/g, '') !== expr.replace(/[\s.]/g, '')) return undefined
  let cur: unknown = vars
  for (const raw of steps) {
    const key = raw.startsWith('[') ? raw.slice(1, -1).trim().replace(/^['"]|['"]$/g, '') : raw
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

function evaluateVar(expr: string, ctx: PlanContext): unknown {
  if (ctx.evaluate) {
    try {
      return ctx.evaluate(expr)
    } catch {
      return undefined
    }
  }
  return lookupPath(ctx.vars, expr)
}

export const debug: ModuleDef<DebugArgs> = {
  name: 'debug',
  aliases: ['ansible.builtin.debug', 'ansible.legacy.debug'],
  local: true,
  schema: {
    type: 'object',
    properties: { msg: {}, var: {}, verbosity: INT },
    additionalProperties: false,
  },
  async plan(args, ctx) {
    toInt(args.verbosity, 'verbosity', 0)
    if (args.var !== undefined && args.msg !== undefined) {
      throw new ModuleFailure("debug: 'msg' and 'var' are incompatible options")
    }
    if (args.var !== undefined) {
      const name = toStr(args.var) ?? ''
      // a var that templating already turned into a non-string is shown as is
      const value = typeof args.var === 'string' ? evaluateVar(name, ctx) : args.var
      const shown = ctx.noLog ? HIDDEN : value === undefined ? NOT_DEFINED : value
      return { changed: false, noop: '', display: { [name]: shown }, data: { [name]: shown } }
    }
    const msg = args.msg === undefined ? 'Hello world!' : args.msg
    const shown = ctx.noLog ? HIDDEN : msg
    return { changed: false, noop: '', display: { msg: shown }, data: { msg: shown } }
  },
}
