import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { KrunError } from '../core/errors.js'
import { checkKeys, unique } from './common.js'
import { enterImport, newContext, substituteSimple, type LoadCtx, type LoadOptions } from './context.js'
import { isMapping, toMapping, toStr, toTags } from './convert.js'
import { checkNotify } from './handlers-check.js'
import { parsePlay, type PlayInherit } from './play.js'
import { PosMap } from './positions.js'
import type { Play, Playbook } from './types.js'
import { numberTasks } from './walk.js'
import { loadYamlFile } from './yaml-load.js'

const IMPORT_KEYS = ['import_playbook', 'ansible.builtin.import_playbook']

/** The plays of one playbook file's data, following import_playbook lines. */
function playsOf(data: unknown, file: string, ctx: LoadCtx, from: PlayInherit): Play[] {
  const dir = dirname(file)
  if (data === null || data === undefined) throw new KrunError('E_PLAYBOOK', 'playbook is empty', { file })
  if (!Array.isArray(data)) throw new KrunError('E_PLAYBOOK', 'a playbook must be a list of plays (- hosts: ...)', ctx.positions.of(data, { file, line: 1 }))
  const plays: Play[] = []
  data.forEach((raw, i) => {
    const pos = ctx.positions.item(data, i, { file })
    const key = isMapping(raw) ? IMPORT_KEYS.find((k) => k in raw) : undefined
    if (!key || !isMapping(raw)) {
      const play = parsePlay(raw, ctx, dir, pos, from)
      checkNotify(play, ctx)
      plays.push(play)
      return
    }
    const at = ctx.positions.key(raw, key, pos)
    checkKeys(raw, [key, 'name', 'vars', 'tags'], ctx, pos, 'import_playbook')
    const name = substituteSimple(toStr(raw[key], key, at), [ctx.extraVars])
    if (name === undefined) throw new KrunError('E_IMPORT_TEMPLATED', 'import_playbook needs a static file name (or one templated with -e variables)', at)
    const target = resolve(dir, name)
    if (!existsSync(target)) throw new KrunError('E_MISSING_FILE', `import_playbook: file not found: ${target}`, at)
    const inner: PlayInherit = {
      tags: unique([...from.tags, ...toTags(raw.tags, ctx.positions.key(raw, 'tags', pos))]),
      vars: { ...from.vars, ...toMapping(raw.vars, 'vars', ctx.positions.key(raw, 'vars', pos)) },
    }
    const leave = enterImport(ctx, target, at)
    try {
      plays.push(...playsOf(loadYamlFile(target, ctx.positions, at).value, target, ctx, inner))
    } finally {
      leave()
    }
  })
  return plays
}

/**
 * Loads a playbook and everything it imports statically (import_playbook, vars_files, roles,
 * import_tasks, import_role), and validates it before any host is touched: YAML problems,
 * unknown keywords and modules, module arguments, missing files and roles, unknown handlers and
 * import cycles are each one KrunError at `file:line:col`. Tasks are numbered in run order.
 */
export function loadPlaybook(file: string, opts: LoadOptions): Playbook {
  const abs = resolve(file)
  const positions = new PosMap()
  const ctx = newContext(opts, positions, dirname(abs))
  const leave = enterImport(ctx, abs, { file: abs })
  const data = loadYamlFile(abs, positions).value
  const playbook: Playbook = { file: abs, plays: playsOf(data, abs, ctx, { tags: [], vars: {} }) }
  leave()
  numberTasks(playbook)
  return playbook
}

/**
 * Loads a playbook given as data (ad-hoc commands build one in memory); `file` names it in
 * errors and its directory is the playbook directory.
 */
export function loadPlaybookData(data: unknown, file: string, opts: LoadOptions): Playbook {
  const abs = resolve(file)
  const ctx = newContext(opts, new PosMap(), dirname(abs))
  const playbook: Playbook = { file: abs, plays: playsOf(data, abs, ctx, { tags: [], vars: {} }) }
  numberTasks(playbook)
  return playbook
}
