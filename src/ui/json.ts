import type { HostResult } from '../core/results.js'
import type { FileDiff } from '../modules/types.js'
import type { Reporter, ReporterOptions } from './types.js'
import { renderDiff } from './diff.js'
import { flush } from './stream.js'

/** A diff as the JSON reporter prints it: the unified patch, or only the redaction summary. */
export type JsonDiff = { path: string; patch: string } | { path: string; redacted: string }

function jsonDiff(d: FileDiff): JsonDiff {
  if (d.redacted !== undefined) return { path: d.path, redacted: d.redacted }
  return { path: d.path, patch: renderDiff(d, false) }
}

function hostResultEvent(r: HostResult, diff: boolean): Record<string, unknown> {
  return {
    host: r.host,
    task: r.task.name,
    role: r.task.role,
    status: r.status,
    msg: r.msg,
    item: r.item,
    delegated_to: r.delegatedTo,
    display: r.display,
    // As in Ansible, diffs are part of results only with --diff.
    diffs: diff ? r.diffs?.map(jsonDiff) : undefined,
    data: r.data,
    duration_ms: r.durationMs,
  }
}

/**
 * JSON-lines reporter (`--json`): one object per event and line, each with `event` and `ts`
 * (milliseconds since the epoch); no colour, no other text. Absent fields are left out.
 * `now` is injectable for tests.
 */
export function createJsonReporter(opts: ReporterOptions, now: () => number = Date.now): Reporter {
  const emit = (event: string, fields: Record<string, unknown>): void => {
    opts.out.write(`${JSON.stringify({ event, ts: now(), ...fields })}\n`)
  }
  return {
    playStart(e) {
      emit('play_start', { name: e.name, hosts: e.hosts, check: e.check, pos: e.pos })
    },
    taskStart(e) {
      const t = e.task
      emit('task_start', {
        task: { name: t.name, action: t.action, role: t.role, handler: t.isHandler, pos: t.pos },
        hosts: e.hosts,
      })
    },
    hostResult(r) {
      emit('host_result', hostResultEvent(r, opts.diff))
    },
    retry(e) {
      emit('retry', { host: e.host, task: e.task.name, role: e.task.role, attempt: e.attempt, retries_left: e.retriesLeft, ...(e.msg ? { msg: e.msg } : {}) })
    },
    taskEnd(e) {
      emit('task_end', { task: e.task.name, role: e.task.role })
    },
    playEnd(e) {
      emit('play_end', { name: e.name })
    },
    warn(msg) {
      emit('warning', { msg })
    },
    recap(stats) {
      emit('recap', { stats })
    },
    close() {
      return flush(opts.out)
    },
  }
}
