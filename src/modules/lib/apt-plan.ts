/**
 * The apt plan, shared by the apt and package modules: one probe command (dpkg-query, plus the
 * cache age, candidate versions or a .deb's fields when the task needs them) and the plan
 * computed from its output.
 */
import { quote, shJoin } from '../../connection/quote.js'
import { compareDebVersions, DPKG_FORMAT, parseAptPolicy, parseCacheAge, parseDebFields, parseDpkgQuery } from '../../facts/dpkg.js'
import { ModuleFailure, type Change, type Plan } from '../types.js'
import type { ProbePart } from './named-probe.js'
import { pkgDiff, pkgLine, pkgSummary, UNCHANGED_LINE, upgradeReporting, versionMatches, type PkgSpec, type PkgState } from './packages.js'

/** Debian package names (policy 5.6.1), with an optional `:arch`. */
export const APT_NAME = /^[a-z0-9][a-z0-9+.-]*(?::[a-z0-9-]+)?$/

/** What an apt task asks for, arguments already read. */
export interface AptJob {
  specs: PkgSpec[]
  state: PkgState
  updateCache: boolean
  /** Seconds the lists stay fresh; 0 = update whenever asked. */
  cacheValidTime: number
  /** A .deb file on the target. */
  deb?: string
  purge: boolean
  autoremove: boolean
  /** undefined = apt's own default. */
  installRecommends?: boolean
  allowDowngrade: boolean
  force: boolean
}

// what Ansible reads; not pkgcache.bin, which any install rebuilds. apt leaves the lists
// directory alone when nothing changed upstream, hence the touch after an update
const LISTS = ['/var/lib/apt/periodic/update-success-stamp', '/var/lib/apt/lists']
const UPDATE = 'apt-get update -q && touch /var/lib/apt/lists'
const ENV = { DEBIAN_FRONTEND: 'noninteractive' }
const CONF = ['-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold']
const DPKG_QUERY = `dpkg-query -W -f=${quote(DPKG_FORMAT)}`

/** The dpkg status of these packages, one line each (nothing for names dpkg never saw). */
function dpkgQuery(names: string[]): string {
  return `${DPKG_QUERY} ${shJoin(names)} 2>/dev/null`
}

/** The parts of an apt task's one probe: dpkg-query, plus what the task needs besides. */
export function aptParts(job: AptJob): ProbePart[] {
  const names = job.specs.map((s) => s.name)
  const parts: ProbePart[] = [['mgr', 'command -v apt-get >/dev/null 2>&1 || echo no-apt']]
  if (job.deb) {
    const deb = quote(job.deb)
    parts.push(['deb', `dpkg-deb -f ${deb} Package Version 2>&1`], ['dpkg', `${DPKG_QUERY} "$(dpkg-deb -f ${deb} Package 2>/dev/null)" 2>/dev/null`])
  } else if (names.length) parts.push(['dpkg', dpkgQuery(names)])
  if (job.updateCache) parts.push(['cache', `stat -c %Y ${shJoin(LISTS)} 2>/dev/null; date +%s`])
  if (job.state === 'latest' && names.length) parts.push(['policy', `LC_ALL=C apt-cache policy ${shJoin(names)} 2>/dev/null`])
  return parts
}

function installCmd(job: AptJob, words: string[]): string {
  const rec = job.installRecommends === undefined ? [] : [job.installRecommends ? '--install-recommends' : '--no-install-recommends']
  const force = job.force ? ['--allow-unauthenticated', '--allow-downgrades', '--allow-remove-essential', '--allow-change-held-packages'] : job.allowDowngrade ? ['--allow-downgrades'] : []
  return shJoin(['apt-get', 'install', '-y', '-q', ...rec, ...force, ...CONF, ...words])
}

/** The plan of an apt task from its probe's output (each part's output by name). */
export function aptPlan(job: AptJob, s: Map<string, string>): Plan {
  if (s.get('mgr')?.includes('no-apt')) throw new ModuleFailure('apt: apt-get not found on the host (not a Debian-family system?)')
  const dpkg = parseDpkgQuery(s.get('dpkg') ?? '')
  let specs = job.specs
  if (job.deb) {
    const deb = parseDebFields(s.get('deb') ?? '')
    if (!deb) throw new ModuleFailure(`apt: cannot read ${job.deb}: ${(s.get('deb') ?? '').trim().split('\n')[0] ?? ''}`)
    specs = [{ name: deb.name, version: deb.version, raw: job.deb.includes('/') ? job.deb : `./${job.deb}` }]
  }
  const cache = job.updateCache ? parseCacheAge(s.get('cache') ?? '') : undefined
  const age = cache && cache.updated !== null ? cache.now - cache.updated : undefined
  const stale = !!cache && (job.cacheValidTime <= 0 || age === undefined || age > job.cacheValidTime)
  const cacheNote = age === undefined ? 'never' : `${age} s ago`
  const update: Change = { kind: 'exec', cmd: UPDATE, reason: 'update the package cache' }
  const withCache = (plan: { changes: Change[]; before: string[]; after: string[] }, data: Record<string, unknown> = {}): Plan => ({
    changed: true,
    changes: stale ? [update, ...plan.changes] : plan.changes,
    diffs: [pkgDiff('apt', [...(stale ? [`cache: updated ${cacheNote}`] : []), ...plan.before], [...(stale ? ['cache: updated now'] : []), ...plan.after])],
    data: { cache_updated: stale, ...data },
  })
  const skipped = stale ? ' (cache update skipped: nothing to install)' : ''

  if (specs.length === 0) {
    if (!stale) return { changed: false, noop: `package cache updated ${cacheNote} (cache_valid_time ${job.cacheValidTime} s)`, data: { cache_updated: false } }
    return withCache({ changes: [], before: [], after: [] })
  }

  if (job.state === 'absent') {
    const gone = specs.filter((sp) => {
      const p = dpkg.get(sp.name)
      if (p?.installed) return versionMatches(p.version, sp.version)
      return job.purge && p?.configFiles === true
    })
    if (gone.length === 0) return { changed: false, noop: pkgSummary(specs.map((sp) => sp.raw), 'is not installed', 'are not installed'), data: { cache_updated: false } }
    const words = ['apt-get', job.purge ? 'purge' : 'remove', '-y', '-q', ...(job.autoremove ? ['--auto-remove'] : []), ...gone.map((sp) => sp.name)]
    const before = gone.map((sp) => {
      const p = dpkg.get(sp.name)
      return p?.installed ? pkgLine(sp.name, p.version) : `${sp.name} (config files)`
    })
    const verb = job.purge ? 'purge' : 'remove'
    return { changed: true, changes: [{ kind: 'exec', cmd: shJoin(words), reason: `${verb} ${gone.map((sp) => sp.name).join(' ')}`, env: ENV }], diffs: [pkgDiff('apt', before, [])], data: { cache_updated: false } }
  }

  if (job.state === 'present') {
    const missing = specs.filter((sp) => {
      const p = dpkg.get(sp.name)
      return !p?.installed || !versionMatches(p.version, sp.version)
    })
    if (missing.length === 0) {
      const lines = specs.map((sp) => pkgLine(sp.name, dpkg.get(sp.name)?.version))
      return { changed: false, noop: `${pkgSummary(lines, 'is installed', 'are installed')}${job.deb ? ` (${job.deb})` : ''}${skipped}`, data: { cache_updated: false } }
    }
    const before = missing.flatMap((sp) => (dpkg.get(sp.name)?.installed ? [pkgLine(sp.name, dpkg.get(sp.name)?.version)] : []))
    const after = missing.map((sp) => pkgLine(sp.name, sp.version))
    return withCache({ changes: [{ kind: 'exec', cmd: installCmd(job, missing.map((sp) => sp.raw)), reason: `install ${missing.map((sp) => sp.raw).join(' ')}`, env: ENV }], before, after })
  }

  // latest: candidates from apt-cache policy; a stale cache is updated first and apt decides
  const policy = parseAptPolicy(s.get('policy') ?? '')
  const todo = specs.flatMap((sp): Array<{ sp: PkgSpec; before: string | null; after: string | null }> => {
    const p = dpkg.get(sp.name)
    const candidate = policy.get(sp.name)?.candidate ?? null
    if (!p?.installed) return [{ sp, before: null, after: candidate }]
    // a candidate older than the installed version (pinning, a local build) is no upgrade
    return candidate && compareDebVersions(candidate, p.version) > 0 ? [{ sp, before: p.version, after: candidate }] : []
  })
  const newest = pkgSummary(specs.map((sp) => pkgLine(sp.name, dpkg.get(sp.name)?.version)), 'is installed, the newest version available', 'are installed, the newest versions available')
  if (todo.length === 0 && !stale) {
    const note = cache ? ` (package cache updated ${cacheNote})` : ''
    return { changed: false, noop: `${newest}${note}`, data: { cache_updated: false } }
  }
  const names = (stale ? specs.map((t) => t.name) : todo.map((t) => t.sp.name))
  const reason = `install the newest ${names.join(' ')}`
  // nothing newer in the stale cache: only its update can tell, so the install reports whether a version moved
  const noop = `${newest} (package cache updated now)`
  const install: Change = todo.length
    ? { kind: 'exec', cmd: installCmd(job, names), reason, env: ENV }
    : { kind: 'exec', cmd: upgradeReporting(installCmd(job, names), dpkgQuery(names)), reason, env: ENV, unchangedIf: { line: UNCHANGED_LINE, noop } }
  return withCache({
    changes: [install],
    before: todo.flatMap((t) => (t.before ? [pkgLine(t.sp.name, t.before)] : [])),
    after: todo.map((t) => pkgLine(t.sp.name, t.after)),
  })
}
