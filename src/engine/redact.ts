import type { HostResult } from '../core/results.js'

/** Ansible's words for a hidden result. */
export const NO_LOG_MSG = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

/** A no_log result as reporters may see it: status and host only; no message, data, item or diff content. */
export function redactResult(r: HostResult): HostResult {
  return {
    ...r,
    msg: NO_LOG_MSG,
    display: r.display === undefined ? undefined : NO_LOG_MSG,
    item: r.item === undefined ? undefined : '(censored due to no_log)',
    data: { censored: NO_LOG_MSG, changed: r.data?.changed },
    diffs: r.diffs?.map((d) => ({ path: d.path, before: null, after: null, redacted: 'content hidden (no_log)' })),
  }
}
