/**
 * Builds the command line an exec channel runs: cwd, env assignments, timeout and sudo
 * wrapping around a `sh -c` script, all quoted with quote.ts (targets may run dash).
 */
import { KrunError } from '../core/errors.js'
import { quote } from './quote.js'
import type { Become, ExecOptions } from './types.js'

/** A command line ready for an exec channel, plus what the client must do for sudo -S. */
export interface BuiltCommand {
  line: string
  /** Set when sudo reads a password: the prompt to answer on stderr, and the line the command prints once sudo let it run. */
  sudo?: { prompt: string; marker: string; password: string }
}

/** Seconds after the timeout before `timeout` sends SIGKILL. */
const KILL_AFTER_S = 5

/** True when running as `become.user` needs sudo (not when already that user). */
export function needsSudo(become: Become | undefined, loginUser: string): become is Become {
  return become !== undefined && become.user !== loginUser
}

/** `A='1' B='2'`, refusing names that sh would not take as assignments. */
export function envAssignments(env: Record<string, string> | undefined): string {
  return Object.entries(env ?? {})
    .map(([k, v]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new KrunError('E_EXEC_ENV', `not a valid environment variable name: '${k}'`)
      return `${k}=${quote(v)}`
    })
    .join(' ')
}

/** Seconds for timeout(1), with millisecond precision. */
function seconds(ms: number): string {
  return String(Math.max(ms, 1) / 1000)
}

/**
 * Wraps `cmd` for one exec: `[VARS] [timeout] sh -c 'CMD'`, or with sudo
 * `sudo -n -u USER -- [env VARS] [timeout] sh -c 'CMD'`. A sudo password is fed on stdin
 * (`sudo -S`) after sudo prints `nonce`'s prompt; the script first prints a marker to stderr
 * so the client knows sudo has finished reading (the prompt and marker never reach the output).
 */
export function buildCommand(cmd: string, opts: ExecOptions, loginUser: string, nonce: string): BuiltCommand {
  let script = opts.cwd !== undefined ? `cd ${quote(opts.cwd)} || exit\n${cmd}` : cmd
  const assigns = envAssignments(opts.env)
  const timeout = opts.timeoutMs !== undefined ? `timeout -k ${KILL_AFTER_S} ${seconds(opts.timeoutMs)} ` : ''
  const become = opts.become
  if (!needsSudo(become, loginUser)) {
    return { line: `${assigns ? `${assigns} ` : ''}${timeout}sh -c ${quote(script)}` }
  }
  const env = assigns ? `env ${assigns} ` : ''
  if (become.password === undefined) {
    return { line: `sudo -n -u ${quote(become.user)} -- ${env}${timeout}sh -c ${quote(script)}` }
  }
  const prompt = `[krun-sudo-${nonce}]`
  const marker = `krun-become-ok-${nonce}`
  script = `echo ${marker} >&2\n${script}`
  return {
    line: `sudo -S -p ${quote(prompt)} -u ${quote(become.user)} -- ${env}${timeout}sh -c ${quote(script)}`,
    sudo: { prompt, marker, password: become.password },
  }
}

/** Removes sudo prompts (and the marker line) from stderr text. */
export function stripSudoNoise(stderr: string, sudo: NonNullable<BuiltCommand['sudo']>): string {
  return stderr.split(sudo.prompt).join('').replace(new RegExp(`^${sudo.marker}\\n`, 'm'), '')
}

/**
 * The same command as a line for a persistent shell (ssh-shell.ts), or undefined when it
 * needs its own exec channel: stdin to feed, a sudo password dialogue, or a timeout to enforce.
 * Without sudo the script runs by `eval` in the driver's subshell: no second `sh` to start.
 */
export function shellLine(cmd: string, opts: ExecOptions, loginUser: string): string | undefined {
  if (opts.stdin !== undefined || opts.timeoutMs !== undefined) return undefined
  if (needsSudo(opts.become, loginUser)) return opts.become.password === undefined ? buildCommand(cmd, opts, loginUser, '').line : undefined
  const script = opts.cwd !== undefined ? `cd ${quote(opts.cwd)} || exit\n${cmd}` : cmd
  const assigns = envAssignments(opts.env)
  return `${assigns ? `export ${assigns}\n` : ''}eval ${quote(script)}`
}
