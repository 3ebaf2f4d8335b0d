import { BOOL, toBool } from './lib/args.js'
import { dnfParts, dnfPlan, RPM_NAME, type DnfJob } from './lib/dnf-plan.js'
import { namedProbe } from './lib/named-probe.js'
import { PKG_NAMES, PKG_STATES, pkgList, pkgSpec, pkgState } from './lib/packages.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `dnf` (Ansible's names and aliases). */
export interface DnfArgs {
  name?: string | string[]
  pkg?: string | string[]
  state?: (typeof PKG_STATES)[number]
  update_cache?: boolean | string
  'expire-cache'?: boolean | string
  install_weak_deps?: boolean | string
  disable_gpg_check?: boolean | string
}

/** Reads dnf's (or yum's) arguments into a job. */
export function dnfJob(args: DnfArgs, bin: DnfJob['bin'] = 'dnf'): DnfJob {
  const weak = args.install_weak_deps
  return {
    bin,
    specs: pkgList(args.name ?? args.pkg).map((r) => pkgSpec(r, '', RPM_NAME, bin)),
    state: pkgState(args.state),
    updateCache: toBool(args.update_cache ?? args['expire-cache'], 'update_cache', false),
    ...(weak === undefined ? {} : { installWeakDeps: toBool(weak, 'install_weak_deps', true) }),
    disableGpgCheck: toBool(args.disable_gpg_check, 'disable_gpg_check', false),
  }
}

/** `dnf`: RPM packages present, absent or at their newest version; one probe per task. */
export const dnf: ModuleDef<DnfArgs> = {
  name: 'dnf',
  aliases: ['ansible.builtin.dnf', 'ansible.legacy.dnf'],
  schema: {
    type: 'object',
    properties: {
      name: PKG_NAMES, pkg: PKG_NAMES,
      state: { type: 'string', enum: [...PKG_STATES] },
      update_cache: BOOL, 'expire-cache': BOOL,
      install_weak_deps: BOOL, disable_gpg_check: BOOL,
    },
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const job = dnfJob(args)
    if (job.specs.length === 0 && !job.updateCache) throw new ModuleFailure('dnf: one of name or update_cache is required')
    const probe = namedProbe(dnfParts(job))
    const r = await ctx.probe.exec(probe.cmd)
    return dnfPlan(job, probe.read(r.stdout))
  },
}
