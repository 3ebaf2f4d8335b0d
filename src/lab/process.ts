/**
 * Long-lived host processes (systemd-nspawn, unshare): start detached with a log file,
 * recognise them later by pid + command line, stop them for good.
 */
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { KrunError } from '../core/errors.js'
import { pidAlive, sleep } from './run.js'

/** Starts argv in its own session (survives the caller), output appended to logPath; returns its pid. */
export function startDetached(argv: readonly string[], logPath: string): number {
  const fd = openSync(logPath, 'a')
  try {
    const [cmd, ...args] = argv
    const child = spawn(cmd!, args, { detached: true, stdio: ['ignore', fd, fd] })
    child.on('error', () => undefined)
    child.unref()
    if (child.pid === undefined) throw new KrunError('E_LAB_CMD', `cannot start ${cmd}`)
    return child.pid
  } finally {
    closeSync(fd)
  }
}

/** True when pid is alive and its command line mentions `marker` (guards against pid reuse). */
export function isOurs(pid: number | undefined, marker: string): boolean {
  if (!pid || !pidAlive(pid)) return false
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)
  } catch {
    return false
  }
}

/** Direct children of a process. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Resolves true when pid exits within ms. */
export async function waitExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!isZombieOrGone(pid)) await sleep(50)
    else return true
  }
  return isZombieOrGone(pid)
}

function isZombieOrGone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

/**
 * Stops a host process: SIGTERM and a grace period (nspawn powers the container off), then
 * SIGKILL its children (the container's init, or an orphaned systemd keeps the namespace)
 * and itself.
 */
export async function stopProcess(pid: number | undefined, marker: string, graceMs: number): Promise<void> {
  if (!pid || !isOurs(pid, marker)) return
  if (graceMs > 0) {
    kill(pid, 'SIGTERM')
    if (await waitExit(pid, graceMs)) return
  }
  for (const c of childrenOf(pid)) kill(c, 'SIGKILL')
  kill(pid, 'SIGKILL')
  if (!(await waitExit(pid, 5000))) throw new KrunError('E_LAB_STOP', `process ${pid} did not exit after SIGKILL`)
}
