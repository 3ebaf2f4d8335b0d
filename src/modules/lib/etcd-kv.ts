/**
 * etcdctl `get`, `put`, `del`, `member_list` and `snapshot_save`: each reads with one probe
 * (`-w json`) and plans at most one etcdctl command. put sends the value on stdin (etcdctl
 * reads it there when it is not an argument), so quotes and newlines pass unchanged.
 */
import { etcdctlLine, parseGet, parseMembers, splitRc, stderrMessage, withRc, type EtcdConn, type EtcdValue } from '../../facts/etcd.js'
import { ModuleFailure, type Change, type FileDiff, type Plan, type Probe } from '../types.js'

/** Reads one key with `get KEY -w json`. */
export async function readKey(c: EtcdConn, probe: Probe, key: string): Promise<EtcdValue> {
  const r = await probe.exec(withRc(etcdctlLine(c, ['get', '-w', 'json', '--', key])))
  const { rc, out } = splitRc(r.stdout)
  const v = rc === 0 ? parseGet(out) : null
  if (!v) throw new ModuleFailure(`etcdctl get ${key} failed${rc !== undefined ? ` (rc ${rc})` : ''}: ${stderrMessage(r.stderr) || out.trim() || 'no output'}`)
  return v
}

/** How a value appears in diffs and results: hidden for no_log tasks. */
function shown(key: string, before: string | null, after: string | null, noLog: boolean): FileDiff {
  const path = `etcd:${key}`
  return noLog ? { path, before: null, after: null, redacted: `value of ${key} ${after === null ? 'deleted' : 'changed'}` } : { path, before, after }
}

/** `get`: never changes anything; registers {value, exists}. */
export async function planGet(c: EtcdConn, probe: Probe, key: string): Promise<Plan> {
  const v = await readKey(c, probe, key)
  const data = { exists: v.exists, value: v.value ?? null }
  return { changed: false, noop: v.exists ? `${key} exists (${Buffer.byteLength(v.value ?? '')} bytes)` : `${key} is absent`, data }
}

/** `put`: nothing to do when the key already holds exactly `value`. */
export async function planPut(c: EtcdConn, probe: Probe, key: string, value: string, noLog: boolean): Promise<Plan> {
  const v = await readKey(c, probe, key)
  if (v.exists && v.value === value) return { changed: false, noop: `${key} already holds the value`, data: { exists: true } }
  const reason = v.exists ? `put ${key}: the value differs` : `put ${key}: absent`
  // an empty value cannot come on stdin (etcdctl then asks for an argument)
  const change: Change = value === ''
    ? { kind: 'exec', cmd: etcdctlLine(c, ['put', '--', key, '']), reason }
    : { kind: 'exec', cmd: etcdctlLine(c, ['put', '--', key]), stdin: value, reason }
  return { changed: true, changes: [change], diffs: [shown(key, v.exists ? (v.value ?? '') : null, value, noLog)], data: { exists: true } }
}

/** `del`: nothing to do when the key is absent. */
export async function planDel(c: EtcdConn, probe: Probe, key: string, noLog: boolean): Promise<Plan> {
  const v = await readKey(c, probe, key)
  if (!v.exists) return { changed: false, noop: `${key} is absent`, data: { exists: false } }
  const change: Change = { kind: 'exec', cmd: etcdctlLine(c, ['del', '--', key]), reason: `del ${key}: present` }
  return { changed: true, changes: [change], diffs: [shown(key, v.value ?? '', null, noLog)], data: { exists: false } }
}

/** `member_list`: registers the members (ids in hex, as etcdctl's table prints them). */
export async function planMembers(c: EtcdConn, probe: Probe): Promise<Plan> {
  const r = await probe.exec(withRc(etcdctlLine(c, ['member', 'list', '-w', 'json'])))
  const { rc, out } = splitRc(r.stdout)
  const members = rc === 0 ? parseMembers(out) : null
  if (!members) throw new ModuleFailure(`etcdctl member list failed${rc !== undefined ? ` (rc ${rc})` : ''}: ${stderrMessage(r.stderr) || 'no output'}`)
  return { changed: false, noop: `${members.length} members: ${members.map((m) => m.name || m.id).join(', ')}`, data: { members } }
}

/** `snapshot_save`: always a change; etcd takes a snapshot from one endpoint, the first given. */
export function planSnapshot(c: EtcdConn, path: string): Plan {
  const first = c.endpoints.slice(0, 1)
  const from = first[0] ?? 'the default endpoint'
  return {
    changed: true,
    changes: [{ kind: 'exec', cmd: etcdctlLine(c, ['snapshot', 'save', '--', path], first), reason: `save a snapshot of ${from} to ${path}` }],
    diffs: [],
    data: { path, endpoint: from },
  }
}
