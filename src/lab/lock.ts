/**
 * A lock file shared between processes (two test files building the same base tree, two
 * labs picking subnets at once). Holds the owner's pid; a lock whose owner died is taken over.
 */
import { openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs'
import { KrunError } from '../core/errors.js'
import { pidAlive, sleep } from './run.js'

function tryTake(path: string): boolean {
  try {
    const fd = openSync(path, 'wx')
    writeSync(fd, String(process.pid))
    closeSync(fd)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    return false
  }
}

function ownerGone(path: string): boolean {
  let pid = NaN
  try {
    pid = Number(readFileSync(path, 'utf8').trim())
  } catch {
    return false // removed meanwhile: the next try takes it
  }
  return !Number.isInteger(pid) || pid <= 0 || (!pidAlive(pid) && pid !== process.pid)
}

/** Runs fn while holding the lock file at `path`; waits for another holder up to timeoutMs. */
export async function withLock<T>(path: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (!tryTake(path)) {
    if (ownerGone(path)) {
      try {
        unlinkSync(path)
      } catch {
        // another waiter removed it first
      }
      continue
    }
    if (Date.now() > deadline) throw new KrunError('E_LAB_LOCK', `timed out waiting for lock ${path} (held by another krun process)`)
    await sleep(200)
  }
  try {
    return await fn()
  } finally {
    try {
      unlinkSync(path)
    } catch {
      // already gone
    }
  }
}
