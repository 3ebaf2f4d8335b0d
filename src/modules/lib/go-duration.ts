/** Go durations ("87600h", "1h30m", "720h0m0s"), the way cfssl writes expiry and krun renew_before. */
import { ModuleFailure } from '../types.js'

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 }

/** A Go duration ("87600h", "1h30m", "720h0m0s") in ms; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const s = text.trim()
  if (s === '0') return 0
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy
  let total = 0
  let end = 0
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0)
    end = re.lastIndex
  }
  return end === s.length && end > 0 ? total : undefined
}

/** A duration argument in ms, or a ModuleFailure naming the argument. */
export function durationArg(v: unknown, what: string): number {
  const ms = typeof v === 'string' ? parseGoDuration(v) : undefined
  if (ms === undefined) throw new ModuleFailure(`${what}: ${JSON.stringify(v)} is not a duration like "87600h" or "720h"`)
  return ms
}
