import type { HostResult, HostStats, Status, TaskInfo } from '../core/results.js'
import { palette, type Paint, type Palette } from './color.js'
import { renderDiff } from './diff.js'
import type { RetryInfo } from './types.js'

/** What the line formatters need from ReporterOptions. */
export interface FormatOptions {
  color: boolean
  verbosity: number
  diff: boolean
}

/** Width of a `TASK [...] ****` banner, fixed so CI logs and tests do not depend on a terminal. */
export const BANNER_WIDTH = 80

/** `TITLE ****…` padded with stars to BANNER_WIDTH, at least three. */
export function banner(title: string): string {
  return `${title} ${'*'.repeat(Math.max(3, BANNER_WIDTH - title.length - 1))}`
}

/** `role : name`, or the action when the task has no name (as Ansible does). */
export function taskLabel(t: TaskInfo): string {
  const name = t.name || t.action
  return t.role ? `${t.role} : ${name}` : name
}

/** `TASK [role : name]` or `RUNNING HANDLER [role : name]`. */
export function taskHeading(t: TaskInfo): string {
  return `${t.isHandler ? 'RUNNING HANDLER' : 'TASK'} [${taskLabel(t)}]`
}

/** `PLAY [name]`, marked when nothing will change. */
export function playHeading(name: string, check: boolean): string {
  return `PLAY [${name}]${check ? ' [CHECK MODE]' : ''}`
}

function hostLabel(r: HostResult): string {
  return r.delegatedTo ? `[${r.host} -> ${r.delegatedTo}]` : `[${r.host}]`
}

/** Continuation lines of a message are indented so the next host line stands out. */
function indentRest(msg: string): string {
  return msg.replace(/\n/g, '\n    ')
}

function statusPaint(s: Status, p: Palette): Paint {
  switch (s) {
    case 'ok':
    case 'rescued':
      return p.ok
    case 'changed':
      return p.changed
    case 'skipped':
      return p.skip
    case 'unreachable':
      return p.unreachable
    case 'failed':
    case 'ignored':
      return p.error
  }
}

/** The head line of a result, before display/-v/-vv additions. */
function headLine(r: HostResult): string {
  const item = r.item !== undefined ? ` => (item=${r.item})` : ''
  const msg = r.msg ? ` => ${indentRest(r.msg)}` : ''
  switch (r.status) {
    case 'ok':
    case 'changed':
      return `${r.status}: ${hostLabel(r)}${item}`
    case 'skipped':
      return `skipping: ${hostLabel(r)}${item}`
    case 'unreachable':
      return `fatal: ${hostLabel(r)}: UNREACHABLE!${msg}`
    case 'failed':
    case 'ignored':
    case 'rescued':
      // Ansible names a failed loop item `failed:` and a failed task `fatal:`.
      return r.item !== undefined
        ? `failed: ${hostLabel(r)} (item=${r.item})${msg}`
        : `fatal: ${hostLabel(r)}: FAILED!${msg}`
  }
}

/**
 * The lines printed for one host result, coloured: its diffs (with --diff), the status
 * line (with debug's display, the reason at -v), the registered data at -vv, and the
 * `...ignoring` / `...rescued` marker.
 */
export function formatResult(r: HostResult, o: FormatOptions): string {
  const p = palette(o.color)
  const paint = statusPaint(r.status, p)
  const out: string[] = []
  if (o.diff) for (const d of r.diffs ?? []) {
    const text = renderDiff(d, o.color)
    if (text) out.push(text.replace(/\n$/, ''))
  }
  let line = headLine(r)
  const quiet = r.status === 'ok' || r.status === 'changed' || r.status === 'skipped'
  if (r.display !== undefined) line += ` => ${JSON.stringify(typeof r.display === 'string' ? { msg: r.display } : r.display, null, 4)}`
  else if (quiet && (o.verbosity >= 1 || r.data?.check_unknown === true) && r.msg) line += ` => ${indentRest(r.msg)}`
  out.push(paint(line))
  if (o.verbosity >= 2 && r.data && Object.keys(r.data).length > 0) {
    out.push(paint(JSON.stringify(r.data, null, 4)))
  }
  if (r.status === 'ignored') out.push(p.skip('...ignoring'))
  if (r.status === 'rescued') out.push(p.skip('...rescued'))
  return out.join('\n')
}

/** `FAILED - RETRYING: [host]: name (N retries left).`, as ansible-playbook prints it; the attempt's message with -v. */
export function formatRetry(e: RetryInfo, opts: FormatOptions): string {
  const line = palette(opts.color).warn(`FAILED - RETRYING: [${e.host}]: ${taskLabel(e.task)} (${e.retriesLeft} retries left).`)
  return opts.verbosity >= 1 && e.msg ? `${line}\n  ${indentRest(e.msg)}` : line
}

/** `[WARNING]: msg`. */
export function formatWarning(msg: string, color: boolean): string {
  return palette(color).warn(`[WARNING]: ${indentRest(msg)}`)
}

const STAT_KEYS = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const

function statPaint(k: (typeof STAT_KEYS)[number], p: Palette): Paint {
  const map = {
    ok: p.ok,
    changed: p.changed,
    unreachable: p.unreachable,
    failed: p.error,
    skipped: p.skip,
    rescued: p.ok,
    ignored: p.warn,
  }
  return map[k]
}

function hostPaint(s: HostStats, p: Palette): Paint {
  if (s.failed > 0 || s.unreachable > 0) return p.error
  return s.changed > 0 ? p.changed : p.ok
}

/**
 * `PLAY RECAP ****` and one aligned line per host, sorted by name. Colours as Ansible's:
 * a count is coloured only when it is not zero; the host by its worst outcome.
 */
export function formatRecap(stats: Record<string, HostStats>, color: boolean): string {
  const p = palette(color)
  const hosts = Object.keys(stats).sort()
  const hostWidth = Math.max(0, ...hosts.map((h) => h.length))
  const numWidth = Math.max(4, ...hosts.flatMap((h) => STAT_KEYS.map((k) => String(stats[h]![k]).length)))
  const lines = hosts.map((h) => {
    const s = stats[h]!
    const cols = STAT_KEYS.map((k, i) => {
      // The last column is not padded: no trailing spaces in logs.
      const num = i === STAT_KEYS.length - 1 ? String(s[k]) : String(s[k]).padEnd(numWidth)
      const text = `${k}=${num}`
      return s[k] !== 0 ? statPaint(k, p)(text) : text
    })
    return `${hostPaint(s, p)(h.padEnd(hostWidth))} : ${cols.join(' ')}`
  })
  return [banner('PLAY RECAP'), ...lines].join('\n')
}
