/**
 * The floor contender: the least a controller can do for a workload. One ssh2 connection
 * per host (TCP_NODELAY), all hosts at once, one idempotent shell command per task.
 * Usage: node dist/bench/floor.js SPEC.json ; prints {"connectMs":[...],"runMs":[...]} on stdout.
 */
import { readFileSync } from 'node:fs'
import { connect, exec } from './ssh-pool.js'

/** What the floor runs: per host, the steps in order (one exec each). */
export interface FloorSpec {
  keyPath: string
  hosts: Array<{ name: string; address: string; steps: Array<{ cmd: string; stdin?: string }> }>
}

async function main(specPath: string): Promise<number> {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as FloorSpec
  const t0 = performance.now()
  const connectMs: number[] = []
  const runMs: number[] = []
  const failures: string[] = []
  await Promise.all(
    spec.hosts.map(async (h) => {
      const c = await connect(h.address, spec.keyPath)
      const t1 = performance.now()
      connectMs.push(t1 - t0)
      for (const s of h.steps) {
        const r = await exec(c, s.cmd, s.stdin)
        if (r.rc !== 0) failures.push(`${h.name}: rc=${r.rc}: ${s.cmd}`)
      }
      runMs.push(performance.now() - t1)
      c.end()
    }),
  )
  process.stdout.write(`${JSON.stringify({ connectMs, runMs })}\n`)
  for (const f of failures) process.stderr.write(`${f}\n`)
  return failures.length ? 2 : 0
}

main(process.argv[2] ?? '').then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`floor: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 4
  },
)
