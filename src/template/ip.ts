/** IPv4/IPv6 arithmetic on BigInt, the part of netaddr that Ansible's ipaddr filters use. */

/** An address with its prefix, as netaddr's IPNetwork holds it (the host bits are kept). */
export interface IPNet {
  version: 4 | 6
  ip: bigint
  prefix: number
  /** False when the input had no `/prefix` (a single address). */
  hasPrefix: boolean
}

const bits = (version: 4 | 6): number => (version === 4 ? 32 : 128)

function parseV4(s: string): bigint | null {
  const parts = s.split('.')
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n)
}

function parseV6(s: string): bigint | null {
  let text = s
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  if (v4?.[1]) {
    // an embedded IPv4 tail (::ffff:1.2.3.4) is two hex groups
    const n = parseV4(v4[1])
    if (n === null) return null
    text = `${s.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`
  }
  if (!/^[0-9a-fA-F:]+$/.test(text)) return null
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = (t: string | undefined) => (t === undefined || t === '' ? [] : t.split(':'))
  const head = groups(halves[0])
  const tail = groups(halves[1])
  if ([...head, ...tail].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null
  const zeros = 8 - head.length - tail.length
  if (halves.length === 1 ? zeros !== 0 : zeros < 1) return null
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : zeros).fill('0'), ...tail]
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n)
}

/** Parses `addr`, `addr/prefix` or `addr/netmask`; null when it is not an IP address. */
export function parseNet(value: unknown): IPNet | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    const big = BigInt(value)
    return big < 2n ** 32n ? { version: 4, ip: big, prefix: 32, hasPrefix: false } : { version: 6, ip: big, prefix: 128, hasPrefix: false }
  }
  if (typeof value !== 'string') return null
  const [addr = '', pfx, extra] = value.trim().split('/')
  if (extra !== undefined) return null
  const v4 = parseV4(addr)
  const version = v4 !== null ? 4 : 6
  const ip = v4 ?? parseV6(addr)
  if (ip === null) return null
  if (pfx === undefined) return { version, ip, prefix: bits(version), hasPrefix: false }
  let prefix: number
  if (/^\d+$/.test(pfx)) prefix = Number(pfx)
  else {
    const mask = version === 4 ? parseV4(pfx) : null
    if (mask === null) return null
    const s = mask.toString(2).padStart(32, '0')
    if (!/^1*0*$/.test(s)) return null
    prefix = s.indexOf('0') === -1 ? 32 : s.indexOf('0')
  }
  if (prefix > bits(version)) return null
  return { version, ip, prefix, hasPrefix: true }
}

/** Formats an address: dotted quad, or RFC 5952 compressed IPv6. */
export function formatIP(version: 4 | 6, ip: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip >> s) & 255n)).join('.')
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt(112 - 16 * i)) & 0xffffn))
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8; i++) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) [best, bestLen] = [i, j - i]
  }
  const hex = groups.map((g) => g.toString(16))
  if (best < 0) return hex.join(':')
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`
}

/** The netmask as a number. */
export function maskOf(n: IPNet): bigint {
  const b = BigInt(bits(n.version))
  return ((1n << b) - 1n) ^ ((1n << (b - BigInt(n.prefix))) - 1n)
}

/** The network address (host bits cleared). */
export const networkOf = (n: IPNet): bigint => n.ip & maskOf(n)
/** The last address of the network. */
export const broadcastOf = (n: IPNet): bigint => networkOf(n) | (((1n << BigInt(bits(n.version))) - 1n) ^ maskOf(n))
/** How many addresses the network holds. */
export const sizeOf = (n: IPNet): bigint => 1n << BigInt(bits(n.version) - n.prefix)

/** The nth address of the network (negative counts from the end), or null when outside. */
export function nth(n: IPNet, index: number): bigint | null {
  const size = sizeOf(n)
  const i = index < 0 ? size + BigInt(index) : BigInt(index)
  return i >= 0n && i < size ? networkOf(n) + i : null
}

/** Adds amount to an address; null when it leaves the address family's range. */
export function addTo(n: IPNet, amount: number): bigint | null {
  const v = n.ip + BigInt(amount)
  return v >= 0n && v < 1n << BigInt(bits(n.version)) ? v : null
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8']

/** True when `inner` lies inside network `outer`. */
export function contains(outer: IPNet, inner: IPNet): boolean {
  return outer.version === inner.version && inner.prefix >= outer.prefix && (inner.ip & maskOf(outer)) === networkOf(outer)
}

/** RFC 1918 and friends for IPv4, ULA/link-local for IPv6. */
export function isPrivate(n: IPNet): boolean {
  const nets = n.version === 4 ? PRIVATE_V4 : ['fc00::/7', 'fe80::/10', '::1/128']
  return nets.some((s) => contains(parseNet(s) as IPNet, { ...n, prefix: bits(n.version) }))
}
