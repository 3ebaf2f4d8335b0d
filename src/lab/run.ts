/**
 * Process helpers for the lab: run a machine command and fail with a KrunError that says
 * which command failed and what it printed.
 */
import { spawn } from 'node:child_process'
import { KrunError } from '../core/errors.js'

/** Output of a finished command. */
export interface RunResult {
  rc: number
  stdout: string
  stderr: string
}

/** Runs argv[0] with args (no shell); resolves with rc and output, never rejects on rc != 0. */
export function runRaw(argv: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv
    if (cmd === undefined) return reject(new Error('empty command'))
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined
    child.on('error', (e) => {
      if (timer) clearTimeout(timer)
      reject(new KrunError('E_LAB_CMD', `cannot run ${cmd}: ${e.message}`))
    })
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({
        rc: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      })
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(opts.input ?? '')
  })
}

/** Runs a command and returns its stdout; throws E_LAB_CMD with stderr when it fails. */
export async function run(argv: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await runRaw(argv, opts)
  if (r.rc !== 0) {
    const detail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-5).join('\n')
    throw new KrunError('E_LAB_CMD', `command failed (exit ${r.rc}): ${argv.join(' ')}${detail ? `\n${detail}` : ''}`)
  }
  return r.stdout
}

/** Runs a command, ignoring failures (cleanup steps that may find nothing to clean). */
export async function tryRun(argv: readonly string[]): Promise<boolean> {
  try {
    return (await runRaw(argv)).rc === 0
  } catch {
    return false
  }
}

/** Resolves after ms milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** True when a process with this pid exists. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
