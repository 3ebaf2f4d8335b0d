/**
 * The dnf plan (yum too: same command line), shared by the dnf and package modules: `rpm -q`
 * for what is installed, `check-update` from the local metadata for state=latest.
 */
import { quote, shJoin } from '../../connection/quote.js'
import { parseCheckUpdate, parseRpmQuery, RPM_FORMAT } from '../../facts/rpm.js'
import { ModuleFailure, type Change, type Plan } from '../types.js'
import type { ProbePart } from './named-probe.js'
import { pkgDiff, pkgLine, pkgSummary, UNCHANGED_LINE, upgradeReporting, type PkgSpec, type PkgState } from './packages.js'

/** RPM package names: letters, digits and `._+-` (no version: pinning is not supported here). */
export const RPM_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/

/** What a dnf task asks for, arguments already read. */
export interface DnfJob {
  /** The program: dnf, or yum on older hosts. */
  bin: 'dnf' | 'yum'
  specs: PkgSpec[]
  state: PkgState
  updateCache: boolean
  /** undefined = the host's own setting. */
  installWeakDeps?: boolean
  disableGpgCheck: boolean
}

/**
 * The parts of a dnf task's one probe. Planning reads the local metadata only (-C): it never
 * refreshes it. check-update's exit code tells "no upgrade" (0) from "no cached metadata" (1):
 * both print nothing, and a host that skips unavailable repositories (Debian's dnf.conf) exits
 * 0 for both unless told not to skip.
 */
export function dnfParts(job: DnfJob): ProbePart[] {
  const names = job.specs.map((s) => s.name)
  const parts: ProbePart[] = [['mgr', `command -v ${job.bin} >/dev/null 2>&1 || echo no-${job.bin}`]]
  if (names.length) parts.push(['rpm', rpmQuery(names)])
  if (job.state === 'latest' && names.length && !job.updateCache) {
    parts.push(['updates', `${job.bin} -q -C --setopt=skip_if_unavailable=False check-update ${shJoin(names)} 2>/dev/null; echo "exit $?"`])
  }
  return parts
}

/** The installed versions of these packages, one line each (nothing for those not installed). */
function rpmQuery(names: string[]): string {
  return `rpm -q --qf ${quote(RPM_FORMAT)} ${shJoin(names)} 2>/dev/null`
}

/** check-update's upgrades, or null when its exit code is not 0 or 100 (no usable metadata). */
function readUpdates(out: string): Map<string, string> | null {
  const rc = /^exit (\d+)\s*$/m.exec(out)?.[1]
  return rc === '0' || rc === '100' ? parseCheckUpdate(out.replace(/^exit \d+\s*$/m, '')) : null
}

function cmd(job: DnfJob, verb: string, names: string[]): string {
  const weak = job.installWeakDeps === undefined ? [] : [`--setopt=install_weak_deps=${job.installWeakDeps ? 'True' : 'False'}`]
  const gpg = job.disableGpgCheck ? ['--nogpgcheck'] : []
  return shJoin([job.bin, '-y', '-q', ...(verb === 'remove' ? [] : [...weak, ...gpg]), verb, ...names])
}

/** The plan of a dnf task from its probe's output. */
export function dnfPlan(job: DnfJob, s: Map<string, string>): Plan {
  if (s.get('mgr')?.includes(`no-${job.bin}`)) throw new ModuleFailure(`${job.bin}: ${job.bin} not found on the host (not a Red Hat-family system?)`)
  const rpm = parseRpmQuery(s.get('rpm') ?? '')
  const specs = job.specs
  const path = job.bin
  const makecache: Change = { kind: 'exec', cmd: shJoin([job.bin, '-q', 'makecache']), reason: 'update the package metadata' }
  if (specs.length === 0) {
    return { changed: true, changes: [makecache], diffs: [pkgDiff(path, ['metadata: cached'], ['metadata: refreshed'])], data: { cache_updated: true } }
  }
  const names = (list: PkgSpec[]): string[] => list.map((sp) => sp.name)

  if (job.state === 'absent') {
    const gone = specs.filter((sp) => rpm.has(sp.name))
    if (gone.length === 0) return { changed: false, noop: pkgSummary(names(specs), 'is not installed', 'are not installed') }
    return {
      changed: true,
      changes: [{ kind: 'exec', cmd: cmd(job, 'remove', names(gone)), reason: `remove ${names(gone).join(' ')}` }],
      diffs: [pkgDiff(path, gone.map((sp) => pkgLine(sp.name, rpm.get(sp.name)?.version)), [])],
    }
  }

  const missing = specs.filter((sp) => !rpm.has(sp.name))
  const installed = specs.filter((sp) => rpm.has(sp.name))
  const pre = job.updateCache && (missing.length > 0 || job.state === 'latest') ? [makecache] : []
  const install: Change[] = missing.length ? [{ kind: 'exec', cmd: cmd(job, 'install', names(missing)), reason: `install ${names(missing).join(' ')}` }] : []
  const lines = (list: PkgSpec[]): string[] => list.map((sp) => pkgLine(sp.name, rpm.get(sp.name)?.version))
  const meta = (before: string[], after: string[]): ReturnType<typeof pkgDiff> =>
    pkgDiff(path, [...(pre.length ? ['metadata: cached'] : []), ...before], [...(pre.length ? ['metadata: refreshed'] : []), ...after])

  if (job.state === 'present') {
    if (missing.length === 0) return { changed: false, noop: pkgSummary(lines(specs), 'is installed', 'are installed') }
    return { changed: true, changes: [...pre, ...install], diffs: [meta([], names(missing))], data: { cache_updated: pre.length > 0 } }
  }

  // latest: with fresh metadata asked for, or none cached, the upgrade is left to dnf (it says nothing when none)
  const cached = job.updateCache ? new Map<string, string>() : readUpdates(s.get('updates') ?? '')
  const none = cached === null
  const updates = cached ?? new Map<string, string>()
  const upgrade = job.updateCache || none ? installed : installed.filter((sp) => updates.has(sp.name))
  const newest = pkgSummary(lines(specs), 'is installed, the newest version available', 'are installed, the newest versions available')
  if (missing.length === 0 && upgrade.length === 0) return { changed: false, noop: newest }
  const why = none ? ' (no cached metadata: dnf decides)' : ''
  const reason = `upgrade ${names(upgrade).join(' ')}${why}`
  const upgradeCmd = cmd(job, 'upgrade', names(upgrade))
  // nothing known to install or upgrade: only fresh metadata can tell, so the upgrade reports whether a version moved
  const blind = missing.length === 0 && (job.updateCache || none)
  const unchangedIf = { line: UNCHANGED_LINE, noop: `${newest} (metadata ${none ? 'downloaded' : 'refreshed'})` }
  const up: Change[] = !upgrade.length ? []
    : blind ? [{ kind: 'exec', cmd: upgradeReporting(upgradeCmd, rpmQuery(names(upgrade))), reason, unchangedIf }]
    : [{ kind: 'exec', cmd: upgradeCmd, reason }]
  const known = upgrade.filter((sp) => updates.has(sp.name))
  const before = [...(none ? ['metadata: none cached'] : []), ...lines(known)]
  const after = [...(none ? ['metadata: downloaded'] : []), ...names(missing), ...known.map((sp) => pkgLine(sp.name, updates.get(sp.name)))]
  return {
    changed: true,
    changes: [...pre, ...install, ...up],
    diffs: [meta(before, after)],
    data: { cache_updated: pre.length > 0 },
  }
}
