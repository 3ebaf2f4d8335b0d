import { KrunError, type SourcePos } from '../core/errors.js'
import { checkKeys, parseCommon } from './common.js'
import type { Inherit, LoadCtx } from './context.js'
import { isMapping, toConditions, toNames, toNumberish, toStr } from './convert.js'
import { TASK_KEYWORDS, WITH_KEYWORDS } from './keywords.js'
import { resolveModuleCall } from './module-call.js'
import { checkConditions, checkTemplates } from './template-check.js'
import { isTemplated } from './validate-args.js'
import type { LoopControl, TaskNode } from './types.js'

const LOOP_CONTROL_KEYS = ['loop_var', 'index_var', 'label', 'pause', 'extended']

/** The loop of a task or include: `loop` or one `with_*` form (two forms are an error). */
export function parseLoop(raw: Record<string, unknown>, ctx: LoadCtx, pos: SourcePos): Pick<TaskNode, 'loop' | 'loopKind' | 'loop_control'> {
  const forms = (['loop', ...WITH_KEYWORDS] as const).filter((k) => raw[k] !== undefined)
  const [kind, other] = forms
  if (other) {
    throw new KrunError('E_LOOP', `a task can loop only once: both '${kind}' and '${other}'`, ctx.positions.key(raw, other, pos))
  }
  const out: Pick<TaskNode, 'loop' | 'loopKind' | 'loop_control'> = {}
  if (kind) {
    const at = ctx.positions.key(raw, kind, pos)
    const v = raw[kind]
    // a literal that is not a list can never loop (Ansible finds out per host, at run time)
    if (kind === 'loop' && !Array.isArray(v) && !isTemplated(v)) {
      const got = v === null ? 'nothing' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`
      throw new KrunError('E_LOOP', `'loop' requires a list (or a template that renders one), got ${got}`, at)
    }
    checkTemplates(v, kind, at)
    out.loop = v
    out.loopKind = kind
  }
  if (raw.loop_control !== undefined) {
    const at = ctx.positions.key(raw, 'loop_control', pos)
    const lc = raw.loop_control
    if (!isMapping(lc)) throw new KrunError('E_KEYWORD_TYPE', "'loop_control' must be a mapping", at)
    checkKeys(lc, LOOP_CONTROL_KEYS, ctx, at, 'loop_control')
    out.loop_control = { ...lc } as LoopControl
  }
  return out
}

/**
 * One module task: its keywords (with inherited tags/when), its module and validated arguments,
 * loop, register, notify, conditions. Handlers parse the same way (`listen` matters there).
 */
export function parseTask(raw: Record<string, unknown>, ctx: LoadCtx, inherit: Inherit): TaskNode {
  const pos = ctx.positions.of(raw, { file: inherit.dir })
  const at = (k: string): SourcePos => ctx.positions.key(raw, k, pos)
  const call = resolveModuleCall(raw, ctx, pos, TASK_KEYWORDS)
  const task: TaskNode = {
    kind: 'task',
    id: 0,
    ...parseCommon(raw, ctx, pos, inherit),
    action: call.action,
    args: call.args,
    ...parseLoop(raw, ctx, pos),
    notify: toNames(raw.notify, 'notify', at('notify')),
    listen: toNames(raw.listen, 'listen', at('listen')),
  }
  if (call.delegateTo && task.delegate_to === undefined) task.delegate_to = call.delegateTo
  if (raw.register !== undefined) task.register = toStr(raw.register, 'register', at('register'))
  for (const k of ['changed_when', 'failed_when', 'until'] as const) {
    if (raw[k] === undefined) continue
    const conds = toConditions(raw[k], k, at(k))
    checkConditions(conds, k, at(k))
    task[k] = conds
  }
  for (const k of ['retries', 'delay', 'throttle'] as const) {
    if (raw[k] !== undefined) task[k] = toNumberish(raw[k], k, at(k))
  }
  if (task.notify.length > 0) ctx.notifyPos.set(task, at('notify'))
  return task
}
