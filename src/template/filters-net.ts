/**
 * ansible.utils network filters: ipaddr (with its queries), ipv4, ipv6, ipwrap, nthhost,
 * ipmath. Like Ansible, a query that does not apply gives false; a list input is filtered.
 */
import { splitArgs, templateError, toInt } from './args.js'
import type { FilterTable } from './filters-registry.js'
import { addTo, broadcastOf, contains, formatIP, isPrivate, maskOf, networkOf, nth, parseNet, sizeOf, type IPNet } from './ip.js'

const ip = (n: IPNet, v: bigint): string => formatIP(n.version, v)
const withPrefix = (n: IPNet, v: bigint): string => `${ip(n, v)}/${n.prefix}`

/** The named queries of ipaddr(); each returns false when it does not apply. */
const QUERIES: Record<string, (n: IPNet) => unknown> = {
  address: (n) => (sizeOf(n) > 1n && n.ip === networkOf(n) ? false : ip(n, n.ip)),
  ip: (n) => ip(n, n.ip),
  net: (n) => (sizeOf(n) > 1n && n.ip === networkOf(n) ? withPrefix(n, n.ip) : false),
  network: (n) => ip(n, networkOf(n)),
  subnet: (n) => withPrefix(n, networkOf(n)),
  cidr: (n) => withPrefix(n, networkOf(n)),
  'network/prefix': (n) => withPrefix(n, networkOf(n)),
  netmask: (n) => ip(n, maskOf(n)),
  hostmask: (n) => ip(n, broadcastOf(n) - networkOf(n)),
  prefix: (n) => n.prefix,
  broadcast: (n) => (sizeOf(n) > 1n ? ip(n, broadcastOf(n)) : false),
  size: (n) => Number(sizeOf(n)),
  host: (n) => (sizeOf(n) === 1n ? withPrefix(n, n.ip) : n.ip !== networkOf(n) ? withPrefix(n, n.ip) : false),
  'host/prefix': (n) => (sizeOf(n) > 1n && n.ip !== networkOf(n) ? withPrefix(n, n.ip) : false),
  'address/prefix': (n) => (sizeOf(n) > 1n && n.ip !== networkOf(n) && n.ip !== broadcastOf(n) ? withPrefix(n, n.ip) : false),
  first_usable: (n) => (sizeOf(n) > 2n ? ip(n, networkOf(n) + 1n) : false),
  last_usable: (n) => (sizeOf(n) > 2n ? ip(n, broadcastOf(n) - 1n) : false),
  range_usable: (n) => (sizeOf(n) > 2n ? `${ip(n, networkOf(n) + 1n)}-${ip(n, broadcastOf(n) - 1n)}` : false),
  int: (n) => (n.version === 4 ? Number(n.ip) : n.ip.toString()),
  version: (n) => n.version,
  ipv4: (n) => (n.version === 4 ? str(n) : false),
  ipv6: (n) => (n.version === 6 ? str(n) : false),
  private: (n) => (isPrivate(n) ? str(n) : false),
  public: (n) => (isPrivate(n) ? false : str(n)),
  wrap: (n) => (n.version === 6 ? `[${ip(n, n.ip)}]${n.hasPrefix ? `/${n.prefix}` : ''}` : str(n)),
  revdns: (n) =>
    n.version === 4
      ? `${ip(n, n.ip).split('.').reverse().join('.')}.in-addr.arpa.`
      : `${n.ip.toString(16).padStart(32, '0').split('').reverse().join('.')}.ip6.arpa.`,
}

function str(n: IPNet): string {
  return n.hasPrefix ? withPrefix(n, n.ip) : ip(n, n.ip)
}

function query(value: unknown, q: unknown, version?: 4 | 6): unknown {
  const n = parseNet(value)
  if (!n || (version && n.version !== version)) return false
  if (q === undefined || q === null || q === '') return str(n)
  if (typeof q === 'number' || (typeof q === 'string' && /^-?\d+$/.test(q))) {
    if (sizeOf(n) === 1n) return false
    const v = nth(n, Number(q))
    return v === null ? false : withPrefix(n, v)
  }
  const qs = String(q)
  const fn = QUERIES[qs]
  if (fn) return fn(n)
  const net = parseNet(qs)
  if (net) return contains({ ...net, ip: networkOf(net) }, n) ? str(n) : false
  throw templateError(`ipaddr: unknown filter type: ${qs}`)
}

function ipaddrOf(version?: 4 | 6) {
  return (value: unknown, ...rest: unknown[]): unknown => {
    const { pos, kw } = splitArgs(rest)
    const q = kw.query ?? pos[0]
    if (Array.isArray(value)) return value.map((v) => query(v, q, version)).filter((r) => r !== false)
    return query(value, q, version)
  }
}

function mustParse(value: unknown, filter: string): IPNet {
  const n = parseNet(value)
  if (!n) throw templateError(`${filter}: ${JSON.stringify(value)} is not a valid IP address or network`)
  return n
}

/** Network filters by short name. */
export const NET_FILTERS: FilterTable = {
  ipaddr: ipaddrOf(),
  ipv4: ipaddrOf(4),
  ipv6: ipaddrOf(6),
  ipwrap: (value) => {
    const n = parseNet(value)
    return n ? QUERIES.wrap?.(n) : value
  },
  nthhost: (value, index) => {
    const n = mustParse(value, 'nthhost')
    const v = nth(n, toInt(index, 'nthhost'))
    return v === null ? false : ip(n, v)
  },
  ipmath: (value, amount) => {
    const n = mustParse(value, 'ipmath')
    const v = addTo(n, toInt(amount, 'ipmath'))
    if (v === null) throw templateError(`ipmath: ${String(value)} + ${String(amount)} is outside the address range`)
    return ip(n, v)
  },
}
