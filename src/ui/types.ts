import type { SourcePos } from '../core/errors.js'
import type { HostResult, HostStats, TaskInfo } from '../core/results.js'

/** Hooks the engine calls as a run goes; every hook is optional. */
export interface Reporter {
  playStart?(e: { name: string; hosts: string[]; pos: SourcePos; check: boolean }): void
  taskStart?(e: { task: TaskInfo; hosts: string[] }): void
  hostResult?(r: HostResult): void
  /** An `until` attempt failed and the task will try again after its delay. */
  retry?(e: RetryInfo): void
  taskEnd?(e: { task: TaskInfo }): void
  playEnd?(e: { name: string }): void
  warn?(msg: string): void
  recap?(stats: Record<string, HostStats>): void
  /** Flushes output; called once at the end. */
  close?(): Promise<void>
}

/** One failed `until` attempt with retries left ("FAILED - RETRYING" in ansible-playbook). */
export interface RetryInfo {
  host: string
  task: TaskInfo
  /** The attempt that just failed, from 1. */
  attempt: number
  retriesLeft: number
  /** The attempt's own message, if any (never under no_log). */
  msg?: string
}

export interface ReporterOptions {
  /** Print unified diffs of changed files. */
  diff: boolean
  /** -v count. */
  verbosity: number
  /** Colour escapes allowed. */
  color: boolean
  out: NodeJS.WritableStream
}
