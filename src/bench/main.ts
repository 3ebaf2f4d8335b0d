/**
 * `npm run bench`: krun against ansible-playbook and against the floor on the same lab
 * hosts (issue 7). Prints the table, writes bench/results/<date>.json and .svg.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release } from 'node:os'
import { join } from 'node:path'
import { labDown, labUp, type LabInfo, type LabUpOptions } from '../lab/index.js'
import { USAGE, parseArgs, type BenchOptions } from './args.js'
import { benchLab } from './harness.js'
import { profileLab } from './profile-mode.js'
import { renderChart } from './svg.js'
import type { Cell } from './stats.js'
import { formatNotes, formatTable, growthLines, rowsOf } from './table.js'
import { runs } from './contenders.js'
import { REPO, allWorkloads, missingReason, type Workload } from './workloads.js'

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`)
let current: string | undefined
/** The 7 systemd hosts W4 runs on, once per bench (not per N); no python: only krun runs there. */
const HA_LAB: LabUpOptions = { name: 'kbench-ha', layout: 'ha', log }

/** Brings a lab up (after removing a stale one of that name), runs fn, always takes it down. */
async function withLab<T>(opts: LabUpOptions, fn: (lab: LabInfo) => Promise<T>): Promise<T> {
  await labDown(opts.name)
  current = opts.name
  const t = performance.now()
  const lab = await labUp(opts)
  log(`lab ${opts.name} up: ${lab.hosts.length} hosts in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  try {
    return await fn(lab)
  } finally {
    await labDown(opts.name)
    current = undefined
  }
}

function version(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0]
  } catch {
    return undefined
  }
}

function selected(o: BenchOptions): Workload[] {
  const ws = allWorkloads().filter((w) => !o.only || o.only.includes(w.id))
  return ws.filter((w) => {
    const why = missingReason(w)
    if (why) process.stdout.write(`${w.id}: skipped (${why})\n`)
    return !why
  })
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv)
  if (o.help) return (process.stdout.write(`${USAGE}\n`), 0)
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time (GNU time) is missing: run scripts/setup.sh')
  const ansible = version('ansible-playbook', ['--version'])
  const ws = selected(o)
  if (o.contenders.includes('ansible') && ws.some((w) => runs('ansible', w)) && !ansible) throw new Error('ansible-playbook is missing: run scripts/setup.sh (or --contenders krun,floor)')
  const light = ws.filter((w) => w.layout === 'light')
  const ha = ws.filter((w) => w.layout === 'ha')
  const hopts = { runs: o.runs, ansibleRuns: o.ansibleRuns, warmup: o.warmup, contenders: o.contenders, log }
  if (o.profile) {
    const n = o.hosts[0]!
    if (light.length) await withLab({ name: `kbench-${n}`, hosts: n, light: true }, (lab) => profileLab(lab, light, log))
    if (ha.length) await withLab(HA_LAB, (lab) => profileLab(lab, ha, log))
    return 0
  }
  const cells: Cell[] = []
  for (const n of light.length ? o.hosts : []) cells.push(...(await withLab({ name: `kbench-${n}`, hosts: n, light: true }, (lab) => benchLab(lab, light, hopts))))
  if (ha.length) cells.push(...(await withLab(HA_LAB, (lab) => benchLab(lab, ha, hopts))))
  const rows = rowsOf(cells)
  const table = formatTable(rows)
  const growth = growthLines(rows)
  const notes = formatNotes(cells)
  process.stdout.write(`\n${table}\n${[...growth, ...notes.map((l) => `note: ${l}`)].map((l) => `${l}\n`).join('')}`)
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '')
  const name = `${stamp}${o.warmup ? '' : '-quick'}`
  const dir = o.outDir ?? join(REPO, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const machine = { cpus: cpus().length, loadavg: loadavg(), kernel: release(), node: process.version, ansible }
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ date: new Date().toISOString(), machine, options: o, table, growth, notes, rows, cells }, null, 2)}\n`)
  writeFileSync(join(dir, `${name}.svg`), renderChart(cells, `krun bench ${stamp}`))
  process.stdout.write(`wrote ${join(dir, name)}.json and .svg\n`)
  return 0
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: taking the lab down`)
    void (current ? labDown(current) : Promise.resolve(false)).finally(() => process.exit(130))
  })
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  },
)
