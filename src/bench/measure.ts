/**
 * One measured run: the whole process under GNU time (user+sys CPU of it and every child it
 * waited for, peak RSS of its largest process), wall time around spawn to exit.
 */
import { spawn } from 'node:child_process'
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What one run of a contender cost. */
export interface Sample {
  wallMs: number
  cpuMs: number
  rssKb: number
  rc: number
  /** Sum over hosts of `changed=` in the recap, when the output has one. */
  changed?: number
  /** Sum over hosts of `failed=` and `unreachable=` in the recap. */
  failed?: number
  /** Hosts in the recap. */
  recapHosts?: number
  /** Last lines of output when rc != 0. */
  error?: string
}

/** Parses GNU time's `-f '%U %S %M'` line. */
export function parseTime(text: string): { cpuMs: number; rssKb: number } | undefined {
  const m = /^\s*([\d.]+) ([\d.]+) (\d+)\s*$/m.exec(text)
  if (!m) return undefined
  return { cpuMs: Math.round((Number(m[1]) + Number(m[2])) * 1000), rssKb: Number(m[3]) }
}

/** Totals over the recap lines (`host : ok=.. changed=.. unreachable=.. failed=..`) of krun's or Ansible's output. */
export function recapTotals(out: string): { hosts: number; changed: number; failed: number } | undefined {
  let t: { hosts: number; changed: number; failed: number } | undefined
  for (const m of out.matchAll(/^\S+\s*:\s*ok=\d+\s+changed=(\d+)(.*)$/gm)) {
    const count = (k: string): number => Number(new RegExp(`\\b${k}=(\\d+)`).exec(m[2] ?? '')?.[1] ?? 0)
    t ??= { hosts: 0, changed: 0, failed: 0 }
    t.hosts++
    t.changed += Number(m[1])
    t.failed += count('failed') + count('unreachable')
  }
  return t
}

/** Sums `changed=N` over the recap lines of krun's or Ansible's output. */
export function recapChanged(out: string): number | undefined {
  return recapTotals(out)?.changed
}

let seq = 0

/** Runs argv[0] with argv[1..] under /usr/bin/time; never rejects for a non-zero exit. */
export function measure(argv: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Sample & { stdout: string; stderr: string }> {
  const timeFile = join(tmpdir(), `krun-bench-time-${process.pid}-${seq++}`)
  const t0 = performance.now()
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, '--', ...argv], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout.on('data', (d: Buffer) => out.push(d))
  child.stderr.on('data', (d: Buffer) => err.push(d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = Math.round(performance.now() - t0)
      const stdout = Buffer.concat(out).toString()
      const stderr = Buffer.concat(err).toString()
      let timed: { cpuMs: number; rssKb: number } | undefined
      try {
        timed = parseTime(readFileSync(timeFile, 'utf8'))
        rmSync(timeFile, { force: true })
      } catch {
        timed = undefined
      }
      const rc = code ?? -1
      const sample: Sample & { stdout: string; stderr: string } = { wallMs, cpuMs: timed?.cpuMs ?? NaN, rssKb: timed?.rssKb ?? NaN, rc, stdout, stderr }
      const recap = recapTotals(stdout)
      if (recap) Object.assign(sample, { changed: recap.changed, failed: recap.failed, recapHosts: recap.hosts })
      if (rc !== 0) sample.error = `${stdout}\n${stderr}`.trim().split('\n').slice(-4).join('\n')
      resolve(sample)
    })
  })
}

/**
 * ControlPersist masters outlive ansible-playbook (GNU time never sees them): adds up their
 * CPU from /proc, then ends them. Only processes whose command line names `controlDir`.
 */
export function reapSshMasters(controlDir: string, clockTicks = 100): number {
  let ticks = 0
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (!cmdline.startsWith('ssh') || !cmdline.includes(controlDir)) continue
      // fields after the ')' of comm: utime and stime are the 12th and 13th
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(f[11]) + Number(f[12])
      process.kill(Number(pid), 'SIGTERM')
    } catch {
      // gone meanwhile
    }
  }
  return Math.round((ticks * 1000) / clockTicks)
}
