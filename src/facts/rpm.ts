/**
 * RPM package facts: what `rpm -q` says is installed and which upgrades `dnf check-update`
 * lists. Pure parsers; the dnf module builds the one combined probe command.
 */

/** rpm's query format: name, version-release, arch. */
export const RPM_FORMAT = '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'

/** An installed RPM package. */
export interface RpmPackage {
  name: string
  /** version-release, e.g. `1.1-1.el9`. */
  version: string
  arch: string
}

/**
 * Parses `rpm -q --qf RPM_FORMAT NAMES`. Lines such as `package foo is not installed` are
 * skipped: a name missing from the map is not installed.
 */
export function parseRpmQuery(out: string): Map<string, RpmPackage> {
  const map = new Map<string, RpmPackage>()
  for (const line of out.split('\n')) {
    const [name, version, arch] = line.split('\t')
    if (!name || version === undefined || arch === undefined) continue
    if (!map.has(name)) map.set(name, { name, version, arch: arch.trim() })
  }
  return map
}

/**
 * Parses `dnf -q check-update NAMES` (or yum's): `name.arch  version  repo` rows -> name ->
 * the version an upgrade would install. The obsoletes section that may follow is ignored.
 */
export function parseCheckUpdate(out: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const line of out.split('\n')) {
    if (/^Obsoleting/i.test(line)) break
    const cols = line.trim().split(/\s+/)
    const [nameArch, version, repo] = cols
    if (cols.length !== 3 || !nameArch || !version || !repo) continue
    const dot = nameArch.lastIndexOf('.')
    if (dot <= 0) continue
    map.set(nameArch.slice(0, dot), version)
  }
  return map
}
