/**
 * Check mode and changes it did not make. A task planned after an earlier one reported a
 * change on the same target (a group to create, a CA to write on the controller) may fail
 * only because that change is missing: its outcome is not known until apply. Such a
 * failure is reported as skipped with the reason, so the rest of the check still runs and
 * shows its diffs; without an earlier pending change a failure stays a failure.
 */
import type { CallResult } from './call.js'
import type { CallSettings, Engine } from './context.js'

/** Targets with changes reported but not made in this check run (inventory names; 'localhost' for the controller). */
const pendingByEngine = new WeakMap<Engine, Set<string>>()

function pending(en: Engine): Set<string> {
  let s = pendingByEngine.get(en)
  if (!s) pendingByEngine.set(en, (s = new Set()))
  return s
}

const unknownCounts = new WeakMap<Engine, number>()

/** The warning for the end of a check run: how many results could not be known, or undefined. */
export function unknownSummary(en: Engine): string | undefined {
  const n = unknownCounts.get(en) ?? 0
  if (n === 0) return undefined
  return `${n} task result${n === 1 ? ' was' : 's were'} not known in check mode: they depend on changes the check did not make (shown as "skipping ... not known until apply"); the diffs above are exact, these are decided when applied`
}

/** Records that a task would have changed its target (check mode, changed or skipped as opaque). */
export function notePending(en: Engine, cs: CallSettings): void {
  pending(en).add(cs.delegateTo ?? cs.host)
}

/** `fail` is the user's own verdict: never softened (an assert on state not made yet is). */
const VERDICTS = new Set(['fail', 'ansible.builtin.fail', 'ansible.legacy.fail'])

/**
 * The skipped result that replaces a check-mode failure when an earlier change on this host,
 * its delegate or the controller was not made; undefined when the failure stands.
 */
export function unknownUntilApply(en: Engine, cs: CallSettings, msg: string): CallResult | undefined {
  // the whole run is a check: read-only tasks marked check_mode: false see the missing changes too
  if (!(cs.check || en.opts.check) || VERDICTS.has(cs.task.action)) return undefined
  const p = pending(en)
  const why = [cs.host, cs.delegateTo, 'localhost'].find((t) => t !== undefined && p.has(t))
  if (why === undefined) return undefined
  const text = `not known until apply: earlier changes${why === cs.host ? '' : ` on ${why}`} were not made in check mode, and the task failed without them: ${msg}`
  unknownCounts.set(en, (unknownCounts.get(en) ?? 0) + 1)
  return { status: 'skipped', msg: text, data: { changed: false, skipped: true, skipped_reason: text, msg: text, check_unknown: true } }
}
