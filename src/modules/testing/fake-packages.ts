/**
 * A fake package database for plan tests of apt, dnf and package: it answers the probe parts
 * (dpkg-query, apt-cache policy, dpkg-deb, the cache age, rpm -q, check-update, manager
 * detection) from a few facts, the way the real programs print them.
 */
import { splitArgs } from '../lib/shlex.js'
import type { Answer } from './fake-sections.js'

/** The facts of a fake host's packages. */
export interface FakePackages {
  /** The manager the host has (default apt). */
  mgr?: 'apt' | 'dnf' | 'yum' | 'none'
  /** name -> installed version. */
  installed?: Record<string, string>
  /** name -> version whose configuration files remain (dpkg `config-files`). */
  configFiles?: Record<string, string>
  /** name -> the version apt-cache policy / check-update offers. */
  candidates?: Record<string, string>
  /** .deb path on the host -> its Package and Version. */
  debs?: Record<string, { name: string; version: string }>
  /** false: dnf has no cached metadata (check-update -C fails). Default true. */
  metadata?: boolean
  /** Seconds since the last cache update; null = never updated. Default 60. */
  cacheAge?: number | null
}

const NOW = 1_700_000_000
const words = (part: string): string[] => splitArgs(part.replace(/ 2>\S+/g, ''))

function dpkgQuery(db: FakePackages, names: string[]): string {
  return names
    .flatMap((q) => {
      // dpkg-query matches name:arch and prints the bare name and the arch apart
      const n = q.split(':')[0] ?? q
      const v = db.installed?.[n]
      if (v !== undefined) return [`${n}\tinstall ok installed\t${v}\tamd64`]
      const c = db.configFiles?.[n]
      return c !== undefined ? [`${n}\tdeinstall ok config-files\t${c}\tamd64`] : []
    })
    .map((l) => `${l}\n`)
    .join('')
}

function policy(db: FakePackages, names: string[]): string {
  return names
    .filter((n) => db.installed?.[n] !== undefined || db.candidates?.[n] !== undefined)
    .map((n) => `${n}:\n  Installed: ${db.installed?.[n] ?? '(none)'}\n  Candidate: ${db.candidates?.[n] ?? db.installed?.[n] ?? '(none)'}\n  Version table:\n`)
    .join('')
}

/** An answer for scriptedContext: the probe parts of the package modules, from `db`. */
export function packagesAnswer(db: FakePackages): Answer {
  const mgr = db.mgr ?? 'apt'
  const has = (prog: string): boolean => (prog === 'apt-get' ? mgr === 'apt' : prog === mgr)
  return (part) => {
    if (part.startsWith('for m in ')) return has('apt-get') ? 'apt-get\n' : has('dnf') ? 'dnf\n' : has('yum') ? 'yum\n' : ''
    const check = /^command -v (\S+) .*\|\| echo (\S+)$/.exec(part)
    if (check) return has(check[1] ?? '') ? '' : `${check[2] ?? ''}\n`
    if (part.startsWith('dpkg-deb -f ')) {
      const deb = db.debs?.[words(part)[2] ?? '']
      return deb ? `Package: ${deb.name}\nVersion: ${deb.version}\n` : "dpkg-deb: error: failed to read archive: No such file or directory\n"
    }
    if (part.startsWith('dpkg-query -W ')) {
      const fromDeb = /"\$\(dpkg-deb -f (\S+) Package/.exec(part)
      const names = fromDeb ? [db.debs?.[splitArgs(fromDeb[1] ?? '')[0] ?? '']?.name ?? ''] : words(part).slice(3)
      return mgr === 'apt' ? dpkgQuery(db, names) : ''
    }
    if (part.startsWith('stat -c %Y ')) {
      const age = db.cacheAge === undefined ? 60 : db.cacheAge
      return `${age === null ? '' : `${NOW - age}\n`}${NOW}\n`
    }
    if (part.startsWith('LC_ALL=C apt-cache policy ')) return mgr === 'apt' ? policy(db, words(part).slice(3)) : ''
    if (part.startsWith('rpm -q ')) {
      if (mgr === 'apt') return ''
      return words(part).slice(4).map((n) => (db.installed?.[n] !== undefined ? `${n}\t${db.installed[n]}\tx86_64\n` : `package ${n} is not installed\n`)).join('')
    }
    const upd = /^(dnf|yum) -q -C --setopt=skip_if_unavailable=False check-update (.*) 2>\/dev\/null; echo "exit \$\?"$/.exec(part)
    if (upd) {
      // exit codes as dnf's: 1 without cached metadata, 100 when it lists upgrades
      if (!has(upd[1] ?? '')) return 'exit 127\n'
      if (db.metadata === false) return 'exit 1\n'
      const rows = words(upd[2] ?? '').filter((n) => db.candidates?.[n] !== undefined && db.candidates[n] !== db.installed?.[n])
      return `${rows.length ? '\n' : ''}${rows.map((n) => `${n}.x86_64  ${db.candidates?.[n] ?? ''}  baseos\n`).join('')}exit ${rows.length ? 100 : 0}\n`
    }
    return undefined
  }
}
