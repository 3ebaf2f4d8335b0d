/**
 * `assert`: fails when one of the `that` conditions is false.
 *
 * CONTRACT WITH THE ENGINE: `that` holds Jinja2 expressions that only the templar can
 * evaluate, so the engine evaluates them before calling plan():
 *   - it does NOT render `that` as a template; it takes the raw entries (one string or a list),
 *   - it evaluates each with `templar.test(expr, scope)` (Ansible truthiness),
 *   - it passes `that` to plan() as `AssertCheck[]`, in order: `{ expr, ok }`,
 *   - an entry that fails to evaluate (undefined variable...) is `{ expr, ok: false, error }`.
 * The other arguments (fail_msg, msg, success_msg, quiet) are rendered as usual.
 * The schema below describes what users write (strings); plan() also accepts plain booleans.
 */
import { BOOL, toBool } from './lib/args.js'
import { KrunError } from '../core/errors.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** One evaluated condition, as the engine passes it. */
export interface AssertCheck {
  expr: string
  ok: boolean
  /** Why the expression could not be evaluated. */
  error?: string
}

/** assert's arguments as plan() receives them. */
export interface AssertArgs {
  that: Array<AssertCheck | boolean> | AssertCheck | boolean
  fail_msg?: unknown
  msg?: unknown
  success_msg?: unknown
  quiet?: boolean | string
}

const MSG = { type: ['string', 'array'], items: { type: 'string' } } as const

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined
  return Array.isArray(v) ? v.map(String).join('\n') : String(v)
}

function check(entry: unknown): AssertCheck {
  if (typeof entry === 'boolean') return { expr: String(entry), ok: entry }
  if (entry && typeof entry === 'object' && 'expr' in entry && 'ok' in entry) return entry as AssertCheck
  // a raw string here means the engine skipped the evaluation step described above
  throw new KrunError('E_INTERNAL', `assert: condition ${JSON.stringify(entry)} reached the module unevaluated`)
}

export const assert: ModuleDef<AssertArgs> = {
  name: 'assert',
  aliases: ['ansible.builtin.assert', 'ansible.legacy.assert'],
  local: true,
  schema: {
    type: 'object',
    properties: { that: { type: ['array', 'string', 'boolean'], items: { type: ['string', 'boolean'] } }, fail_msg: MSG, msg: MSG, success_msg: MSG, quiet: BOOL },
    required: ['that'],
    additionalProperties: false,
  },
  async plan(args) {
    const checks = (Array.isArray(args.that) ? args.that : [args.that]).map(check)
    for (const c of checks) {
      if (c.error) throw new ModuleFailure(`The conditional check '${c.expr}' failed. The error was: ${c.error}`, { assertion: c.expr })
      if (!c.ok) {
        const msg = text(args.fail_msg ?? args.msg) ?? `Assertion failed: ${c.expr}`
        throw new ModuleFailure(msg, { assertion: c.expr, evaluated_to: false })
      }
    }
    const msg = text(args.success_msg) ?? 'All assertions passed'
    const quiet = toBool(args.quiet, 'quiet', false)
    return { changed: false, noop: msg, ...(quiet ? {} : { display: msg }) }
  },
}

/** Helper for the engine: the raw `that` entries (one string or a list) as the list to evaluate. */
export function thatEntries(that: unknown): unknown[] {
  if (that === undefined || that === null) return []
  return Array.isArray(that) ? that : [that]
}
