/**
 * Debian package facts: what `dpkg-query -W` says is installed, what `apt-cache policy` would
 * install, and how old the package lists are. Pure parsers of the commands' output; the
 * commands themselves are built by the apt module (one combined probe per task).
 */

/** dpkg-query's output format: one line per known package. */
export const DPKG_FORMAT = '${Package}\\t${Status}\\t${Version}\\t${Architecture}\\n'

/** One package as dpkg knows it. */
export interface DpkgPackage {
  name: string
  version: string
  /** dpkg's status words, e.g. `install ok installed`, `deinstall ok config-files`. */
  status: string
  /** Fully installed (unpacked and configured). */
  installed: boolean
  /** Removed but its configuration files remain (purge removes them). */
  configFiles: boolean
}

/**
 * Parses `dpkg-query -W -f=DPKG_FORMAT` output, keyed by `name` and by `name:arch`. Packages
 * dpkg has never heard of are simply absent from the map (dpkg-query complains about them on
 * stderr). When a name appears twice (multi-arch), the installed entry wins the bare name.
 */
export function parseDpkgQuery(out: string): Map<string, DpkgPackage> {
  const map = new Map<string, DpkgPackage>()
  for (const line of out.split('\n')) {
    const [name, status, version, arch] = line.split('\t')
    if (!name || status === undefined) continue
    const words = status.trim().split(/\s+/)
    const state = words[2] ?? ''
    const pkg: DpkgPackage = { name, version: version ?? '', status: status.trim(), installed: state === 'installed', configFiles: state === 'config-files' }
    if (!map.get(name)?.installed) map.set(name, pkg)
    if (arch) map.set(`${name}:${arch.trim()}`, pkg)
  }
  return map
}

/** What apt would do with a package: the installed and the candidate version (null = none). */
export interface AptPolicy {
  installed: string | null
  candidate: string | null
}

/** Parses `LC_ALL=C apt-cache policy NAMES`: only the Installed and Candidate lines of each package. */
export function parseAptPolicy(out: string): Map<string, AptPolicy> {
  const map = new Map<string, AptPolicy>()
  let cur: AptPolicy | undefined
  for (const line of out.split('\n')) {
    const head = /^(\S+):$/.exec(line)
    if (head?.[1]) {
      cur = { installed: null, candidate: null }
      map.set(head[1], cur)
      continue
    }
    const field = /^\s+(Installed|Candidate):\s*(\S+)/.exec(line)
    if (!cur || !field) continue
    const value = field[2] === '(none)' ? null : (field[2] ?? null)
    if (field[1] === 'Installed') cur.installed = value
    else cur.candidate = value
  }
  return map
}

/**
 * The age of the package lists from `stat -c %Y PATHS; date +%s` output: the newest mtime
 * and the host's clock (last line). null when no list was ever downloaded.
 */
export function parseCacheAge(out: string): { updated: number | null; now: number } {
  const nums = out.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l)).map(Number)
  const now = nums.pop() ?? 0
  return { updated: nums.length ? Math.max(...nums) : null, now }
}

/** Fields of a .deb from `dpkg-deb -f FILE Package Version` (RFC-822 style lines). */
export function parseDebFields(out: string): { name: string; version: string } | null {
  const field = (k: string): string | undefined => new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(out)?.[1]
  const name = field('Package')
  const version = field('Version')
  return name && version ? { name, version } : null
}

// dpkg's character order: `~` before everything (even the end), letters before other marks
function order(c: string | undefined): number {
  if (c === undefined || /\d/.test(c)) return 0
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0)
  return c === '~' ? -1 : c.charCodeAt(0) + 256
}

// dpkg's verrevcmp: alternating non-digit runs (by order) and digit runs (numerically)
function verrevcmp(a: string, b: string): number {
  let i = 0
  let j = 0
  const digit = (s: string, k: number): boolean => k < s.length && /\d/.test(s[k] ?? '')
  while (i < a.length || j < b.length) {
    while ((i < a.length && !digit(a, i)) || (j < b.length && !digit(b, j))) {
      const d = order(a[i]) - order(b[j])
      if (d !== 0) return d
      i++
      j++
    }
    while (a[i] === '0') i++
    while (b[j] === '0') j++
    let first = 0
    while (digit(a, i) && digit(b, j)) {
      if (!first) first = (a[i] ?? '').charCodeAt(0) - (b[j] ?? '').charCodeAt(0)
      i++
      j++
    }
    if (digit(a, i)) return 1
    if (digit(b, j)) return -1
    if (first) return first
  }
  return 0
}

function splitVersion(v: string): [number, string, string] {
  const colon = v.indexOf(':')
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0
  const rest = colon > 0 ? v.slice(colon + 1) : v
  const dash = rest.lastIndexOf('-')
  return dash > 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, '']
}

/** Compares two Debian versions as dpkg does: negative, 0 or positive. */
export function compareDebVersions(a: string, b: string): number {
  const [ea, ua, ra] = splitVersion(a)
  const [eb, ub, rb] = splitVersion(b)
  if (ea !== eb) return ea - eb
  return verrevcmp(ua, ub) || verrevcmp(ra, rb)
}
