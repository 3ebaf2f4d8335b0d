import { createInterface } from 'node:readline/promises'
import { BOOL, STR, toBool, toStr } from './lib/args.js'
import { ModuleFailure, type ModuleDef, type PlanContext } from './types.js'

/** Arguments of `pause`. */
export interface PauseArgs {
  seconds?: number | string
  minutes?: number | string
  prompt?: string
  echo?: boolean | string
}

const NUM = { type: ['number', 'string'] } as const
const NOT_INTERACTIVE = 'Not waiting for response to prompt as stdin is not interactive'

function amount(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new ModuleFailure(`argument '${name}' must be a non-negative number, got ${JSON.stringify(v)}`)
  return n
}

// hosts plan the same task at once: one question per task, not one per host
const asking = new Map<string, Promise<string>>()

/** Asks on the controller's terminal once for all hosts planning the same task. */
function ask(prompt: string, ctx: PlanContext): Promise<string> {
  const key = `${ctx.pos.file}:${ctx.pos.line ?? 0}:${prompt}`
  let p = asking.get(key)
  if (!p) {
    const rl = createInterface({ input: process.stdin, output: process.stderr })
    p = rl.question(`${prompt}: `).finally(() => {
      rl.close()
      asking.delete(key)
    })
    asking.set(key, p)
  }
  return p
}

/**
 * `pause`: waits on the controller (seconds/minutes), or asks for Enter when stdin is a
 * terminal. Without a terminal a prompt is shown and the play goes on, as Ansible does.
 */
export const pause: ModuleDef<PauseArgs> = {
  name: 'pause',
  aliases: ['ansible.builtin.pause', 'ansible.legacy.pause'],
  local: true,
  schema: {
    type: 'object',
    properties: { seconds: NUM, minutes: NUM, prompt: STR, echo: BOOL },
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const minutes = amount(args.minutes, 'minutes')
    const secs = minutes !== undefined ? minutes * 60 : amount(args.seconds, 'seconds')
    const prompt = toStr(args.prompt)
    const echo = toBool(args.echo, 'echo', true)
    const start = new Date()
    const base = { start: start.toISOString(), echo, user_input: '' }
    const stopped = (extra: Record<string, unknown>, stdout: string): Record<string, unknown> => {
      const stop = new Date()
      return { ...base, ...extra, stop: stop.toISOString(), delta: Math.round((stop.getTime() - start.getTime()) / 1000), stdout }
    }
    if (secs !== undefined) {
      await new Promise((r) => setTimeout(r, secs * 1000))
      const what = minutes !== undefined ? `${minutes} minutes` : `${secs} seconds`
      return { changed: false, noop: `Paused for ${what}`, data: stopped({}, `Paused for ${what}`), ...(prompt ? { display: prompt } : {}) }
    }
    const text = prompt ?? 'Press enter to continue, Ctrl+C to interrupt'
    if (!process.stdin.isTTY) return { changed: false, noop: NOT_INTERACTIVE, display: text, data: stopped({ warnings: [NOT_INTERACTIVE] }, 'Paused') }
    const input = await ask(text, ctx)
    return { changed: false, noop: 'Paused until enter', data: stopped({ user_input: input }, 'Paused') }
  },
}
