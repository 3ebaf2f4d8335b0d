/**
 * etcdctl `health`: one round trip runs `endpoint health`, `endpoint status` and `alarm list`
 * (each with its exit code), and judges the cluster: every endpoint healthy, exactly one
 * leader, one raft term, no alarm. Every failing criterion is named with its endpoint.
 */
import {
  endpointName, etcdctlLine, parseAlarms, parseHealth, parseStatus, parseStatusErrors, splitRc, stderrMessage, withRc,
  type EndpointHealth, type EndpointStatus, type EtcdAlarm, type EtcdConn,
} from '../../facts/etcd.js'
import { namedProbe } from './named-probe.js'
import { ModuleFailure, type Plan, type Probe } from '../types.js'

/** What the three commands printed, parsed. */
export interface HealthFacts {
  health: EndpointHealth[]
  status: EndpointStatus[]
  /** Endpoints `endpoint status` could not reach: endpoint -> reason. */
  statusErrors: Map<string, string>
  alarms: EtcdAlarm[]
}

/** The verdict: failing criteria (empty = healthy) and what a registered result holds. */
export interface HealthVerdict {
  failures: string[]
  endpoints: Array<{ endpoint: string; healthy: boolean; took: string; member_id?: string; leader?: string; raft_term?: number; version?: string; error?: string }>
  /** Endpoint of the leader (its member id in hex when no given endpoint is the leader). */
  leader?: string
}

const same = (a: string, b: string): boolean => endpointName(a) === endpointName(b)

/** Judges the parsed outputs against the endpoints asked for (all of them when none were given). */
export function judgeHealth(asked: readonly string[], f: HealthFacts): HealthVerdict {
  const names = asked.length ? [...asked] : f.health.map((h) => h.endpoint)
  const failures: string[] = []
  const endpoints = names.map((ep) => {
    const h = f.health.find((x) => same(x.endpoint, ep))
    const s = f.status.find((x) => same(x.endpoint, ep))
    const error = h?.error ?? (h ? undefined : 'no answer')
    if (!h?.health) failures.push(`${endpointName(ep)}: unhealthy: ${error ?? 'health check failed'}`)
    else if (!s) failures.push(`${endpointName(ep)}: no status: ${[...f.statusErrors].find(([k]) => same(k, ep))?.[1] ?? 'no answer'}`)
    else if (!s.leader) failures.push(`${endpointName(ep)}: no leader`)
    return {
      endpoint: ep, healthy: h?.health === true, took: h?.took ?? '',
      ...(s ? { member_id: s.memberId, leader: s.leader, raft_term: s.raftTerm, version: s.version } : {}),
      ...(error ? { error } : {}),
    }
  })
  const byMember = new Map(f.status.map((s) => [s.memberId, endpointName(s.endpoint)]))
  const label = (id: string): string => (byMember.has(id) ? `${id} (${byMember.get(id) ?? ''})` : id)
  const leaders = new Map<string, string[]>()
  for (const s of f.status.filter((x) => x.leader)) leaders.set(s.leader, [...(leaders.get(s.leader) ?? []), endpointName(s.endpoint)])
  if (leaders.size > 1) {
    failures.push(`${leaders.size} leaders: ${[...leaders].map(([id, eps]) => `${label(id)} followed by ${eps.join(', ')}`).join('; ')}`)
  }
  const terms = new Set(f.status.map((s) => s.raftTerm))
  if (terms.size > 1) failures.push(`raft terms differ: ${f.status.map((s) => `${endpointName(s.endpoint)}=${s.raftTerm}`).join(', ')}`)
  for (const a of f.alarms) failures.push(`alarm ${a.alarm} on member ${label(a.memberId)}`)
  const id = leaders.size === 1 ? [...leaders.keys()][0] : undefined
  const leaderEp = id === undefined ? undefined : f.status.find((s) => s.memberId === id)?.endpoint ?? id
  return { failures, endpoints, ...(leaderEp !== undefined ? { leader: leaderEp } : {}) }
}

/** The one probe command of `health`. */
export function healthProbe(c: EtcdConn): ReturnType<typeof namedProbe> {
  return namedProbe([
    ['health', withRc(etcdctlLine(c, ['endpoint', 'health', '-w', 'json']))],
    ['status', withRc(etcdctlLine(c, ['endpoint', 'status', '-w', 'json']))],
    ['alarms', withRc(etcdctlLine(c, ['alarm', 'list', '-w', 'json']))],
  ])
}

function failed(what: string, rc: number | undefined, stderr: string): never {
  const why = stderrMessage(stderr) || 'no output'
  throw new ModuleFailure(`etcdctl ${what} failed${rc !== undefined ? ` (rc ${rc})` : ''}: ${why}`)
}

/** Reads the cluster and plans nothing: ok with the endpoints and the leader, or a failure naming every broken criterion. */
export async function planHealth(c: EtcdConn, probe: Probe): Promise<Plan> {
  const p = healthProbe(c)
  const r = await probe.exec(p.cmd)
  const parts = p.read(r.stdout)
  const part = (name: string): { rc: number | undefined; out: string } => splitRc(parts.get(name) ?? '')
  const h = part('health')
  const s = part('status')
  const a = part('alarms')
  const health = parseHealth(h.out)
  // an unusable flag (missing cert file) or program: etcdctl prints no list at all
  if (!health) failed('endpoint health', h.rc, r.stderr)
  const status = parseStatus(s.out) ?? []
  const alarms = parseAlarms(a.out)
  if (!alarms && health.every((x) => x.health)) failed('alarm list', a.rc, r.stderr)
  const v = judgeHealth(c.endpoints, { health, status, statusErrors: parseStatusErrors(r.stderr), alarms: alarms ?? [] })
  const data = { endpoints: v.endpoints, ...(v.leader !== undefined ? { leader: v.leader } : {}) }
  if (v.failures.length) throw new ModuleFailure(v.failures.join('; '), data)
  const term = status[0]?.raftTerm
  return { changed: false, noop: `${v.endpoints.length} endpoints healthy, leader ${endpointName(v.leader ?? '')}, raft term ${term ?? '?'}`, data }
}
