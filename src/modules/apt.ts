import { BOOL, INT, STR, exclusive, toBool, toInt, toStr } from './lib/args.js'
import { APT_NAME, aptParts, aptPlan, type AptJob } from './lib/apt-plan.js'
import { namedProbe } from './lib/named-probe.js'
import { PKG_NAMES, PKG_STATES, pkgList, pkgSpec, pkgState } from './lib/packages.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `apt` (Ansible's names and aliases). */
export interface AptArgs {
  name?: string | string[]
  pkg?: string | string[]
  package?: string | string[]
  state?: (typeof PKG_STATES)[number]
  update_cache?: boolean | string
  'update-cache'?: boolean | string
  cache_valid_time?: number | string
  deb?: string
  purge?: boolean | string
  autoremove?: boolean | string
  install_recommends?: boolean | string
  'install-recommends'?: boolean | string
  allow_downgrade?: boolean | string
  force?: boolean | string
}

/** Reads apt's arguments into a job (exclusions Ansible reports as argument errors too). */
export function aptJob(args: AptArgs): AptJob {
  const raw = pkgList(args.name ?? args.pkg ?? args.package)
  const deb = toStr(args.deb)
  const state = pkgState(args.state)
  if (deb && raw.length) throw new ModuleFailure('apt: parameters are mutually exclusive: deb|name')
  if (deb && state === 'absent') throw new ModuleFailure('apt: deb installs a package file; use name with state=absent to remove it')
  const specs = raw.map((r) => pkgSpec(r, '=', APT_NAME, 'apt'))
  const pinned = specs.find((s) => s.version !== undefined)
  if (state === 'latest' && pinned) throw new ModuleFailure(`apt: version number inconsistent with state=latest: ${pinned.raw}`)
  const validTime = toInt(args.cache_valid_time, 'cache_valid_time', 0)
  const recommends = args.install_recommends ?? args['install-recommends']
  return {
    specs,
    state: deb ? 'present' : state,
    // as in Ansible 2.4+: cache_valid_time implies update_cache
    updateCache: toBool(args.update_cache ?? args['update-cache'], 'update_cache', false) || validTime > 0,
    cacheValidTime: validTime,
    ...(deb ? { deb } : {}),
    purge: toBool(args.purge, 'purge', false),
    autoremove: toBool(args.autoremove, 'autoremove', false),
    ...(recommends === undefined ? {} : { installRecommends: toBool(recommends, 'install_recommends', true) }),
    allowDowngrade: toBool(args.allow_downgrade, 'allow_downgrade', false),
    force: toBool(args.force, 'force', false),
  }
}

/**
 * `apt`: Debian packages present, absent or at their newest version, a local .deb installed,
 * the package cache updated when older than cache_valid_time. One probe per task.
 */
export const apt: ModuleDef<AptArgs> = {
  name: 'apt',
  aliases: ['ansible.builtin.apt', 'ansible.legacy.apt'],
  schema: {
    type: 'object',
    properties: {
      name: PKG_NAMES, pkg: PKG_NAMES, package: PKG_NAMES,
      state: { type: 'string', enum: [...PKG_STATES] },
      update_cache: BOOL, 'update-cache': BOOL, cache_valid_time: INT,
      deb: STR, purge: BOOL, autoremove: BOOL,
      install_recommends: BOOL, 'install-recommends': BOOL,
      allow_downgrade: BOOL, force: BOOL,
    },
    additionalProperties: false,
    ...exclusive(['deb', 'name'], ['deb', 'pkg'], ['deb', 'package']),
  },
  async plan(args, ctx) {
    const job = aptJob(args)
    if (job.specs.length === 0 && !job.deb && !job.updateCache) throw new ModuleFailure('apt: one of name, deb or update_cache is required')
    const probe = namedProbe(aptParts(job))
    const r = await ctx.probe.exec(probe.cmd)
    return aptPlan(job, probe.read(r.stdout))
  },
}
