import { INT, STR, exclusive, toInt, toStr } from './lib/args.js'
import { CONNECTED, LOCAL_HOSTS, NO_CLIENT, PRESENT, PROC_NET, connectCommand, parseProcNet, pathCommand } from './lib/wait-probes.js'
import { ModuleFailure, type ModuleDef, type PlanContext } from './types.js'

/** Arguments of `wait_for`. */
export interface WaitForArgs {
  host?: string
  port?: number | string
  path?: string
  state?: 'started' | 'stopped' | 'present' | 'absent' | 'drained'
  timeout?: number | string
  delay?: number | string
  sleep?: number | string
  connect_timeout?: number | string
  search_regex?: string
  msg?: string
}

const NUM = { type: ['number', 'string'] } as const
const wait = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000))

function seconds(v: unknown, name: string, def: number): number {
  if (v === undefined || v === null || v === '') return def
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new ModuleFailure(`argument '${name}' must be a number of seconds, got ${JSON.stringify(v)}`)
  return n
}

/** Python's named groups `(?P<name>` as JavaScript spells them. */
function regexOf(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined
  try {
    return new RegExp(text.replace(/\(\?P</g, '(?<'), 'm')
  } catch (e) {
    throw new ModuleFailure(`search_regex: ${(e as Error).message}`)
  }
}

interface Job {
  host: string
  port?: number
  path?: string
  state: NonNullable<WaitForArgs['state']>
  connectTimeout: number
  regex?: RegExp
}

/** One look at the target: is the condition met (and what matched)? */
async function attempt(j: Job, ctx: PlanContext): Promise<{ done: boolean; match?: RegExpExecArray }> {
  const want = j.state === 'started' || j.state === 'present'
  if (j.path !== undefined) {
    const out = (await ctx.probe.exec(pathCommand(j.path, want && !!j.regex))).stdout
    const exists = out.startsWith(PRESENT)
    if (!want) return { done: !exists }
    if (!exists || !j.regex) return { done: exists }
    const match = j.regex.exec(out.slice(PRESENT.length + 1))
    return match ? { done: true, match } : { done: false }
  }
  const port = j.port ?? 0
  if (j.state === 'drained' || (LOCAL_HOSTS.has(j.host) && !j.regex)) {
    const net = parseProcNet((await ctx.probe.exec(PROC_NET)).stdout, port)
    return { done: j.state === 'drained' ? net.active === 0 : net.listening === want }
  }
  const out = (await ctx.probe.exec(connectCommand(j.host, port, j.connectTimeout, want && !!j.regex))).stdout
  if (out.startsWith(NO_CLIENT)) throw new ModuleFailure(`wait_for: ${ctx.host} has no way to open a TCP connection (it needs bash, perl or nc)`)
  const open = out.startsWith(CONNECTED)
  if (!want) return { done: !open }
  if (!open || !j.regex) return { done: open }
  const match = j.regex.exec(out.slice(CONNECTED.length + 1))
  return match ? { done: true, match } : { done: false }
}

function subject(j: Job): string {
  return j.path !== undefined ? `${j.path}` : `${j.host}:${j.port ?? ''}`
}

/** Ansible's timeout messages. */
function timeoutMessage(j: Job, regexText: string | undefined): string {
  if (regexText !== undefined) return `Timeout when waiting for search string ${regexText} in ${subject(j)}`
  if (j.state === 'drained') return `Timeout when waiting for ${subject(j)} to drain`
  if (j.state === 'stopped') return `Timeout when waiting for ${subject(j)} to stop.`
  if (j.state === 'absent') return `Timeout when waiting for ${subject(j)} to be absent.`
  return j.path !== undefined ? `Timeout when waiting for file ${j.path}` : `Timeout when waiting for ${subject(j)}`
}

/** `wait_for`: waits (reading only) until a port or a path reaches a state; always ok, or failed on timeout. */
export const wait_for: ModuleDef<WaitForArgs> = {
  name: 'wait_for',
  aliases: ['ansible.builtin.wait_for', 'ansible.legacy.wait_for'],
  schema: {
    type: 'object',
    properties: {
      host: STR, port: INT, path: STR, search_regex: STR, msg: STR,
      state: { type: 'string', enum: ['started', 'stopped', 'present', 'absent', 'drained'] },
      timeout: NUM, delay: NUM, sleep: NUM, connect_timeout: NUM,
    },
    additionalProperties: false,
    ...exclusive(['port', 'path']),
  },
  async plan(args, ctx) {
    const state = args.state ?? 'started'
    const path = toStr(args.path)
    const port = args.port === undefined ? undefined : toInt(args.port, 'port', 0)
    const regexText = toStr(args.search_regex)
    if (path !== undefined && port !== undefined) throw new ModuleFailure('port and path parameter can not both be passed to wait_for')
    if (path !== undefined && (state === 'stopped' || state === 'drained')) throw new ModuleFailure(`state=${state} should only be used for checking a port in the wait_for module`)
    if (port !== undefined && state === 'absent') throw new ModuleFailure('state=absent should only be used for checking a file in the wait_for module')
    if (regexText !== undefined && state !== 'started' && state !== 'present') throw new ModuleFailure(`search_regex is only used with state started or present, not ${state}`)
    if (state === 'drained' && port === undefined) throw new ModuleFailure('state=drained needs a port')
    const timeout = seconds(args.timeout, 'timeout', 300)
    const pause = seconds(args.sleep, 'sleep', 1)
    await wait(seconds(args.delay, 'delay', 0))
    const start = Date.now()
    const elapsed = (): number => Math.round((Date.now() - start) / 100) / 10
    if (path === undefined && port === undefined) {
      await wait(timeout)
      return { changed: false, noop: `waited ${timeout}s`, data: { elapsed: elapsed(), state } }
    }
    const job: Job = { host: toStr(args.host) ?? '127.0.0.1', state, connectTimeout: seconds(args.connect_timeout, 'connect_timeout', 5), regex: regexOf(regexText), ...(path !== undefined ? { path } : { port }) }
    for (;;) {
      const r = await attempt(job, ctx)
      if (r.done) {
        const data: Record<string, unknown> = { elapsed: elapsed(), state, ...(path !== undefined ? { path } : { port }) }
        if (r.match) Object.assign(data, { match_groups: r.match.slice(1), match_groupdict: { ...r.match.groups } })
        return { changed: false, noop: `${subject(job)} is ${state} (after ${data.elapsed}s)`, data }
      }
      if (Date.now() + pause * 1000 > start + timeout * 1000) {
        throw new ModuleFailure(toStr(args.msg) ?? timeoutMessage(job, regexText), { elapsed: elapsed() })
      }
      await wait(pause)
    }
  },
}
