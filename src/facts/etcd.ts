/**
 * etcd through `ETCDCTL_API=3 etcdctl ... -w json` on the target: the command lines and the
 * parsers of etcd 3.4's JSON output. Parsers return null on output they cannot read.
 */
import { shJoin } from '../connection/quote.js'

/** How etcdctl reaches the cluster: its global flags. */
export interface EtcdConn {
  /** etcdctl program (a name on PATH or a path). */
  executable: string
  /** Client URLs; empty = etcdctl's default (127.0.0.1:2379). */
  endpoints: string[]
  cacert?: string
  cert?: string
  key?: string
  /** etcdctl's --command-timeout (Go duration, e.g. "5s"). */
  timeout?: string
}

/** One sh line running etcdctl (API v3) with the connection's flags, then `argv`. */
export function etcdctlLine(c: EtcdConn, argv: readonly string[], endpoints: readonly string[] = c.endpoints): string {
  const flags = [
    ...(endpoints.length ? [`--endpoints=${endpoints.join(',')}`] : []),
    ...(c.cacert ? [`--cacert=${c.cacert}`] : []),
    ...(c.cert ? [`--cert=${c.cert}`] : []),
    ...(c.key ? [`--key=${c.key}`] : []),
    ...(c.timeout ? [`--command-timeout=${c.timeout}`] : []),
  ]
  return `ETCDCTL_API=3 ${shJoin([c.executable, ...flags, ...argv])}`
}

const RC_MARK = '@@krun-rc='

/** A probe part that prints its exit code after its output, so one round trip holds several parts' codes. */
export function withRc(cmd: string): string {
  return `${cmd}; printf '\\n${RC_MARK}%s\\n' "$?"`
}

/** A withRc part's output: its exit code (undefined when the marker is missing) and the output before it. */
export function splitRc(out: string): { rc: number | undefined; out: string } {
  const m = new RegExp(`\\n?${RC_MARK}(\\d+)\\n?$`).exec(out)
  return m ? { rc: Number(m[1]), out: out.slice(0, m.index) } : { rc: undefined, out }
}

/**
 * JSON.parse that keeps etcd's 64-bit ids (member_id, cluster_id) exact: integers of 16 or more
 * digits outside strings become strings, since a double would round them.
 */
export function parseEtcdJson(text: string): unknown {
  let out = ''
  let inStr = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (inStr) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === '"') inStr = false
    } else if (c === '"') {
      inStr = true
      out += c
    } else if (/[0-9]/.test(c) && !/[0-9.eE+-]/.test(text[i - 1] ?? '')) {
      const num = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))?.[0] ?? c
      out += /^[0-9]{16,}$/.test(num) ? `"${num}"` : num
      i += num.length - 1
    } else out += c
  }
  return JSON.parse(out)
}

function json(text: string): unknown {
  try {
    return parseEtcdJson(text.trim())
  } catch {
    return null
  }
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

/** A member id as etcdctl's table output prints it (hex); '' for none. */
export function hexId(v: unknown): string {
  if (v === undefined || v === null || v === '' || v === 0 || v === '0') return ''
  try {
    return BigInt(String(v)).toString(16)
  } catch {
    return String(v)
  }
}

/** An endpoint without its scheme: how messages name it ("10.0.0.3:2379"). */
export function endpointName(url: string): string {
  return url.replace(/^[a-z]+:\/\//, '').replace(/\/$/, '')
}

/** One entry of `endpoint health -w json`. */
export interface EndpointHealth {
  endpoint: string
  health: boolean
  took: string
  error?: string
}

/** `endpoint health -w json`: a list (printed even when some endpoints are unhealthy). */
export function parseHealth(text: string): EndpointHealth[] | null {
  const v = json(text)
  if (!Array.isArray(v)) return null
  return v.map((e) => {
    const o = obj(e)
    return { endpoint: String(o.endpoint ?? ''), health: o.health === true, took: String(o.took ?? ''), ...(o.error ? { error: String(o.error) } : {}) }
  })
}

/** One entry of `endpoint status -w json`; ids in hex. */
export interface EndpointStatus {
  endpoint: string
  memberId: string
  /** The leader this member follows ('' = none). */
  leader: string
  raftTerm: number
  raftIndex: number
  version: string
  dbSize: number
  /** Alarms and errors the member reports ("memberID:... alarm:NOSPACE "). */
  errors: string[]
}

/** `endpoint status -w json`: only the endpoints that answered (the others are on stderr). */
export function parseStatus(text: string): EndpointStatus[] | null {
  const v = json(text)
  if (!Array.isArray(v)) return null
  return v.map((e) => {
    const o = obj(e)
    const s = obj(o.Status)
    return {
      endpoint: String(o.Endpoint ?? ''),
      memberId: hexId(obj(s.header).member_id),
      leader: hexId(s.leader),
      raftTerm: Number(s.raftTerm ?? obj(s.header).raft_term ?? 0),
      raftIndex: Number(s.raftIndex ?? 0),
      version: String(s.version ?? ''),
      dbSize: Number(s.dbSize ?? 0),
      errors: Array.isArray(s.errors) ? s.errors.map(String) : [],
    }
  })
}

/** Endpoints `endpoint status` could not reach, from its stderr: endpoint -> reason. */
export function parseStatusErrors(stderr: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of stderr.matchAll(/^Failed to get the status of endpoint (\S+) \((.*)\)$/gm)) out.set(m[1] ?? '', m[2] ?? '')
  return out
}

/** etcd's AlarmType enum. */
const ALARMS: Record<number, string> = { 0: 'NONE', 1: 'NOSPACE', 2: 'CORRUPT' }

/** One raised alarm. */
export interface EtcdAlarm {
  memberId: string
  alarm: string
}

/** `alarm list -w json`: `{}` when there is none. */
export function parseAlarms(text: string): EtcdAlarm[] | null {
  const v = json(text)
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null
  const list = obj(v).alarms
  return (Array.isArray(list) ? list : []).map((a) => ({ memberId: hexId(obj(a).memberID), alarm: ALARMS[Number(obj(a).alarm)] ?? String(obj(a).alarm) }))
}

/** A key as `get -w json` shows it: values are base64 in the JSON. */
export interface EtcdValue {
  exists: boolean
  value?: string
  modRevision?: number
}

/** `get KEY -w json`: no `kvs` when the key is absent. */
export function parseGet(text: string): EtcdValue | null {
  const v = json(text)
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null
  const kv = Array.isArray(obj(v).kvs) ? obj((obj(v).kvs as unknown[])[0]) : undefined
  if (!kv) return { exists: false }
  return { exists: true, value: Buffer.from(String(kv.value ?? ''), 'base64').toString('utf8'), modRevision: Number(kv.mod_revision ?? 0) }
}

/** One cluster member (`member list -w json`); id in hex. */
export interface EtcdMember {
  id: string
  name: string
  peerURLs: string[]
  clientURLs: string[]
  isLearner: boolean
}

/** `member list -w json`. */
export function parseMembers(text: string): EtcdMember[] | null {
  const list = obj(json(text)).members
  if (!Array.isArray(list)) return null
  const urls = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])
  return list.map((m) => {
    const o = obj(m)
    return { id: hexId(o.ID), name: String(o.name ?? ''), peerURLs: urls(o.peerURLs), clientURLs: urls(o.clientURLs), isLearner: o.isLearner === true }
  })
}

/** The lines of etcdctl's stderr a user should read: not its JSON log lines. */
export function stderrMessage(stderr: string): string {
  return stderr.split('\n').filter((l) => l.trim() && !l.startsWith('{"level"')).join('\n').trim()
}
