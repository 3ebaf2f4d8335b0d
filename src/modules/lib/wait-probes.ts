/**
 * The read-only probes wait_for repeats: a path's presence (and content), a port's sockets
 * from /proc/net/tcp{,6} (no tool needed), and a TCP connection made with what the target
 * has — bash's /dev/tcp, perl's IO::Socket::INET or nc — since dash cannot open sockets.
 */
import { quote } from '../../connection/quote.js'

/** Most bytes of a file or a banner that search_regex looks at. */
export const READ_MAX = 1024 * 1024

/** First line of a probe's output: the path exists. */
export const PRESENT = 'krun-present'
/** First line of a probe's output: the TCP connection opened. */
export const CONNECTED = 'krun-connected'
/** The only line of a probe's output: no bash, perl or nc on the host. */
export const NO_CLIENT = 'krun-no-tcp-client'

/** Prints PRESENT (and the content when `read`) or nothing. */
export function pathCommand(path: string, read: boolean): string {
  const p = quote(path)
  return `if [ -e ${p} ]; then echo ${PRESENT}${read ? `; head -c ${READ_MAX} -- ${p} 2>/dev/null || :` : ''}; fi`
}

/** The kernel's TCP socket tables. */
export const PROC_NET = 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null || :'

/** TCP states in /proc/net/tcp that count as an active connection for `drained` (not LISTEN, TIME_WAIT, CLOSE). */
const ACTIVE = new Set(['01', '02', '03', '04', '05', '08', '09', '0B'])

function isLocal(hexAddr: string): boolean {
  const a = hexAddr.toUpperCase()
  if (/^0+$/.test(a)) return true
  if (a.length === 8) return a.endsWith('7F')
  return a === '00000000000000000000000001000000' || (a.startsWith('0000000000000000FFFF0000') && a.endsWith('7F'))
}

/** Sockets on a local port: listening on a wildcard or loopback address, and active connections. */
export function parseProcNet(text: string, port: number): { listening: boolean; active: number } {
  let listening = false
  let active = 0
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/)
    const [addr = '', p = ''] = (f[1] ?? '').split(':')
    if (!/^\d+:$/.test(f[0] ?? '') || parseInt(p, 16) !== port) continue
    const st = (f[3] ?? '').toUpperCase()
    if (st === '0A' && isLocal(addr)) listening = true
    if (ACTIVE.has(st)) active++
  }
  return { listening, active }
}

/**
 * Tries one TCP connection; prints CONNECTED when it opened (then what the peer sends, when
 * `read`, until it closes or `seconds` pass), NO_CLIENT when the host has no way to connect.
 */
export function connectCommand(host: string, port: number, seconds: number, read: boolean): string {
  const h = quote(host)
  const cat = read ? `; head -c ${READ_MAX} <&3` : ''
  const perlRead = read ? '; while (sysread($s, my $b, 65536)) { print $b }' : ''
  const bash = `timeout ${seconds} bash -c ${quote(`exec 3<>"/dev/tcp/$0/$1" && echo ${CONNECTED}${cat}`)} ${h} ${port} 2>/dev/null`
  const perl = `timeout ${seconds} perl -MIO::Socket::INET -e ${quote(`$| = 1; my $s = IO::Socket::INET->new(PeerAddr => $ARGV[0], PeerPort => $ARGV[1], Timeout => $ARGV[2]) or exit 1; print "${CONNECTED}\\n"${perlRead}`)} ${h} ${port} ${seconds} 2>/dev/null`
  const nc = `timeout ${seconds} nc -z -w ${seconds} ${h} ${port} 2>/dev/null && echo ${CONNECTED}`
  return `if command -v bash >/dev/null 2>&1; then ${bash}; elif command -v perl >/dev/null 2>&1; then ${perl}; elif command -v nc >/dev/null 2>&1; then ${nc}; else echo ${NO_CLIENT}; fi; :`
}

/** Hosts wait_for checks through /proc/net/tcp instead of connecting. */
export const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'])
