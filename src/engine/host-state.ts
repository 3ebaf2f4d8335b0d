import type { Vars } from '../playbook/types.js'

/**
 * What the engine remembers about one host during a run: small on purpose (DESIGN: Scale),
 * no copy of the playbook, only facts, registered values and flags.
 */
export class HostState {
  /** Gathered facts, as `ansible_*` names plus `ansible_facts`. */
  facts: Vars = {}
  /** register: and set_fact: values; above play vars, below extra vars. */
  hostVars: Vars = {}
  /** Handler names (or listen topics) notified and not yet run. */
  notified = new Set<string>()
  /** The last failed task and its result: a rescue sees them as ansible_failed_task / ansible_failed_result. */
  lastFailure?: { task: Vars; result: Vars }
  failed = false
  unreachable = false
  /** meta: end_host or end_play: skip the rest of the play. */
  ended = false

  /** Still taking tasks in this play. */
  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended
  }
}
