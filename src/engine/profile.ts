/**
 * Opt-in timing (KRUN_PROFILE=1) for `npm run bench -- --profile`: where a run's time goes.
 * Off, both helpers return what they are given. On, one `KRUN_PROFILE {json}` line goes to
 * stderr at exit. Times summed over hosts are host-milliseconds (hosts run at once).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Connection } from '../connection/types.js'

const ON = process.env.KRUN_PROFILE === '1'
const phase = new AsyncLocalStorage<'plan' | 'apply'>()
const io = { connect: [] as number[], connectInPlanMs: 0, probe: { n: 0, ms: 0 }, apply: { n: 0, ms: 0 } }
const spans = { plan: { n: 0, ms: 0 }, apply: { n: 0, ms: 0 } }
let firstConnAt: number | undefined

/** Runs a module's plan or the apply of its changes, timed under that phase. */
export function timed<T>(p: 'plan' | 'apply', fn: () => Promise<T>): Promise<T> {
  if (!ON) return fn()
  const t = performance.now()
  return phase.run(p, fn).finally(() => ((spans[p].n += 1), (spans[p].ms += performance.now() - t)))
}

/** The connection with each call timed; its first call (connect + one round trip) counted apart. */
export function profiled(c: Connection): Connection {
  if (!ON) return c
  firstConnAt ??= performance.now()
  let first = true
  const wrap =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      const t = performance.now()
      const isFirst = first
      first = false
      return f(...a).finally(() => {
        const ms = performance.now() - t
        const bucket = phase.getStore() === 'apply' ? io.apply : io.probe
        if (isFirst) (io.connect.push(ms), phase.getStore() !== 'apply' && (io.connectInPlanMs += ms))
        else ((bucket.n += 1), (bucket.ms += ms))
      })
    }
  return { host: c.host, exec: wrap(c.exec.bind(c)), put: wrap(c.put.bind(c)), fetch: wrap(c.fetch.bind(c)), close: () => c.close() }
}

if (ON) {
  process.on('exit', () => {
    const cpu = process.cpuUsage()
    const report = { origin: performance.timeOrigin, startupMs: firstConnAt, exitMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, elu: performance.eventLoopUtilization().utilization, io, spans }
    process.stderr.write(`KRUN_PROFILE ${JSON.stringify(report)}\n`)
  })
}
