/** Command line of `npm run bench -- [options]`. */
import { CONTENDERS, type ContenderName } from './contenders.js'

/** What to run. */
export interface BenchOptions {
  /** Host counts, one lab each (default 10 and 50). */
  hosts: number[]
  /** Measured runs per contender and workload, after one warm-up (none with --quick). */
  runs: number
  /** Measured runs of ansible-playbook, when fewer than `runs` to fit a time budget (default: runs). */
  ansibleRuns?: number
  warmup: boolean
  /** Workload ids to run (default all). */
  only?: string[]
  contenders: ContenderName[]
  profile: boolean
  outDir?: string
  help: boolean
}

export const USAGE = `npm run bench -- [options]
  --hosts N[,N...]     lab sizes (default 10,50; up to 200)
  --runs K             measured runs per contender (default 3, after a warm-up)
  --ansible-runs K     fewer measured ansible-playbook runs (its W3 at N=50 takes minutes)
  --quick              N=3, 1 run, no warm-up (development)
  --only W1,W3r,...    workloads (W1 W2 W3 W3r W4)
  --contenders LIST    krun,ansible,floor (default all)
  --profile            where krun's time goes, per workload, on the first N (KRUN_PROFILE=1)
  --out DIR            results directory (default bench/results)`

/** Parses argv; throws Error with a one-line message on bad input. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = { hosts: [10, 50], runs: 3, warmup: true, contenders: [...CONTENDERS], profile: false, help: false }
  let quick = false
  let hostsSet = false
  let runsSet = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const val = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    const ints = (v: string, max: number): number[] =>
      v.split(',').map((x) => {
        const n = Number(x)
        if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${a}: '${x}' is not a whole number in 1..${max}`)
        return n
      })
    if (a === '--hosts') ((o.hosts = ints(val(), 200)), (hostsSet = true))
    else if (a === '--runs') ((o.runs = ints(val(), 50)[0]!), (runsSet = true))
    else if (a === '--ansible-runs') o.ansibleRuns = ints(val(), 50)[0]!
    else if (a === '--quick') quick = true
    else if (a === '--only') o.only = val().split(',')
    else if (a === '--contenders') o.contenders = val().split(',').map((c) => {
      if (!(CONTENDERS as readonly string[]).includes(c)) throw new Error(`--contenders: unknown '${c}' (krun, ansible, floor)`)
      return c as ContenderName
    })
    else if (a === '--profile') o.profile = true
    else if (a === '--out') o.outDir = val()
    else if (a === '--help' || a === '-h') o.help = true
    else throw new Error(`unknown option '${a}'`)
  }
  if (quick) {
    if (!hostsSet) o.hosts = [3]
    if (!runsSet) o.runs = 1
    o.warmup = false
  }
  o.hosts = [...new Set(o.hosts)].sort((x, y) => x - y)
  return o
}
