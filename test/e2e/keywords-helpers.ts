import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { krun, recap, type Run } from './helpers.js'

/** A host_result event of a --json run. */
export type Result = Run['events'][number] & { host: string; task: string; status: string; item?: string; data?: Record<string, unknown>; duration_ms: number }

/**
 * The keywords fixture (test/fixtures/keywords) copied once; each run gets a fresh root with one
 * directory per host, passed as `-e root=...` (group_vars/all.yml: d = root/inventory_hostname).
 */
export class Keywords {
  constructor(readonly project: string) {}

  /** A fresh, empty root with h1..h3 directories. */
  root(): string {
    mkdirSync(join(this.project, 'roots'), { recursive: true })
    const r = mkdtempSync(join(this.project, 'roots', 'r-'))
    for (const h of ['h1', 'h2', 'h3']) mkdirSync(join(r, h))
    return r
  }

  /** `krun playbooks/<book> -i inventory.ini -e root=<root> --json ...extra`. */
  play(book: string, root: string, ...extra: string[]): Promise<Run> {
    return this.cli([`playbooks/${book}`, '-i', 'inventory.ini', '-e', `root=${root}`, '--json', ...extra])
  }

  /** The CLI run in the project directory. */
  cli(args: string[]): Promise<Run> {
    return krun(args, { cwd: this.project })
  }
}

/** host_result events, optionally of one task. */
export function results(run: Run, task?: string): Result[] {
  return run.events.filter((e): e is Result => e.event === 'host_result' && (task === undefined || e.task === task))
}

/** The result of one task on one host (the task's summary when it looped). */
export function resultOf(run: Run, task: string, host: string): Result | undefined {
  return results(run, task).findLast((r) => r.host === host)
}

/** host -> status of one task. */
export function statuses(run: Run, task: string): Record<string, string> {
  return Object.fromEntries(results(run, task).map((r) => [r.host, r.status]))
}

/** Changed count per host (the recap), for "the second run changes nothing". */
export function changedPerHost(run: Run): Record<string, number> {
  return Object.fromEntries(Object.entries(recap(run)).map(([h, s]) => [h, s.changed ?? 0]))
}

/** A file's text under root, or null when it does not exist. */
export function read(root: string, rel: string): string | null {
  const p = join(root, rel)
  return existsSync(p) ? readFileSync(p, 'utf8') : null
}

/** Index of the first event matching. */
export function indexOf(run: Run, pred: (e: Run['events'][number]) => boolean): number {
  return run.events.findIndex(pred)
}
