import { KrunError, type SourcePos } from '../core/errors.js'
import { isIP } from 'node:net'

/** A malformed `[begin:end:step]` range; callers add the file and line. */
export class HostRangeError extends Error {}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const LABEL = String.raw`(?:[\p{L}\p{N}_]|${RANGE})(?:[\p{L}\p{N}_-]|${RANGE})*(?<![_-])`
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu')
const IPV4_PART = String.raw`(?:[0-9]{1,3}|\[[0-9]+:[0-9]+(?::[0-9]+)?\])`
const IPV4 = new RegExp(String.raw`^(?:${IPV4_PART}\.){3}${IPV4_PART}$`)
const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/

/**
 * Ansible's `parse_address(address, allow_ranges=True)`: splits `host:port`, `[v6]:port`,
 * and accepts IPv4, IPv6 (never split on ':') and host names, any of them with ranges.
 * Returns undefined when the text is none of these.
 */
export function parseAddress(address: string): { host: string; port?: number } | undefined {
  let host = address
  let port: number | undefined
  const m = BRACKETED_HOSTPORT.exec(address) ?? HOSTPORT.exec(address)
  if (m) {
    host = m[1]!
    port = Number(m[2])
  }
  const ok = IPV4.test(host) || isIpv6(host) || HOSTNAME.test(host)
  if (!ok) return undefined
  return port === undefined ? { host } : { host, port }
}

function isIpv6(s: string): boolean {
  if ((s.match(/:/g) ?? []).length < 2) return false
  // ranges inside an address stand for one hex group each
  return isIP(s.replace(/\[[0-9a-f]+:[0-9a-f]+(?::[0-9]+)?\]/gi, '0')) === 6
}

/**
 * Ansible's `_expand_hostpattern`: `web[01:03]:2222` -> hosts web01..web03 with port 2222.
 * Text that is not a valid address is taken literally (and still range-expanded).
 */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  const parsed = parseAddress(pattern)
  const name = parsed?.host ?? pattern
  const hosts = name.includes('[') ? expandRange(name) : [name]
  return parsed?.port === undefined ? { hosts } : { hosts, port: parsed.port }
}

/**
 * Expands the first `[begin:end(:step)]` of a name, then the rest recursively: numeric
 * (zero padding kept when begin has a leading zero), or letters (a-z then A-Z), inclusive.
 */
export function expandRange(line: string): string[] {
  const open = line.indexOf('[')
  const close = line.indexOf(']', open)
  if (open < 0 || close < 0) throw new HostRangeError(`unterminated host range in '${line}'`)
  const head = line.slice(0, open)
  const tail = line.slice(close + 1)
  const bounds = line.slice(open + 1, close).split(':')
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostRangeError(`host range must be begin:end or begin:end:step, got '[${bounds.join(':')}]'`)
  }
  const beg = bounds[0] || '0'
  const end = bounds[1]!
  const stepText = bounds[2] ?? '1'
  if (!end) throw new HostRangeError(`host range must specify an end value in '${line}'`)
  const step = /^[0-9]+$/.test(stepText) ? Number(stepText) : NaN
  if (!(step > 0)) throw new HostRangeError(`host range step must be a positive integer, got '${stepText}'`)
  const out: string[] = []
  for (const item of rangeItems(beg, end, step, line)) {
    const name = head + item + tail
    if (name.includes('[')) out.push(...expandRange(name))
    else out.push(name)
  }
  return out
}

function rangeItems(beg: string, end: string, step: number, line: string): string[] {
  const ib = beg.length === 1 ? LETTERS.indexOf(beg) : -1
  const ie = end.length === 1 ? LETTERS.indexOf(end) : -1
  if (ib >= 0 && ie >= 0) {
    if (ib > ie) throw new HostRangeError(`host range must have begin <= end in '${line}'`)
    const out: string[] = []
    for (let i = ib; i <= ie; i += step) out.push(LETTERS[i]!)
    return out
  }
  if (!/^[0-9]+$/.test(beg) || !/^[0-9]+$/.test(end)) {
    throw new HostRangeError(`host range bounds must be both numbers or both letters in '${line}'`)
  }
  const pad = beg.length > 1 && beg.startsWith('0') ? beg.length : 0
  if (pad && pad !== end.length) {
    throw new HostRangeError(`host range must specify equal-length begin and end formats in '${line}'`)
  }
  const b = Number(beg)
  const e = Number(end)
  if (b > e) throw new HostRangeError(`host range must have begin <= end in '${line}'`)
  const out: string[] = []
  for (let i = b; i <= e; i += step) out.push(pad ? String(i).padStart(pad, '0') : String(i))
  return out
}

/** expandHostPattern for a host written at `pos` in an inventory file: a bad range is a positioned KrunError. */
export function expandHostAt(pattern: string, pos: SourcePos): { hosts: string[]; port?: number } {
  try {
    return expandHostPattern(pattern)
  } catch (e) {
    if (e instanceof HostRangeError) throw new KrunError('E_INVENTORY_RANGE', e.message, pos)
    throw e
  }
}
