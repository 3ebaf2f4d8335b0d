import { KrunError, type SourcePos } from '../core/errors.js'
import { checkKeys, unique } from './common.js'
import type { Inherit, LoadCtx } from './context.js'
import { isMapping, toBool, toBoolish, toEnvironment, toMapping, toStr, toTags } from './convert.js'
import { PLAY_KEYWORDS } from './keywords.js'
import { expandRole, parseRoleEntry } from './roles.js'
import { parseHandlers, parseTaskList } from './tasks.js'
import type { Node, Play, Vars } from './types.js'
import { isTemplated } from './validate-args.js'
import { loadVarsFiles } from './vars-files.js'

/** What a play gets from the `import_playbook` lines that led to it. */
export interface PlayInherit {
  tags: string[]
  vars: Vars
}

function hostsOf(v: unknown, at: SourcePos): string {
  if (Array.isArray(v) && v.length > 0) return v.map((h) => toStr(h, 'hosts', at)).join(',')
  if (typeof v === 'string' && v.trim() !== '') return v
  throw new KrunError('E_PLAY', "'hosts' must be a host pattern or a list of them", at)
}

function serialOf(v: unknown, at: SourcePos): Array<number | string> {
  if (v === undefined || v === null) return []
  return (Array.isArray(v) ? v : [v]).map((s) => {
    if (typeof s === 'number' && s > 0) return s
    if (typeof s === 'string' && /^\s*\d+\s*$/.test(s)) return Number(s)
    if (typeof s === 'string' && (/^\s*\d+(\.\d+)?%\s*$/.test(s) || isTemplated(s))) return s.trim()
    throw new KrunError('E_PLAY', `'serial' must be a number, a percentage ('30%') or a list of them, not ${JSON.stringify(s)}`, at)
  })
}

/**
 * One play: keywords checked (unknown ones with a suggestion), vars_files loaded, roles
 * expanded, tasks parsed with the play's tags inherited, handlers gathered (the play's, then
 * its roles').
 */
export function parsePlay(raw: unknown, ctx: LoadCtx, dir: string, pos: SourcePos, from: PlayInherit = { tags: [], vars: {} }): Play {
  if (!isMapping(raw)) throw new KrunError('E_PLAY', 'a play must be a mapping with hosts:', pos)
  pos = ctx.positions.of(raw, pos)
  const at = (k: string): SourcePos => ctx.positions.key(raw, k, pos)
  checkKeys(raw, PLAY_KEYWORDS, ctx, pos, 'play')
  if (raw.hosts === undefined) throw new KrunError('E_PLAY', "play has no 'hosts'", pos)
  const hosts = hostsOf(raw.hosts, at('hosts'))
  const vars = { ...from.vars, ...toMapping(raw.vars, 'vars', at('vars')) }
  const tags = unique([...from.tags, ...toTags(raw.tags, at('tags'))])
  ctx.playbookDir = dir
  ctx.seenRoles = new Set()
  ctx.roleHandlers = []
  ctx.handlerFiles = new Set()
  const inherit: Inherit = { tags, when: [], dir }
  const section = (k: string): Node[] => parseTaskList(raw[k], ctx, inherit, at(k))

  const pre_tasks = section('pre_tasks')
  const roles: Node[] = []
  const roleList = raw.roles ?? []
  if (!Array.isArray(roleList)) throw new KrunError('E_PLAY', "'roles' must be a list", at('roles'))
  roleList.forEach((entry, i) => {
    const epos = ctx.positions.item(roleList, i, at('roles'))
    roles.push(...expandRole(parseRoleEntry(entry, ctx, inherit, epos), ctx, inherit, true))
  })
  const tasks = section('tasks')
  const post_tasks = section('post_tasks')
  const handlers = [...parseHandlers(raw.handlers, ctx, { ...inherit, tags: [] }, at('handlers')), ...ctx.roleHandlers]

  const play: Play = {
    pos, name: raw.name === undefined ? hosts : toStr(raw.name, 'name', at('name')), hosts, vars,
    ...loadVarsFiles(raw.vars_files, ctx, vars, dir, at('vars_files')),
    pre_tasks, roles, tasks, post_tasks, handlers, tags,
    serial: serialOf(raw.serial, at('serial')),
    gather_facts: raw.gather_facts === undefined ? true : toBool(raw.gather_facts, 'gather_facts', at('gather_facts')),
    any_errors_fatal: raw.any_errors_fatal === undefined ? false : toBool(raw.any_errors_fatal, 'any_errors_fatal', at('any_errors_fatal')),
    strategy: 'linear',
    dir,
  }
  if (raw.strategy !== undefined) {
    if (raw.strategy !== 'linear' && raw.strategy !== 'free') throw new KrunError('E_PLAY', "'strategy' must be linear or free", at('strategy'))
    play.strategy = raw.strategy
  }
  if (raw.max_fail_percentage !== undefined) {
    const m = Number(raw.max_fail_percentage)
    if (!Number.isFinite(m) || m < 0 || m > 100) throw new KrunError('E_PLAY', "'max_fail_percentage' must be a number from 0 to 100", at('max_fail_percentage'))
    play.max_fail_percentage = m
  }
  if (raw.become !== undefined) play.become = toBoolish(raw.become, 'become', at('become'))
  if (raw.become_user !== undefined) play.become_user = toStr(raw.become_user, 'become_user', at('become_user'))
  if (raw.force_handlers !== undefined) play.force_handlers = toBool(raw.force_handlers, 'force_handlers', at('force_handlers'))
  if (raw.environment !== undefined) play.environment = toEnvironment(raw.environment, at('environment'))
  if (raw.no_log !== undefined) play.no_log = toBoolish(raw.no_log, 'no_log', at('no_log'))
  if (raw.check_mode !== undefined) play.check_mode = toBoolish(raw.check_mode, 'check_mode', at('check_mode'))
  return play
}
