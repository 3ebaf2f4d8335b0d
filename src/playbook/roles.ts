import { existsSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { KrunError, type SourcePos } from '../core/errors.js'
import { parseCommon } from './common.js'
import { findYamlFile, type Inherit, type LoadCtx } from './context.js'
import { isMapping, toBool, toMapping, toStr } from './convert.js'
import { COMMON_KEYWORDS } from './keywords.js'
import { parseHandlers, parseTaskList } from './tasks.js'
import type { BlockNode, Node, NodeCommon, RoleRef, Vars } from './types.js'
import { loadYamlFile } from './yaml-load.js'

/** A role to expand: its name, parameters, which files, and the keywords of its entry. */
export interface RoleSpec {
  name: string
  params: Vars
  options: Vars
  common: NodeCommon
  pos: SourcePos
}

/**
 * Where a role lives: a path given directly, else `<playbook dir>/roles/<r>`,
 * `<playbook dir>/../roles/<r>` (playbooks/ beside roles/), a sibling of the role that
 * depends on it, then `<playbook dir>/<r>`. Not found is E_MISSING_ROLE listing the places.
 */
export function findRole(name: string, ctx: LoadCtx, pos: SourcePos, from?: RoleRef): string {
  const pb = ctx.playbookDir
  const candidates = isAbsolute(name) || name.startsWith('.') || name.includes('/')
    ? [resolve(pb, name)]
    : [join(pb, 'roles', name), resolve(pb, '..', 'roles', name), ...(from ? [join(dirname(from.path), name)] : []), join(pb, name)]
  const found = candidates.find((c) => existsSync(c) && statSync(c).isDirectory())
  if (found) return found
  throw new KrunError('E_MISSING_ROLE', `role '${name}' not found`, pos, `searched ${[...new Set(candidates)].join(', ')}`)
}

/** A role file: `<role>/<dir>/<from or main>`; a named file that does not exist is E_MISSING_FILE. */
function roleFile(path: string, dir: string, from: unknown, pos: SourcePos): string | undefined {
  const name = from === undefined ? 'main' : toStr(from, `${dir}_from`, pos)
  const file = findYamlFile(join(path, dir), name.replace(/\.ya?ml$/, ''))
  if (!file && from !== undefined) throw new KrunError('E_MISSING_FILE', `role ${basename(path)}: ${dir}/${name} not found`, pos)
  return file
}

function varsOf(ctx: LoadCtx, file: string | undefined, pos: SourcePos): Vars {
  if (!file) return {}
  return toMapping(loadYamlFile(file, ctx.positions, pos).value, basename(file), { file })
}

/** Loads a role's defaults and vars into its RoleRef. */
export function loadRoleRef(path: string, params: Vars, options: Vars, ctx: LoadCtx, pos: SourcePos): RoleRef {
  return {
    name: basename(path),
    path,
    defaults: varsOf(ctx, roleFile(path, 'defaults', options.defaults_from, pos), pos),
    vars: varsOf(ctx, roleFile(path, 'vars', options.vars_from, pos), pos),
    params,
  }
}

/** Adds a role's handlers to the play (once per handlers file). */
export function addRoleHandlers(path: string, options: Vars, ctx: LoadCtx, pos: SourcePos, ref?: RoleRef): void {
  const file = roleFile(path, 'handlers', options.handlers_from, pos)
  if (!file || ctx.handlerFiles.has(file)) return
  ctx.handlerFiles.add(file)
  const role = ref ?? loadRoleRef(path, {}, options, ctx, pos)
  const data = loadYamlFile(file, ctx.positions, pos).value
  ctx.roleHandlers.push(...parseHandlers(data, ctx, { tags: [], when: [], role, dir: dirname(file) }, { file }))
}

/** A `roles:` or meta `dependencies:` entry: a name, or `{role: name, tags, when, vars, ...params}`. */
export function parseRoleEntry(raw: unknown, ctx: LoadCtx, inherit: Inherit, pos: SourcePos): RoleSpec {
  if (typeof raw === 'string') return { name: raw, params: {}, options: {}, common: parseCommon({}, ctx, pos, inherit), pos }
  if (!isMapping(raw)) throw new KrunError('E_ROLE', 'a role entry must be a name or a mapping with role:', pos)
  const at = ctx.positions.of(raw, pos)
  const nameKey = 'role' in raw ? 'role' : 'name'
  const name = toStr(raw[nameKey], 'role', ctx.positions.key(raw, nameKey, at))
  const params: Vars = {}
  for (const [k, v] of Object.entries(raw)) {
    if (k !== nameKey && !(COMMON_KEYWORDS as readonly string[]).includes(k)) params[k] = v
  }
  const common = parseCommon(raw, ctx, at, inherit)
  // `name:` here names the role, not the node
  if (nameKey === 'name') delete common.name
  return { name, params, options: {}, common, pos: at }
}

/**
 * A role as nodes: its meta dependencies (each expanded the same way, run once per play unless
 * allow_duplicates or different parameters), then one block carrying the RoleRef whose tasks
 * inherit the entry's tags and conditions. `dedup` applies Ansible's run-once rule to this role too.
 */
export function expandRole(spec: RoleSpec, ctx: LoadCtx, inherit: Inherit, dedup: boolean): Node[] {
  const path = findRole(spec.name, ctx, spec.pos, inherit.role)
  const metaFile = findYamlFile(join(path, 'meta'), 'main')
  const meta = metaFile ? toMapping(loadYamlFile(metaFile, ctx.positions, spec.pos).value, 'meta', { file: metaFile }) : {}
  const allowDup = meta.allow_duplicates === undefined ? false : toBool(meta.allow_duplicates, 'allow_duplicates', { file: metaFile ?? path })
  const key = `${path}\0${JSON.stringify(spec.params)}\0${JSON.stringify(spec.options)}`
  if (dedup && !allowDup && ctx.seenRoles.has(key)) return []
  ctx.seenRoles.add(key)

  const ref = loadRoleRef(path, spec.params, spec.options, ctx, spec.pos)
  const inner: Inherit = { tags: spec.common.tags, when: spec.common.when, role: ref, dir: join(path, 'tasks') }
  const nodes: Node[] = []
  const deps = meta.dependencies ?? []
  if (!Array.isArray(deps)) throw new KrunError('E_ROLE', 'meta dependencies must be a list', ctx.positions.key(meta, 'dependencies', { file: metaFile ?? path }))
  deps.forEach((d, i) => {
    const dpos = ctx.positions.item(deps, i, { file: metaFile ?? path })
    nodes.push(...expandRole(parseRoleEntry(d, ctx, { ...inner, dir: path }, dpos), ctx, { ...inner, dir: path }, true))
  })
  addRoleHandlers(path, spec.options, ctx, spec.pos, ref)
  const tasksFile = roleFile(path, 'tasks', spec.options.tasks_from, spec.pos)
  const tasks = tasksFile ? parseTaskList(loadYamlFile(tasksFile, ctx.positions, spec.pos).value, ctx, { ...inner, dir: dirname(tasksFile) }, { file: tasksFile }) : []
  const block: BlockNode = { kind: 'block', ...spec.common, role: ref, block: tasks, rescue: [], always: [], importedFrom: path }
  nodes.push(block)
  return nodes
}
