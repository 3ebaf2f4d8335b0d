import { dirname, isAbsolute, join } from 'node:path'
import { existsSync } from 'node:fs'
import { KrunError } from '../core/errors.js'
import type { Display, Status } from '../core/results.js'
import { UnreachableError } from '../connection/types.js'
import { ModuleFailure, type Change, type FileDiff, type Plan, type PlanContext } from '../modules/types.js'
import type { Scope } from '../template/types.js'
import { applyChanges } from './apply.js'
import { timed } from './profile.js'
import { taskErrorMessage } from './task-error.js'
import type { CallSettings, Engine } from './context.js'
import { OMIT } from '../template/index.js'
import { validateRuntimeArgs } from './validate.js'
import { notePending, unknownUntilApply } from './check-pending.js'

/** The outcome of one module call (one loop item) on one host. */
export interface CallResult {
  status: Status
  msg?: string
  diffs?: FileDiff[]
  display?: Display
  /** What `register:` stores. */
  data: Record<string, unknown>
}

/** Plans and (unless checking) applies one module call, with until/retries and changed_when/failed_when. */
export async function runCall(en: Engine, cs: CallSettings, scope: Scope): Promise<CallResult> {
  const { task } = cs
  const t = en.opts.templar
  const retries = task.until ? Math.max(0, Number(t.render(task.retries ?? 3, scope))) : 0
  const delay = Number(t.render(task.delay ?? 5, scope))
  for (let attempt = 1; ; attempt++) {
    const r = await attemptCall(en, cs, scope)
    if (r.status === 'unreachable' || !task.until) return r
    const withResult = bindRegister(en, cs, scope, r.data)
    const done = task.until.every((c) => t.test(c, withResult))
    r.data.attempts = attempt
    if (done) return r
    if (attempt > retries) {
      const why = `retries exhausted (${attempt} attempts): until ${task.until.join(' and ')}`
      // the last attempt's own reason (which endpoint, which criterion) is what a user needs
      return { ...r, status: 'failed', msg: r.msg ? `${why}; last attempt: ${r.msg}` : why, data: { ...r.data, failed: true } }
    }
    if (cs.info) en.opts.reporter.retry?.({ host: cs.host, task: cs.info, attempt, retriesLeft: retries - attempt + 1, ...(r.msg && !cs.noLog ? { msg: r.msg } : {}) })
    await new Promise((res) => setTimeout(res, delay * 1000))
  }
}

async function attemptCall(en: Engine, cs: CallSettings, scope: Scope): Promise<CallResult> {
  const { task } = cs
  const mod = en.opts.modules[task.action]
  if (!mod) throw new KrunError('E_UNKNOWN_MODULE', `unknown module '${task.action}'`, task.pos)
  try {
    const args = prepareArgs(en, cs, scope)
    if (task.action === 'debug' && Number(args.verbosity ?? 0) > en.opts.verbosity) {
      return { status: 'skipped', msg: `verbosity threshold not met (${String(args.verbosity)})`, data: { skipped: true, skipped_reason: 'Verbosity threshold not met.' } }
    }
    const target = cs.delegateTo ?? cs.host
    const conn = mod.local ? undefined : en.conn(target)
    const probe: PlanContext['probe'] = {
      exec: (cmd, o) => need(conn).exec(cmd, { ...o, become: cs.become }),
      fetch: (p) => need(conn).fetch(p, { become: cs.become }),
    }
    const plan = await timed('plan', () => mod.plan(args, planContext(en, cs, scope, probe)))
    return await finish(en, cs, scope, plan, conn)
  } catch (e) {
    if (e instanceof UnreachableError) return { status: 'unreachable', msg: e.message, data: { unreachable: true, msg: e.message } }
    if (e instanceof ModuleFailure) {
      const r = judged(en, cs, scope, { status: 'failed', msg: e.message, data: { ...e.data, failed: true, msg: e.message } })
      return (r.status === 'failed' && unknownUntilApply(en, cs, r.msg ?? e.message)) || r
    }
    const msg = taskErrorMessage(e, task)
    return unknownUntilApply(en, cs, msg) ?? { status: 'failed', msg, data: { failed: true, msg } }
  }
}

function need<T>(v: T | undefined): T {
  if (!v) throw new Error('module marked local tried to reach the host')
  return v
}

/** Renders args, drops omitted ones, evaluates assert's expressions, validates types. */
function prepareArgs(en: Engine, cs: CallSettings, scope: Scope): Record<string, unknown> {
  const { task } = cs
  const t = en.opts.templar
  if (task.action === 'assert') {
    const that = task.args.that
    const list = (Array.isArray(that) ? that : [that]).map(String)
    const rest = t.render({ ...task.args, that: undefined }, scope) as Record<string, unknown>
    delete rest.that
    return { ...dropOmit(rest), that: list.map((expr) => ({ expr, ok: t.test(expr, scope) })) }
  }
  const args = dropOmit(t.render(task.args, scope) as Record<string, unknown>)
  return validateRuntimeArgs(en.opts.modules[task.action]!, args, task.pos)
}

function dropOmit(args: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(args)) if (v === OMIT) delete args[k]
  return args
}

function planContext(en: Engine, cs: CallSettings, scope: Scope, probe: PlanContext['probe']): PlanContext {
  const { task } = cs
  const roleDir = task.role?.path
  const playDir = en.opts.playbook.plays[0]?.dir ?? process.cwd()
  const taskDir = dirname(task.pos.file)
  return {
    host: cs.host,
    probe,
    vars: scope,
    pos: task.pos,
    noLog: cs.noLog,
    findFile(kind, name) {
      if (isAbsolute(name)) {
        if (existsSync(name)) return name
        throw new KrunError('E_MISSING_FILE', `could not find ${kind.replace(/s$/, '')} '${name}'`, task.pos)
      }
      const dirs = [roleDir && join(roleDir, kind), roleDir, join(taskDir, kind), taskDir, join(playDir, kind), playDir]
      for (const d of dirs) if (d && existsSync(join(d, name))) return join(d, name)
      const where = [...new Set(dirs.filter(Boolean))].join(', ')
      throw new KrunError('E_MISSING_FILE', `could not find ${kind.replace(/s$/, '')} '${name}' (searched ${where})`, task.pos)
    },
    evaluate: (expr) => en.opts.templar.evaluate(expr, scope),
    renderTemplate(source, name) {
      const paths = [roleDir && join(roleDir, 'templates'), dirname(name), join(playDir, 'templates')].filter((x): x is string => !!x)
      return en.opts.templar.renderTemplate(source, name, scope, paths)
    },
  }
}

/** Turns a plan into a result: report it in check mode, apply it otherwise. */
async function finish(en: Engine, cs: CallSettings, scope: Scope, plan: Plan, conn: ReturnType<Engine['conn']> | undefined): Promise<CallResult> {
  const base = { display: plan.display }
  if (!plan.changed) {
    return judged(en, cs, scope, { ...base, status: 'ok', msg: plan.noop, data: { changed: false, ...plan.data, ...(plan.noop ? { msg: plan.noop } : {}) } })
  }
  const reasons = plan.changes.map((c) => (c.kind === 'exec' ? c.reason : `write ${c.path}`))
  const msg = reasons.join('; ')
  if (cs.check) {
    notePending(en, cs)
    if (plan.changes.some((c) => c.kind === 'exec' && c.opaque)) {
      return { ...base, status: 'skipped', msg: `skipped in check mode: ${msg}`, data: { changed: false, skipped: true, msg: `check mode: ${msg}` } }
    }
    return judged(en, cs, scope, { ...base, status: 'changed', msg, diffs: plan.diffs, data: { changed: true, ...plan.data, msg } })
  }
  const applied = await timed('apply', () => applyChanges(need(conn), plan.changes, { become: cs.become, env: cs.env, tolerateRc: !!cs.task.failed_when }))
  const data: Record<string, unknown> = { changed: true, ...plan.data }
  if (applied.exec) {
    const x = applied.exec
    Object.assign(data, { cmd: x.cmd, rc: x.rc, stdout: x.stdout.replace(/\n$/, ''), stderr: x.stderr.replace(/\n$/, '') })
    data.stdout_lines = splitLines(data.stdout as string)
    data.stderr_lines = splitLines(data.stderr as string)
  }
  if (applied.failure) {
    const r = judged(en, cs, scope, { ...base, status: 'failed', msg: applied.failure, diffs: plan.diffs, data: { ...data, failed: true, msg: applied.failure } })
    // check_mode: false in a check run: a read-only probe of state the check did not make
    return (r.status === 'failed' && unknownUntilApply(en, cs, r.msg ?? applied.failure)) || r
  }
  const unchanged = unchangedAfterAll(plan.changes, data)
  if (unchanged !== undefined) return judged(en, cs, scope, { ...base, status: 'ok', msg: unchanged, data: { ...data, changed: false, msg: unchanged } })
  return judged(en, cs, scope, { ...base, status: 'changed', msg, diffs: plan.diffs, data })
}

/**
 * The noop reason when the plan's last command found at run time that it changed nothing
 * (its `unchangedIf` line ends its stdout); the line is taken out of the registered stdout.
 */
function unchangedAfterAll(changes: Change[], data: Record<string, unknown>): string | undefined {
  const last = changes[changes.length - 1]
  if (last?.kind !== 'exec' || !last.unchangedIf || typeof data.stdout !== 'string') return undefined
  const lines = splitLines(data.stdout)
  if (lines[lines.length - 1] !== last.unchangedIf.line) return undefined
  data.stdout = lines.slice(0, -1).join('\n')
  data.stdout_lines = lines.slice(0, -1)
  return last.unchangedIf.noop
}

function splitLines(s: string): string[] {
  return s === '' ? [] : s.split('\n')
}

/** Applies changed_when / failed_when, which see the result under the register name. */
function judged(en: Engine, cs: CallSettings, scope: Scope, r: CallResult): CallResult {
  const { task } = cs
  if (!task.changed_when && !task.failed_when) return r
  const t = en.opts.templar
  const s = bindRegister(en, cs, scope, r.data)
  if (task.changed_when && r.status !== 'skipped') {
    const changed = task.changed_when.every((c) => t.test(c, s))
    r.data.changed = changed
    if (r.status === 'ok' || r.status === 'changed') r.status = changed ? 'changed' : 'ok'
  }
  if (task.failed_when && r.status !== 'skipped') {
    const failed = task.failed_when.some((c) => t.test(c, s))
    r.data.failed = failed
    r.data.failed_when_result = failed
    if (failed) {
      // the condition is the reason; a module's own failure message stays when there was one
      if (r.status !== 'failed') r.msg = `failed_when condition met: ${task.failed_when.join(' or ')}${r.data.rc !== undefined ? ` (rc=${String(r.data.rc)})` : ''}`
      r.status = 'failed'
    } else if (r.status === 'failed') {
      r.status = r.data.changed ? 'changed' : 'ok'
    }
  }
  return r
}

/** The scope plus the result under the task's register name (and the bare result keys Ansible exposes). */
function bindRegister(en: Engine, cs: CallSettings, scope: Scope, data: Record<string, unknown>): Scope {
  const layer: Record<string, unknown> = {}
  if (cs.task.register) layer[cs.task.register] = data
  return new Proxy(scope as Record<string, unknown>, {
    get: (tgt, k) => (typeof k === 'string' && k in layer ? layer[k] : Reflect.get(tgt, k)),
    has: (tgt, k) => (typeof k === 'string' && k in layer) || Reflect.has(tgt, k),
  })
}
