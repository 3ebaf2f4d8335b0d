import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { KrunError, type SourcePos } from '../core/errors.js'
import { checkKeys, parseCommon, unique } from './common.js'
import { enterImport, substituteSimple, type Inherit, type LoadCtx } from './context.js'
import { isMapping, toStr, toTags } from './convert.js'
import { INCLUDE_KEYWORDS, ROLE_OPTIONS } from './keywords.js'
import { addRoleHandlers, expandRole, findRole } from './roles.js'
import { parseLoop } from './task.js'
import { parseTaskList } from './tasks.js'
import type { BlockNode, IncludeNode, Vars } from './types.js'
import { loadYamlFile } from './yaml-load.js'
import { isTemplated } from './validate-args.js'

type Raw = Record<string, unknown>

/** The options mapping of an include/import (`import_role: {name: x}`, `include_tasks: {file: y}`) or its short string. */
function options(raw: Raw, key: string, ctx: LoadCtx, pos: SourcePos, shortKey: string, allowed: readonly string[]): Vars {
  const v = raw[key]
  const at = ctx.positions.key(raw, key, pos)
  if (typeof v === 'string') return { [shortKey]: v }
  if (!isMapping(v)) throw new KrunError('E_ARGS', `${key}: expected a file name or a mapping`, at)
  const merged = { ...(isMapping(raw.args) ? raw.args : {}), ...v }
  checkKeys(merged, allowed, ctx, at, key)
  return merged
}

/** A task file path relative to the including file's directory (or a role's tasks/). */
export function resolveTaskFile(name: string, inherit: Inherit): string {
  if (isAbsolute(name)) return name
  const local = resolve(inherit.dir, name)
  const inRole = inherit.role ? join(inherit.role.path, 'tasks', name) : undefined
  return !existsSync(local) && inRole && existsSync(inRole) ? inRole : local
}

/** `import_tasks`: read now; becomes a block whose tasks inherit its tags and conditions. */
export function parseImportTasks(raw: Raw, key: string, ctx: LoadCtx, inherit: Inherit): BlockNode {
  const pos = ctx.positions.of(raw, { file: inherit.dir })
  const at = ctx.positions.key(raw, key, pos)
  checkKeys(raw, [...INCLUDE_KEYWORDS, key], ctx, pos, key)
  const loop = parseLoop(raw, ctx, pos)
  if (loop.loop !== undefined) throw new KrunError('E_IMPORT_LOOP', `${key} cannot loop (use include_tasks)`, ctx.positions.key(raw, loop.loopKind ?? 'loop', pos))
  const opts = options(raw, key, ctx, pos, 'file', ['file'])
  const name = substituteSimple(toStr(opts.file, 'file', at), [ctx.extraVars])
  if (name === undefined) throw new KrunError('E_IMPORT_TEMPLATED', `${key} needs a static file name; use include_tasks for a templated one`, at)
  const file = resolveTaskFile(name, inherit)
  if (!existsSync(file)) throw new KrunError('E_MISSING_FILE', `${key}: file not found: ${file}`, at)
  const common = parseCommon(raw, ctx, pos, inherit)
  const leave = enterImport(ctx, file, at)
  try {
    const data = loadYamlFile(file, ctx.positions, at).value
    const inner: Inherit = { ...inherit, tags: common.tags, when: common.when, dir: dirname(file) }
    const block = parseTaskList(data, ctx, inner, { file })
    return { kind: 'block', ...common, block, rescue: [], always: [], importedFrom: file }
  } finally {
    leave()
  }
}

/** The include's `apply:` keywords: tags go to applyTags, the rest to options.apply for the engine. */
function splitApply(opts: Vars, ctx: LoadCtx, at: SourcePos): { applyTags: string[]; options: Vars } {
  const { apply, ...rest } = opts
  if (apply === undefined) return { applyTags: [], options: rest }
  if (!isMapping(apply)) throw new KrunError('E_KEYWORD_TYPE', "'apply' must be a mapping of keywords", at)
  const { tags, ...others } = apply
  const applyTags = toTags(tags, ctx.positions.key(apply, 'tags', at))
  return { applyTags, options: Object.keys(others).length > 0 ? { ...rest, apply: others } : rest }
}

function includeNode(raw: Raw, key: string, ctx: LoadCtx, inherit: Inherit, what: 'tasks' | 'role', target: string, opts: Vars): IncludeNode {
  const pos = ctx.positions.of(raw, { file: inherit.dir })
  const at = ctx.positions.key(raw, key, pos)
  const { applyTags, options } = splitApply(opts, ctx, at)
  const loop = parseLoop(raw, ctx, pos)
  const node: IncludeNode = {
    kind: 'include', id: 0, ...parseCommon(raw, ctx, pos, inherit), what, target, baseDir: inherit.dir,
    options, applyTags, inheritedTags: unique(inherit.tags),
  }
  if (loop.loop !== undefined) node.loop = loop.loop
  if (loop.loop_control) node.loop_control = loop.loop_control
  return node
}

/** `include_tasks`: resolved by the engine per host; a static file name must exist now. */
export function parseIncludeTasks(raw: Raw, key: string, ctx: LoadCtx, inherit: Inherit): IncludeNode {
  const pos = ctx.positions.of(raw, { file: inherit.dir })
  const at = ctx.positions.key(raw, key, pos)
  checkKeys(raw, [...INCLUDE_KEYWORDS, key], ctx, pos, key)
  const { file, ...opts } = options(raw, key, ctx, pos, 'file', ['file', 'apply'])
  const target = toStr(file, 'file', at)
  if (!isTemplated(target) && !existsSync(resolveTaskFile(target, inherit))) {
    throw new KrunError('E_MISSING_FILE', `${key}: file not found: ${resolveTaskFile(target, inherit)}`, at)
  }
  return includeNode(raw, key, ctx, inherit, 'tasks', target, opts)
}

/** `import_role`: expanded now into the role's block (its meta dependencies first). */
export function parseImportRole(raw: Raw, key: string, ctx: LoadCtx, inherit: Inherit): BlockNode {
  const pos = ctx.positions.of(raw, { file: inherit.dir })
  const at = ctx.positions.key(raw, key, pos)
  checkKeys(raw, [...INCLUDE_KEYWORDS, key], ctx, pos, key)
  const { name, ...opts } = options(raw, key, ctx, pos, 'name', ROLE_OPTIONS)
  const common = parseCommon(raw, ctx, pos, inherit)
  const nodes = expandRole({ name: toStr(name, 'name', at), params: {}, options: opts, common, pos: at }, ctx, inherit, false)
  if (nodes.length === 1 && nodes[0]?.kind === 'block') return nodes[0]
  // dependencies come first: wrap them with the role so the import stays one node
  return { kind: 'block', ...common, block: nodes, rescue: [], always: [], importedFrom: toStr(name, 'name', at) }
}

/** `include_role`: resolved by the engine; a static role name must exist now, and its handlers join the play. */
export function parseIncludeRole(raw: Raw, key: string, ctx: LoadCtx, inherit: Inherit): IncludeNode {
  const pos = ctx.positions.of(raw, { file: inherit.dir })
  const at = ctx.positions.key(raw, key, pos)
  checkKeys(raw, [...INCLUDE_KEYWORDS, key], ctx, pos, key)
  const { name, ...opts } = options(raw, key, ctx, pos, 'name', [...ROLE_OPTIONS, 'apply'])
  const target = toStr(name, 'name', at)
  if (!isTemplated(target)) {
    const path = findRole(target, ctx, at, inherit.role)
    addRoleHandlers(path, opts, ctx, at)
  }
  return includeNode(raw, key, ctx, inherit, 'role', target, opts)
}
