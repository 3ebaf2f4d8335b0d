import type { SourcePos } from './errors.js'
import type { FileDiff } from '../modules/types.js'

/** Outcome of one task on one host, as Ansible users know them. */
export type Status = 'ok' | 'changed' | 'skipped' | 'failed' | 'unreachable' | 'rescued' | 'ignored'

/** What a reporter needs to know about a task. */
export interface TaskInfo {
  name: string
  action: string
  pos: SourcePos
  isHandler: boolean
  role?: string
}

/** What a module asks to show: text (printed as `msg`) or named values (debug's `var`). */
export type Display = string | Record<string, unknown>

/** One task's result on one host (per loop item when looping: `item` set). */
export interface HostResult {
  host: string
  task: TaskInfo
  status: Status
  /** Why: the no-op reason, the change reasons, the failure message. Never secret. */
  msg?: string
  diffs?: FileDiff[]
  /** Loop item label, when the task loops. */
  item?: string
  delegatedTo?: string
  /** Text a module wants shown (debug's msg). */
  display?: Display
  /** Registered data (for -v output); already redacted when no_log. */
  data?: Record<string, unknown>
  durationMs: number
}

/** The recap line per host. */
export interface HostStats {
  ok: number
  changed: number
  unreachable: number
  failed: number
  skipped: number
  rescued: number
  ignored: number
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }
}

/** ansible-playbook's exit codes. */
export const EXIT = { ok: 0, usage: 1, failed: 2, unreachable: 4 } as const
