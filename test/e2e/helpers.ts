import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../..')
const BIN = join(REPO, 'bin/krun.js')

export interface Run {
  code: number
  stdout: string
  stderr: string
  /** Parsed --json events (when the run used --json). */
  events: Array<Record<string, unknown> & { event: string }>
}

/** Runs the built CLI as a user would; never throws on a non-zero exit. */
export function krun(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Run> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO, env: { ...process.env, CI: '1', NO_COLOR: '1', ...opts.env } })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    p.on('error', rej)
    p.stdin.end(opts.input ?? '')
    p.on('close', (code) => {
      const events = stdout.split('\n').filter((l) => l.startsWith('{')).flatMap((l) => {
        try {
          return [JSON.parse(l) as Run['events'][number]]
        } catch {
          return []
        }
      })
      res({ code: code ?? -1, stdout, stderr, events })
    })
  })
}

/** The recap of a --json run: host -> stats. */
export function recap(run: Run): Record<string, Record<string, number>> {
  const e = run.events.find((x) => x.event === 'recap')
  if (!e) throw new Error(`no recap in output:\n${run.stdout}\n${run.stderr}`)
  return e.stats as Record<string, Record<string, number>>
}

/** Sum of one counter over all hosts. */
export function total(run: Run, key: string): number {
  return Object.values(recap(run)).reduce((n, s) => n + (s[key] ?? 0), 0)
}

/** Task names (not handlers) that produced a host result (in order, unique). */
export function tasksRun(run: Run, status?: string): string[] {
  const handlers = new Set(
    run.events.filter((e) => e.event === 'task_start' && (e.task as { handler?: boolean }).handler).map((e) => (e.task as { name: string }).name),
  )
  const names = run.events
    .filter((e) => e.event === 'host_result' && (!status || e.status === status) && !handlers.has(String(e.task)))
    .map((e) => (e.role ? `${String(e.role)} : ${String(e.task)}` : String(e.task)))
  return [...new Set(names)]
}

/** A fresh copy of a fixture project in a temporary directory. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `krun-${name}-`))
  cpSync(join(REPO, 'test/fixtures', name), dir, { recursive: true })
  return dir
}

/** path -> sha256, mode and link target of every entry under dir: "changes no byte" made checkable. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name)
      const st = lstatSync(p)
      const key = relative(dir, p)
      if (st.isDirectory()) {
        out[key] = `dir ${st.mode.toString(8)}`
        walk(p)
      } else if (st.isSymbolicLink()) out[key] = `link ${readlinkSync(p)}`
      else out[key] = `${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`
    }
  }
  walk(dir)
  return out
}

/** The --list-tasks lines of a listing, without the TAGS suffix. */
export function listedTasks(stdout: string): string[] {
  const lines = stdout.split('\n')
  const out: string[] = []
  let inTasks = false
  for (const l of lines) {
    if (/^\s{4}tasks:/.test(l)) inTasks = true
    else if (/^\s{2}play #/.test(l) || l.trim() === '') inTasks = false
    else if (inTasks) out.push(l.trim().replace(/\s*TAGS: \[.*\]$/, ''))
  }
  return out
}

/** A scratch project of `n` local-connection hosts (h1..hn in inv.ini); remove it with rmSync when done. */
export function localProject(name: string, n: number): string {
  const dir = mkdtempSync(join(tmpdir(), `krun-${name}-`))
  const hosts = Array.from({ length: n }, (_, i) => `h${i + 1} ansible_connection=local`).join('\n')
  writeFileSync(join(dir, 'inv.ini'), `[all]\n${hosts}\n`)
  return dir
}
