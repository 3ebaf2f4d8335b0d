/** Pure parsers for the pieces of gather_facts output: os-release, cpu, memory, network. */

/** KEY=value lines of /etc/os-release, unquoted. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
    if (!m) continue
    let v = m[2] ?? ''
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1).replace(/\\(["$`\\])/g, '$1')
    out[m[1] ?? ''] = v
  }
  return out
}

// os-release ID -> Ansible's ansible_distribution
const DISTRIBUTION: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', linuxmint: 'Linux Mint', kali: 'Kali', raspbian: 'Debian', devuan: 'Devuan', pop: 'Pop!_OS',
  rhel: 'RedHat', centos: 'CentOS', fedora: 'Fedora', rocky: 'Rocky', almalinux: 'AlmaLinux', ol: 'OracleLinux', amzn: 'Amazon',
  sles: 'SLES', 'opensuse-leap': 'openSUSE Leap', 'opensuse-tumbleweed': 'openSUSE Tumbleweed', arch: 'Archlinux', alpine: 'Alpine', gentoo: 'Gentoo',
}
// ansible_distribution -> ansible_os_family
const FAMILY: Record<string, string> = {
  Debian: 'Debian', Ubuntu: 'Debian', 'Linux Mint': 'Debian', Kali: 'Debian', Devuan: 'Debian', 'Pop!_OS': 'Debian',
  RedHat: 'RedHat', CentOS: 'RedHat', Fedora: 'RedHat', Rocky: 'RedHat', AlmaLinux: 'RedHat', OracleLinux: 'RedHat', Amazon: 'RedHat',
  SLES: 'Suse', 'openSUSE Leap': 'Suse', 'openSUSE Tumbleweed': 'Suse', Archlinux: 'Archlinux', Alpine: 'Alpine', Gentoo: 'Gentoo',
}
const LIKE_FAMILY: Record<string, string> = { debian: 'Debian', rhel: 'RedHat', fedora: 'RedHat', suse: 'Suse', arch: 'Archlinux' }

/** The distribution facts, named as Ansible names them (without the `ansible_` prefix). */
export function distributionFacts(osRelease: Record<string, string>, debianVersion: string): Record<string, string> {
  const id = osRelease.ID ?? ''
  const distribution = DISTRIBUTION[id] ?? (osRelease.NAME || 'Linux')
  const like = (osRelease.ID_LIKE ?? '').split(/\s+/).map((l) => LIKE_FAMILY[l]).find(Boolean)
  // Ansible reads the point release of Debian from /etc/debian_version (12.5, not 12)
  const dv = debianVersion.trim()
  const version = id === 'debian' && /^\d+(\.\d+)*$/.test(dv) ? dv : (osRelease.VERSION_ID ?? '')
  return {
    distribution,
    os_family: FAMILY[distribution] ?? like ?? distribution,
    distribution_version: version,
    distribution_major_version: version.split('.')[0] ?? '',
    distribution_release: osRelease.VERSION_CODENAME ?? osRelease.UBUNTU_CODENAME ?? '',
  }
}

/** CPU counts from `grep` of /proc/cpuinfo (processor, physical id, cpu cores lines). */
export function cpuFacts(cpuinfo: string, nproc: string): Record<string, number> {
  const vals = (key: string): string[] =>
    cpuinfo.split('\n').filter((l) => l.startsWith(key)).map((l) => l.slice(l.indexOf(':') + 1).trim())
  const vcpus = vals('processor').length || Number(nproc) || 1
  const sockets = new Set(vals('physical id')).size || 1
  const cores = Number(vals('cpu cores')[0] ?? 0) || vcpus / sockets
  return {
    processor_vcpus: vcpus,
    processor_count: sockets,
    processor_cores: cores,
    processor_threads_per_core: Math.max(1, Math.round(vcpus / (sockets * cores))),
    processor_nproc: Number(nproc) || vcpus,
  }
}

/** Memory in MiB from /proc/meminfo (kB values). */
export function memFacts(meminfo: string): Record<string, number> {
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0)
  return {
    memtotal_mb: Math.floor(kb('MemTotal') / 1024),
    memfree_mb: Math.floor(kb('MemFree') / 1024),
    swaptotal_mb: Math.floor(kb('SwapTotal') / 1024),
  }
}

/** One IPv4 address of an interface. */
export interface Ipv4 {
  interface: string
  address: string
  prefix: number
  broadcast?: string
  /** The label (`eth0:1` for aliases). */
  alias: string
}

/** `ip -4 -o addr show` lines. */
export function parseIpAddr(text: string): Ipv4[] {
  const out: Ipv4[] = []
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+inet\s+([\d.]+)\/(\d+)(.*)$/.exec(line)
    if (!m) continue
    const rest = (m[4] ?? '').split('\\')[0] ?? ''
    const brd = /\bbrd\s+([\d.]+)/.exec(rest)?.[1]
    const label = /\s(\S+)\s*$/.exec(rest)?.[1]
    const ifname = (m[1] ?? '').replace(/@.*$/, '')
    out.push({ interface: ifname, address: m[2] ?? '', prefix: Number(m[3]), ...(brd ? { broadcast: brd } : {}), alias: label ?? ifname })
  }
  return out
}

/** The default route: `ip -4 route show default`. */
export function parseIpRoute(text: string): { gateway?: string; interface?: string; src?: string } {
  const line = text.split('\n').find((l) => l.startsWith('default'))
  if (!line) return {}
  const word = (k: string): string | undefined => new RegExp(`\\b${k}\\s+(\\S+)`).exec(line)?.[1]
  return { gateway: word('via'), interface: word('dev'), src: word('src') }
}

/** The default route from /proc/net/route (hosts without `ip`): hex fields, little-endian. */
export function parseProcRoute(text: string): { gateway?: string; interface?: string } {
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/)
    if (f.length < 8 || f[1] !== '00000000' || f[7] !== '00000000') continue
    return { interface: f[0], gateway: hexToIp(f[2] ?? '') }
  }
  return {}
}

function hexToIp(hex: string): string {
  const n = parseInt(hex, 16)
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.')
}

/** Dotted netmask and network address of an address/prefix. */
export function ipv4Network(address: string, prefix: number): { netmask: string; network: string } {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0
  const ip = address.split('.').reduce((a, o) => ((a << 8) | Number(o)) >>> 0, 0)
  const dotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')
  return { netmask: dotted(mask), network: dotted((ip & mask) >>> 0) }
}

/** Without `ip`: of `hostname -I`'s addresses, the one sharing most leading bits with the gateway. */
export function guessAddress(addresses: string[], gateway: string | undefined): string | undefined {
  if (!gateway) return addresses[0]
  const bits = (a: string): string => a.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('')
  const g = bits(gateway)
  const common = (a: string): number => {
    const b = bits(a)
    let i = 0
    while (i < 32 && b[i] === g[i]) i++
    return i
  }
  return [...addresses].sort((a, b) => common(b) - common(a))[0]
}
