import { STR, toStr } from './lib/args.js'
import { aptParts, aptPlan, type AptJob } from './lib/apt-plan.js'
import { dnfParts, dnfPlan, type DnfJob } from './lib/dnf-plan.js'
import { namedProbe, type ProbePart } from './lib/named-probe.js'
import { PKG_NAMES, PKG_STATES } from './lib/packages.js'
import { aptJob } from './apt.js'
import { dnfJob } from './dnf.js'
import { ModuleFailure, type ModuleDef, type Plan, type PlanContext } from './types.js'

/** Arguments of `package`: the generic package module. */
export interface PackageArgs {
  name: string | string[]
  state?: (typeof PKG_STATES)[number]
  use?: string
}

type Mgr = 'apt' | 'dnf' | 'yum'
const MGRS: Record<string, Mgr> = { apt: 'apt', dnf: 'dnf', dnf5: 'dnf', yum: 'yum' }
// the first program found names the manager, as Ansible's pkg_mgr fact does
const DETECT = 'for m in apt-get dnf yum; do if command -v $m >/dev/null 2>&1; then echo $m; break; fi; done'

/** The manager a task names (use) or the host's facts name (ansible_pkg_mgr); undefined = probe. */
function knownMgr(use: string, vars: PlanContext['vars']): Mgr | undefined {
  const facts = vars.ansible_facts as Record<string, unknown> | undefined
  const name = use !== 'auto' ? use : toStr(vars.ansible_pkg_mgr ?? facts?.pkg_mgr)
  if (name === undefined) return undefined
  const mgr = MGRS[name]
  if (!mgr) throw new ModuleFailure(`package: unsupported package manager '${name}' (krun knows ${Object.keys(MGRS).join(', ')})`)
  return mgr
}

type Job = { mgr: 'apt'; job: AptJob } | { mgr: 'dnf' | 'yum'; job: DnfJob }

/** The job for each candidate manager; a name one manager rejects only matters if it is the one. */
function jobsFor(args: PackageArgs, mgrs: Mgr[]): Map<Mgr, Job | ModuleFailure> {
  const base = { name: args.name, ...(args.state ? { state: args.state } : {}) }
  const out = new Map<Mgr, Job | ModuleFailure>()
  for (const m of mgrs) {
    try {
      out.set(m, m === 'apt' ? { mgr: m, job: aptJob(base) } : { mgr: m, job: dnfJob(base, m) })
    } catch (e) {
      if (!(e instanceof ModuleFailure)) throw e
      out.set(m, e)
    }
  }
  return out
}

function partsOf(j: Job): ProbePart[] {
  return (j.mgr === 'apt' ? aptParts(j.job) : dnfParts(j.job)).map(([n, c]) => [`${j.mgr}.${n}`, c] as const)
}

function planOf(j: Job, out: Map<string, string>): Plan {
  const prefix = `${j.mgr}.`
  const mine = new Map([...out].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]))
  return j.mgr === 'apt' ? aptPlan(j.job, mine) : dnfPlan(j.job, mine)
}

/**
 * `package`: installs or removes packages with the host's manager (apt, dnf or yum), chosen by
 * `use`, else the ansible_pkg_mgr fact, else found by the same probe that reads the packages.
 */
export const packageModule: ModuleDef<PackageArgs> = {
  name: 'package',
  aliases: ['ansible.builtin.package', 'ansible.legacy.package'],
  schema: {
    type: 'object',
    properties: { name: PKG_NAMES, state: { type: 'string', enum: [...PKG_STATES] }, use: STR },
    required: ['name'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const known = knownMgr(toStr(args.use) ?? 'auto', ctx.vars)
    const jobs = jobsFor(args, known ? [known] : ['apt', 'dnf', 'yum'])
    const parts: ProbePart[] = known ? [] : [['detect', DETECT]]
    for (const j of jobs.values()) if (!(j instanceof ModuleFailure)) parts.push(...partsOf(j))
    const probe = namedProbe(parts)
    const out = probe.read((await ctx.probe.exec(probe.cmd)).stdout)
    const found = known ?? MGRS[(out.get('detect') ?? '').trim().replace('apt-get', 'apt')]
    if (!found) throw new ModuleFailure('package: no supported package manager found on the host (looked for apt-get, dnf, yum)')
    const job = jobs.get(found)
    if (job === undefined || job instanceof ModuleFailure) throw job ?? new ModuleFailure(`package: no job for ${found}`)
    return planOf(job, out)
  },
}
