import type { HostResult, Status, TaskInfo } from '../core/results.js'
import type { Become } from '../connection/types.js'
import type { TaskNode, Vars } from '../playbook/types.js'
import { markUnsafe } from '../playbook/index.js'
import type { Scope } from '../template/types.js'
import { runCall, type CallResult } from './call.js'
import { taskErrorMessage } from './task-error.js'
import type { CallSettings, Engine, RunPlace } from './context.js'
import { loopItems } from './loop.js'
import { NO_LOG_MSG, redactResult } from './redact.js'
import { buildScope, playScope } from './scope.js'
import { unknownUntilApply } from './check-pending.js'
import { dirname } from 'node:path'

/** A task's info for reporters (they print `role : name`, as Ansible does); the name templated as taskName() does. */
export function taskInfo(en: Engine, task: TaskNode, rp: RunPlace, isHandler = false): TaskInfo {
  return { name: taskName(en, task, rp), action: task.action, pos: task.pos, isHandler, role: task.role?.name }
}

/**
 * The name as ansible-playbook prints it: templated with play-level variables (no host's,
 * since one header stands for all hosts); left as written when that fails (`{{ item }}`, a host var).
 */
export function taskName(en: Engine, task: TaskNode, rp: RunPlace): string {
  const name = task.name ?? task.action
  if (!name.includes('{{') && !name.includes('{%')) return name
  try {
    const scope = playScope(en.env, { ...rp.place, role: task.role ?? rp.inh.role, blockVars: rp.inh.blockVars, taskVars: task.vars })
    return String(en.opts.templar.render(name, scope))
  } catch {
    return name
  }
}


/** Runs one task on one host: when, loop, calls, register, notify, stats, report. Returns the status. */
export async function runTaskOnHost(en: Engine, task: TaskNode, host: string, rp: RunPlace, isHandler = false): Promise<Status> {
  const info = taskInfo(en, task, rp, isHandler)
  const started = Date.now()
  const scopeFor = (extra?: Vars): Scope =>
    buildScope(en.env, host, { ...rp.place, role: task.role ?? rp.inh.role, blockVars: rp.inh.blockVars, taskVars: task.vars, extra })
  let cs: CallSettings | undefined
  let final: CallResult
  const perItem: HostResult[] = []
  try {
    const scope = scopeFor()
    const resolved = (cs = { ...settings(en, task, host, rp, scope), info })
    if (task.loop === undefined) {
      final = whenHolds(en, task, scope) ? await runCall(en, resolved, scope) : skipped(task)
    } else {
      final = await runLoop(en, task, resolved, scope, scopeFor, (r, label) =>
        perItem.push(hostResult(host, info, r, started, resolved, label)),
      )
    }
  } catch (e) {
    const msg = taskErrorMessage(e, task)
    // keep no_log when the settings were resolved: the message may hold a rendered value
    cs ??= { task, host, noLog: false, check: en.opts.check, diff: en.opts.diff, ignoreErrors: false }
    // a condition on a result that check mode could not produce is not known until apply either
    final = unknownUntilApply(en, cs, msg) ?? { status: 'failed', msg, data: { failed: true, msg } }
  }
  const status = settle(en, task, host, cs, final)
  for (const r of perItem) en.report(r)
  // A loop's lines are its items (as ansible-playbook prints them); the summary shows only when it failed
  if (task.loop === undefined || perItem.length === 0 || status === 'failed' || status === 'unreachable' || status === 'ignored') {
    en.report(hostResult(host, info, { ...final, status }, started, cs))
  }
  return status
}

/** Records the final result: ignore_errors, register, set_fact, notify, host state. */
function settle(en: Engine, task: TaskNode, host: string, cs: CallSettings, r: CallResult): Status {
  const st = en.states.get(host)!
  let status = r.status
  if (status === 'failed' && cs.ignoreErrors) status = 'ignored'
  if (task.register) st.hostVars[task.register] = r.data
  const facts = r.data.ansible_facts
  if (task.action === 'set_fact' && facts && typeof facts === 'object') Object.assign(st.hostVars, facts)
  if (status === 'changed') for (const n of task.notify) st.notified.add(n)
  if (status === 'failed') {
    st.failed = true
    st.lastFailure = { task: { name: task.name ?? task.action, action: task.action, args: shownArgs(en, task, cs.noLog) }, result: cs.noLog ? { censored: NO_LOG_MSG } : r.data }
  }
  if (status === 'unreachable') st.unreachable = true
  const stats = en.stats.get(host)!
  if (status === 'changed') stats.changed++
  if (status === 'ok' || status === 'changed') stats.ok++
  else if (status === 'ignored') stats.ignored++
  else stats[status]++
  return status
}

async function runLoop(
  en: Engine,
  task: TaskNode,
  cs: CallSettings,
  scope: Scope,
  scopeFor: (extra?: Vars) => Scope,
  onItem: (r: CallResult, label: string) => void,
): Promise<CallResult> {
  const t = en.opts.templar
  const items = loopItems(task.loopKind, t.render(task.loop, scope), task.pos, dirname(task.pos.file))
  const lc = task.loop_control ?? {}
  const results: Record<string, unknown>[] = []
  const statuses: Status[] = []
  for (const [i, item] of items.entries()) {
    const extra: Vars = { [lc.loop_var ?? 'item']: item, ansible_loop_var: lc.loop_var ?? 'item' }
    if (lc.index_var) extra[lc.index_var] = i
    if (lc.extended) extra.ansible_loop = { index: i + 1, index0: i, first: i === 0, last: i === items.length - 1, length: items.length, revindex: items.length - i, revindex0: items.length - i - 1 }
    const s = scopeFor(extra)
    const label = lc.label ? String(t.render(lc.label, s)) : typeof item === 'string' ? item : JSON.stringify(item)
    const r = whenHolds(en, task, s) ? await runCall(en, cs, s) : skipped(task)
    results.push({ ...r.data, item, ansible_loop_var: extra.ansible_loop_var })
    statuses.push(r.status)
    onItem(r, label)
    if (r.status === 'unreachable') break
    if (lc.pause) await new Promise((res) => setTimeout(res, lc.pause! * 1000))
  }
  const status: Status = statuses.includes('unreachable') ? 'unreachable'
    : statuses.includes('failed') ? 'failed'
    : statuses.includes('changed') ? 'changed'
    : statuses.every((s) => s === 'skipped') ? 'skipped' : 'ok'
  // as Ansible: an empty loop is skipped, not ok
  const msg = status === 'failed' ? 'One or more items failed' : statuses.length === 0 ? 'No items in the list' : 'All items completed'
  return { status, msg, data: { results, changed: statuses.includes('changed'), failed: status === 'failed', msg, ...(status === 'skipped' ? { skipped: true } : {}) } }
}

function whenHolds(en: Engine, task: TaskNode, scope: Scope): boolean {
  return task.when.every((c) => en.opts.templar.test(c, scope))
}

function skipped(task: TaskNode): CallResult {
  const msg = `Conditional result was False: ${task.when.join(' and ')}`
  return { status: 'skipped', msg, data: { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: task.when.join(' and ') } }
}

/** Resolves the keywords that hold for every call of this task on this host. */
function settings(en: Engine, task: TaskNode, host: string, rp: RunPlace, scope: Scope): CallSettings {
  const t = en.opts.templar
  const { inh } = rp
  const play = rp.place.play
  const flag = (v: boolean | string | undefined): boolean | undefined => (v === undefined ? undefined : typeof v === 'boolean' ? v : t.test(v, scope))
  const becomeOn = flag(task.become) ?? flag(inh.become) ?? flag(play.become) ?? en.opts.become ?? false
  const becomeUser = String(t.render(task.become_user ?? inh.become_user ?? play.become_user ?? en.opts.becomeUser ?? 'root', scope))
  const become: Become | undefined = becomeOn ? { user: becomeUser, ...(en.opts.becomePassword ? { password: en.opts.becomePassword } : {}) } : undefined
  const checkFlag = flag(task.check_mode) ?? flag(inh.check_mode) ?? flag(play.check_mode)
  const envs = [play.environment, inh.environment, task.environment].filter((e) => e !== undefined)
  const env: Record<string, string> = {}
  for (const e of envs) for (const [k, v] of Object.entries((t.render(e, scope) ?? {}) as Vars)) env[k] = String(v)
  const delegate = task.delegate_to ?? inh.delegate_to
  return {
    task,
    host,
    become,
    env: Object.keys(env).length ? env : undefined,
    noLog: flag(task.no_log) ?? flag(inh.no_log) ?? flag(play.no_log) ?? false,
    check: checkFlag ?? en.opts.check,
    diff: flag(task.diff) ?? flag(inh.diff) ?? en.opts.diff,
    ignoreErrors: flag(task.ignore_errors) ?? flag(inh.ignore_errors) ?? false,
    delegateTo: delegate ? String(t.render(delegate, scope)) : undefined,
  }
}

function hostResult(host: string, task: TaskInfo, r: CallResult, started: number, cs: CallSettings, item?: string): HostResult {
  const out: HostResult = {
    host,
    task,
    status: r.status,
    msg: r.msg,
    diffs: cs.diff ? r.diffs : undefined,
    display: r.display,
    data: r.data,
    durationMs: Date.now() - started,
    ...(item !== undefined ? { item } : {}),
    ...(cs.delegateTo ? { delegatedTo: cs.delegateTo } : {}),
  }
  return cs.noLog ? redactResult(out) : out
}

/** A task's arguments as a rescue may see them: secrets (no_log, a module's secretArgs) censored. */
function shownArgs(en: Engine, task: TaskNode, noLog: boolean): Vars {
  if (noLog) return { censored: NO_LOG_MSG }
  const secret = en.opts.modules[task.action]?.secretArgs ?? []
  // the raw text as written: a rescue reading it must not template it again
  const raw = (v: unknown): unknown => (typeof v === 'string' ? markUnsafe(v) : Array.isArray(v) ? v.map(raw) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, raw(x)])) : v)
  return Object.fromEntries(Object.entries(task.args).map(([k, v]) => [k, secret.includes(k) ? 'NOT_LOGGING_PASSWORD' : raw(v)]))
}
