/**
 * The systemd module's decisions, from given unit facts: which systemctl commands to run,
 * in systemd's order (daemon-reload, daemon-reexec, mask/unmask, enable/disable,
 * start/stop/restart/reload), and the `systemd:<unit>` state diff.
 */
import { shJoin } from '../../connection/quote.js'
import { activeOf, enabledOf, type UnitFacts } from '../../facts/systemd.js'
import { ModuleFailure, type Change, type Plan } from '../types.js'

/** The systemd module's arguments, normalised. */
export interface UnitWish {
  name?: string
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded'
  enabled?: boolean
  masked?: boolean
  daemonReload: boolean
  daemonReexec: boolean
  noBlock: boolean
  force: boolean
}

type Key = 'state' | 'enabled' | 'masked'
const KEYS: Key[] = ['state', 'enabled', 'masked']

function text(rec: Partial<Record<Key, string>>): string {
  return KEYS.filter((k) => rec[k] !== undefined).map((k) => `${k}: ${rec[k]}\n`).join('')
}

const exec = (argv: string[], reason: string): Change => ({ kind: 'exec', cmd: shJoin(['systemctl', ...argv]), reason })

/** daemon-reload/daemon-reexec without a unit: always a change, as in Ansible. */
function planDaemonOnly(w: UnitWish): Plan {
  const changes: Change[] = []
  if (w.daemonReload) changes.push(exec(['daemon-reload'], 'daemon-reload'))
  if (w.daemonReexec) changes.push(exec(['daemon-reexec'], 'daemon-reexec'))
  return { changed: true, changes, diffs: [], data: w.name !== undefined ? { name: w.name } : {} }
}

/** What the steps collect: commands in order, and the state keys before/after (or already right). */
interface Acc {
  changes: Change[]
  before: Partial<Record<Key, string>>
  after: Partial<Record<Key, string>>
  ok: Partial<Record<Key, string>>
}

/** The unit as the planner sees it. */
interface Seen {
  name: string
  id: string
  props: Record<string, string>
  isEnabled: string
  masked: boolean
  /** A unit file on disk that the requested daemon-reload loads (not loaded yet). */
  pending: boolean
}

function change(acc: Acc, key: Key, argv: string[], reason: string, before: string, after: string): void {
  acc.changes.push(exec(argv, reason))
  acc.before[key] = before
  acc.after[key] = after
}

function planMask(w: UnitWish, u: Seen, acc: Acc): void {
  if (w.masked === undefined) return
  if (u.masked === w.masked) acc.ok.masked = u.masked ? 'masked' : 'not masked'
  else change(acc, 'masked', [w.masked ? 'mask' : 'unmask', ...(w.force ? ['--force'] : []), u.name], `${w.masked ? 'mask' : 'unmask'} ${u.id}`, String(u.masked), String(w.masked))
}

function planEnabled(w: UnitWish, u: Seen, acc: Acc): void {
  if (w.enabled === undefined) return
  // a masked unit being unmasked shows its own file state only afterwards: assume disabled
  const raw = u.masked && w.masked === false ? 'disabled' : u.props.UnitFileState || u.isEnabled
  const cur = enabledOf(raw)
  if (cur === 'static') acc.ok.enabled = `${raw} (enabled does not apply)`
  else if (cur === 'masked' && w.enabled) throw new ModuleFailure(`cannot enable ${u.id}: it is masked (set masked: false)`, { status: u.props })
  else if ((cur === true) === w.enabled) acc.ok.enabled = w.enabled ? 'enabled' : 'disabled'
  else change(acc, 'enabled', [w.enabled ? 'enable' : 'disable', ...(w.force ? ['--force'] : []), u.name], `${w.enabled ? 'enable' : 'disable'} ${u.id}`, String(cur === true), String(w.enabled))
}

function planState(w: UnitWish, u: Seen, acc: Acc): void {
  if (w.state === undefined) return
  const active = u.props.ActiveState
  const cur = u.pending ? 'stopped' : activeOf(active)
  let verb: string | undefined
  if (w.state === 'started') verb = cur === 'stopped' ? 'start' : undefined
  else if (w.state === 'stopped') verb = cur === 'started' || active === 'deactivating' ? 'stop' : undefined
  // as in Ansible: restarted and reloaded always act; on a stopped unit they start it
  else verb = cur === 'stopped' ? 'start' : w.state === 'restarted' ? 'restart' : 'reload'
  if (!verb) {
    acc.ok.state = cur
    return
  }
  const after = verb === 'start' ? 'started' : verb === 'stop' ? 'stopped' : w.state
  change(acc, 'state', [verb, ...(w.noBlock ? ['--no-block'] : []), u.name], `${verb} ${u.id}`, active === 'deactivating' ? active : cur, after)
}

/** The plan for a unit, or a ModuleFailure when the unit cannot be managed. */
export function planUnit(w: UnitWish, f: UnitFacts): Plan {
  if (!f.booted) throw new ModuleFailure(`systemd is not running on this host (PID 1 is not systemd): cannot manage ${w.name ?? 'the daemon'}`)
  const acts = w.state !== undefined || w.enabled !== undefined || w.masked !== undefined
  if (!acts) {
    if (!w.daemonReload && !w.daemonReexec) throw new ModuleFailure('one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec')
    return planDaemonOnly(w)
  }
  if (w.name === undefined) throw new ModuleFailure('name is required with state, enabled or masked')
  if (f.showRc !== undefined) throw new ModuleFailure(`systemctl show ${w.name} failed with exit code ${f.showRc}`)
  const p = f.props
  const notFound = p.LoadState === 'not-found'
  const u: Seen = {
    name: w.name,
    id: p.Id || w.name,
    props: p,
    isEnabled: f.isEnabled,
    masked: p.LoadState === 'masked' || /^masked/.test(p.UnitFileState ?? ''),
    pending: notFound && w.daemonReload && f.files.length > 0,
  }
  if (notFound && !u.pending && (w.state !== undefined || w.enabled !== undefined)) {
    throw new ModuleFailure(`Could not find the requested service ${w.name}: host`, { status: p })
  }
  const acc: Acc = { changes: [], before: {}, after: {}, ok: {} }
  // with a unit to act on, reload only when systemd would otherwise use a stale unit file
  if (w.daemonReload && (p.NeedDaemonReload === 'yes' || u.pending)) {
    acc.changes.push(exec(['daemon-reload'], u.pending ? `daemon-reload: load the new unit file of ${u.id}` : `daemon-reload: the unit file of ${u.id} changed on disk`))
  }
  if (w.daemonReexec) acc.changes.push(exec(['daemon-reexec'], 'daemon-reexec'))
  planMask(w, u, acc)
  planEnabled(w, u, acc)
  planState(w, u, acc)
  const data = { name: u.id, ...(w.state ? { state: w.state } : {}), ...(w.enabled !== undefined ? { enabled: w.enabled } : {}), status: p }
  if (acc.changes.length === 0) {
    const skipped = w.daemonReload ? ' (no unit file changed: daemon-reload not needed)' : ''
    return { changed: false, noop: `${u.id} is ${KEYS.flatMap((k) => acc.ok[k] ?? []).join(', ')}${skipped}`, data }
  }
  const diffs = Object.keys(acc.after).length ? [{ path: `systemd:${u.id}`, before: text(acc.before), after: text(acc.after) }] : []
  return { changed: true, changes: acc.changes, diffs, data }
}
