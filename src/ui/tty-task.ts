import type { HostResult, Status, TaskInfo } from '../core/results.js'
import { palette } from './color.js'
import { formatResult, taskLabel, type FormatOptions } from './format.js'

/** Worst first: a host's line in the task title counts its worst result (loops give several). */
const RANK: Status[] = ['unreachable', 'failed', 'ignored', 'rescued', 'changed', 'ok', 'skipped']

/** Counts that always show in a finished task's title; the others only when not zero. */
const ALWAYS: ReadonlySet<Status> = new Set(['ok', 'changed', 'failed'])

const TITLE_ORDER: Status[] = ['ok', 'changed', 'failed', 'unreachable', 'skipped', 'rescued', 'ignored']

/**
 * One task as the TTY reporter shows it: per-host outcome for the title, and the text to
 * print once the task is over (failures, diffs, debug output).
 */
export class LiveTask {
  readonly info: TaskInfo
  readonly total: number
  /** Text blocks printed after the task's line is final, so they stay on screen. */
  readonly persist: string[] = []
  private readonly byHost = new Map<string, Status>()
  /** Hosts waiting for their next `until` attempt, with the retries they have left. */
  private readonly retrying = new Map<string, number>()
  private readonly opts: FormatOptions
  private resolveDone!: () => void
  /** Settles at taskEnd (or when the reporter closes early). */
  readonly done: Promise<void> = new Promise((resolve) => (this.resolveDone = resolve))
  /** Called when the title changes, to repaint; set while listr shows the task. */
  onChange: (() => void) | undefined

  constructor(info: TaskInfo, hosts: string[], opts: FormatOptions) {
    this.info = info
    this.total = hosts.length
    this.opts = opts
  }

  /** Records a result; keeps its lines when they should stay on screen. */
  add(r: HostResult): void {
    this.retrying.delete(r.host)
    const prev = this.byHost.get(r.host)
    if (prev === undefined || RANK.indexOf(r.status) < RANK.indexOf(prev)) this.byHost.set(r.host, r.status)
    const bad = r.status !== 'ok' && r.status !== 'changed' && r.status !== 'skipped'
    const shown =
      bad || r.display !== undefined || this.opts.verbosity >= 1 || (this.opts.diff && (r.diffs?.length ?? 0) > 0)
    if (shown) this.persist.push(formatResult(r, this.opts))
    this.onChange?.()
  }

  /** A host's `until` attempt failed; it tries again (shown in the running title). */
  retry(host: string, retriesLeft: number): void {
    this.retrying.set(host, retriesLeft)
    this.onChange?.()
  }

  finish(): void {
    this.resolveDone()
  }

  counts(): Record<Status, number> {
    const c: Record<Status, number> = { ok: 0, changed: 0, skipped: 0, failed: 0, unreachable: 0, rescued: 0, ignored: 0 }
    for (const s of this.byHost.values()) c[s]++
    return c
  }

  /** True when some host failed or was unreachable (the line is shown as failed). */
  failed(): boolean {
    const c = this.counts()
    return c.failed + c.unreachable > 0
  }

  /** True when every host that answered skipped the task. */
  allSkipped(): boolean {
    return this.byHost.size > 0 && this.counts().skipped === this.byHost.size
  }

  private label(): string {
    return this.info.isHandler ? `handler: ${taskLabel(this.info)}` : taskLabel(this.info)
  }

  /** `name [3/7 hosts]` while running. */
  progressTitle(): string {
    const waiting = [...this.retrying].map(([h, n]) => `${h} (${n} left)`)
    const more = waiting.length > 3 ? ` +${waiting.length - 3}` : ''
    return `${this.label()} [${this.byHost.size}/${this.total} hosts]${waiting.length ? ` retrying: ${waiting.slice(0, 3).join(', ')}${more}` : ''}`
  }

  /** `name ok=5 changed=2 failed=0` once over; non-zero counts coloured. */
  finalTitle(): string {
    const p = palette(this.opts.color)
    const paint = { ok: p.ok, changed: p.changed, failed: p.error, unreachable: p.unreachable, skipped: p.skip, rescued: p.ok, ignored: p.warn }
    const c = this.counts()
    const parts = TITLE_ORDER.filter((s) => ALWAYS.has(s) || c[s] > 0).map((s) =>
      c[s] > 0 ? paint[s](`${s}=${c[s]}`) : `${s}=${c[s]}`,
    )
    return `${this.label()} ${parts.join(' ')}`
  }
}
