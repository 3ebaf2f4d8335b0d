/**
 * Extends the fake host (fake-host.ts) to commands joined with probe-sections.ts: each part
 * is answered by the fake filesystem when it is a stat or guard probe, else by the test's `answer`.
 */
import type { ExecResult } from '../../connection/types.js'
import { SECTION_GLUE, SECTION_MARK } from '../lib/probe-sections.js'
import type { PlanContext } from '../types.js'
import { fakeContext, type FakeFs } from './fake-host.js'

/** A test's answer to a non-stat command part: its stdout, a full result, or undefined (unexpected). */
export type Answer = (part: string) => string | ExecResult | undefined

const isFsProbe = (part: string): boolean => part.startsWith('for p in ') || part.startsWith('r=no; for f in ')

/** fakeContext whose probe also answers joined sections and the test's own commands; `rounds` lists every exec (round trip). */
export function scriptedContext(fs: FakeFs, answer: Answer, over: Partial<PlanContext> = {}): ReturnType<typeof fakeContext> & { rounds: string[] } {
  const ctx = fakeContext(fs, over)
  const inner = ctx.probe.exec.bind(ctx.probe)
  const rounds: string[] = []
  const one = async (part: string): Promise<ExecResult> => {
    if (isFsProbe(part)) return inner(part)
    const a = answer(part)
    if (a === undefined) throw new Error(`fake host: unexpected command: ${part}`)
    return typeof a === 'string' ? { rc: 0, stdout: a, stderr: '' } : a
  }
  ctx.probe.exec = async (line, opts) => {
    // a long probe goes to sh on stdin (lib/bulk.ts)
    const cmd = line === 'sh' && opts?.stdin !== undefined ? String(opts.stdin) : line
    rounds.push(cmd)
    const outs = await Promise.all(cmd.split(SECTION_GLUE).map(one))
    return { rc: outs.at(-1)?.rc ?? 0, stdout: outs.map((o) => o.stdout).join(`\n${SECTION_MARK}\n`), stderr: outs.map((o) => o.stderr).join('') }
  }
  return Object.assign(ctx, { rounds })
}
