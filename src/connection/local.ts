import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { KrunError } from '../core/errors.js'
import { quote, sh, shJoin } from './quote.js'
import type { Become, Connection, ExecOptions, ExecResult, PutOptions } from './types.js'

/** rc reported when a command ran past its timeout (as coreutils `timeout` does). */
export const TIMEOUT_RC = 124
/** rc a become'd fetch uses to say "no such file" (any other failure is an error). */
const MISSING_RC = 111

/** Name of the temporary file a put writes beside its target before the rename. */
export function tempName(path: string): string {
  return join(dirname(path), `.krun-tmp-${randomBytes(6).toString('hex')}`)
}

/**
 * Wraps a command line for `become`: `sudo -n -u USER -- sh -c CMD` (or `sudo -S` when a
 * password is given), and nothing at all when the target user is the current one.
 * Env vars go through `env` because sudo resets the environment.
 */
export function becomeWrap(cmd: string, become: Become | undefined, currentUser: string, env?: Record<string, string>): string {
  if (!become || become.user === currentUser) return cmd
  const sudo = become.password === undefined ? ['sudo', '-n'] : ['sudo', '-S', '-p', '']
  const envArgs = env && Object.keys(env).length ? ['env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`)] : []
  return shJoin([...sudo, '-u', become.user, '--', ...envArgs, 'sh', '-c', cmd])
}

/** The shell script a put runs when it must go through sudo: content on stdin, same steps as the fs path. */
export function putScript(path: string, tmp: string, opts: PutOptions): string {
  const steps = [sh`umask 077 && cat > ${tmp}`]
  if (opts.mode) steps.push(sh`chmod ${opts.mode} ${tmp}`)
  const owner = ownerSpec(opts)
  if (owner) steps.push(sh`chown ${owner} ${tmp}`)
  steps.push(sh`mv -f ${tmp} ${path}`)
  return `${steps.join(' && ')} || { rc=$?; rm -f ${quote(tmp)}; exit $rc; }`
}

function ownerSpec(opts: PutOptions): string | undefined {
  if (opts.owner && opts.group) return `${opts.owner}:${opts.group}`
  if (opts.owner) return opts.owner
  if (opts.group) return `:${opts.group}`
  return undefined
}

/** Runs on this machine: the `local` connection (and the controller side of delegate_to: localhost). */
export class LocalConnection implements Connection {
  readonly host: string
  private readonly user: string

  constructor(host: string, opts: { user?: string } = {}) {
    this.host = host
    this.user = opts.user ?? userInfo().username
  }

  async exec(cmd: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const r = await this.run(cmd, opts)
    return { rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: r.stderr }
  }

  async put(path: string, content: Buffer, opts: PutOptions = {}): Promise<void> {
    const tmp = tempName(path)
    if (this.needsSudo(opts.become)) {
      const r = await this.run(putScript(path, tmp, opts), { stdin: content, become: opts.become })
      if (r.rc !== 0) throw new KrunError('E_PUT', `cannot write ${path}: ${r.stderr.trim() || `exit code ${r.rc}`}`)
      return
    }
    try {
      // 0600 first: the final mode is applied once the content is complete
      await writeFile(tmp, content, { mode: 0o600, flag: 'wx' })
      await chmod(tmp, opts.mode ? parseInt(opts.mode, 8) : 0o666 & ~process.umask())
      const owner = ownerSpec(opts)
      if (owner) {
        const r = await this.run(sh`chown ${owner} ${tmp}`, {})
        if (r.rc !== 0) throw new KrunError('E_PUT', `cannot chown ${path} to ${owner}: ${r.stderr.trim()}`)
      }
      await rename(tmp, path)
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined)
      if (e instanceof KrunError) throw e
      throw new KrunError('E_PUT', `cannot write ${path}: ${fsMessage(e)}`)
    }
  }

  async fetch(path: string, opts: { become?: Become } = {}): Promise<Buffer | null> {
    if (this.needsSudo(opts.become)) {
      const r = await this.run(`[ -e ${quote(path)} ] || exit ${MISSING_RC}; exec cat -- ${quote(path)}`, { become: opts.become })
      if (r.rc === MISSING_RC) return null
      if (r.rc !== 0) throw new KrunError('E_FETCH', `cannot read ${path}: ${r.stderr.trim() || `exit code ${r.rc}`}`)
      return r.stdout
    }
    try {
      return await readFile(path)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new KrunError('E_FETCH', `cannot read ${path}: ${fsMessage(e)}`)
    }
  }

  async close(): Promise<void> {}

  private needsSudo(become: Become | undefined): boolean {
    return !!become && become.user !== this.user
  }

  /** Spawns `/bin/sh -c`; every failure (spawn error, timeout) becomes an rc, never a throw. */
  private run(cmd: string, opts: ExecOptions): Promise<{ rc: number; stdout: Buffer; stderr: string }> {
    const sudo = this.needsSudo(opts.become)
    // cd inside the command so a missing directory is an rc and sudo'd users cd with their rights
    let line = opts.cwd ? `cd -- ${quote(opts.cwd)} || exit 1\n${cmd}` : cmd
    line = becomeWrap(line, opts.become, this.user, sudo ? opts.env : undefined)
    return new Promise((resolve) => {
      const out: Buffer[] = []
      const err: Buffer[] = []
      let timedOut = false
      let settled = false
      const done = (rc: number, extra = ''): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve({ rc, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') + extra })
      }
      // detached: the command gets its own process group, so a timeout kills its children too
      const child = spawn('/bin/sh', ['-c', line], {
        env: sudo || !opts.env ? process.env : { ...process.env, ...opts.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      })
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            timedOut = true
            if (child.pid !== undefined) {
              try {
                process.kill(-child.pid, 'SIGKILL')
              } catch {
                child.kill('SIGKILL')
              }
            }
          }, opts.timeoutMs)
        : undefined
      child.stdout.on('data', (d: Buffer) => out.push(d))
      child.stderr.on('data', (d: Buffer) => err.push(d))
      child.on('error', (e) => done(127, `${e.message}\n`))
      child.on('close', (code, signal) => {
        if (timedOut) done(TIMEOUT_RC, `command timed out after ${opts.timeoutMs} ms\n`)
        else done(code ?? 128 + signalNumber(signal))
      })
      // the command may exit without reading its input: EPIPE is not an error here
      child.stdin.on('error', () => undefined)
      const password = sudo && opts.become?.password !== undefined ? `${opts.become.password}\n` : ''
      if (password) child.stdin.write(password)
      child.stdin.end(opts.stdin ?? '')
    })
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const n: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 }
  return (signal && n[signal]) ?? 0
}

/** An fs error's message without the stack: `EACCES: permission denied`. */
function fsMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException
  if (err.code) return `${err.code}: ${(err.message.split(', ')[0] ?? '').replace(/^\w+: /, '')}`
  return err instanceof Error ? err.message : String(e)
}

