import { KrunError, type SourcePos } from '../core/errors.js'
import { checkKeys, parseCommon } from './common.js'
import type { Inherit, LoadCtx } from './context.js'
import { isMapping } from './convert.js'
import { parseImportRole, parseImportTasks, parseIncludeRole, parseIncludeTasks } from './includes.js'
import { BLOCK_KEYWORDS, shortName } from './keywords.js'
import { parseTask } from './task.js'
import type { BlockNode, Node, TaskNode } from './types.js'

const INCLUDE_FORMS = {
  import_tasks: parseImportTasks,
  include_tasks: parseIncludeTasks,
  import_role: parseImportRole,
  include_role: parseIncludeRole,
} as const

/** The include/import form a task mapping uses, if any (FQCN accepted). */
function includeForm(raw: Record<string, unknown>): { key: string; form: keyof typeof INCLUDE_FORMS } | undefined {
  for (const key of Object.keys(raw)) {
    const s = shortName(key)
    if (s in INCLUDE_FORMS) return { key, form: s as keyof typeof INCLUDE_FORMS }
  }
  return undefined
}

/** A block with its rescue and always sections; children inherit its tags and conditions. */
function parseBlock(raw: Record<string, unknown>, ctx: LoadCtx, inherit: Inherit): BlockNode {
  const pos = ctx.positions.of(raw, { file: inherit.dir })
  checkKeys(raw, BLOCK_KEYWORDS, ctx, pos, 'block')
  const common = parseCommon(raw, ctx, pos, inherit)
  const inner: Inherit = { ...inherit, tags: common.tags, when: common.when }
  const list = (k: 'block' | 'rescue' | 'always'): Node[] => parseTaskList(raw[k], ctx, inner, ctx.positions.key(raw, k, pos))
  return { kind: 'block', ...common, block: list('block'), rescue: list('rescue'), always: list('always') }
}

/** One entry of a task list: a block, an import/include, or a module task. */
export function parseEntry(raw: unknown, ctx: LoadCtx, inherit: Inherit, pos: SourcePos): Node {
  if (!isMapping(raw)) throw new KrunError('E_TASK', 'a task must be a mapping (key: value lines)', pos)
  // tasks built in memory (ad-hoc commands) have no YAML positions: they take their list's
  ctx.positions.ensure(raw, pos)
  if ('import_playbook' in raw || 'ansible.builtin.import_playbook' in raw) {
    throw new KrunError('E_TASK', 'import_playbook is only allowed at the top level of a playbook', ctx.positions.of(raw, pos))
  }
  if ('block' in raw) {
    if (inherit.handlers) throw new KrunError('E_TASK', 'handlers cannot be blocks', ctx.positions.of(raw, pos))
    return parseBlock(raw, ctx, inherit)
  }
  for (const k of ['rescue', 'always']) {
    if (k in raw) throw new KrunError('E_UNKNOWN_KEYWORD', `'${k}' is only allowed beside 'block'`, ctx.positions.key(raw, k, pos))
  }
  const inc = includeForm(raw)
  if (inc) return INCLUDE_FORMS[inc.form](raw, inc.key, ctx, inherit)
  return parseTask(raw, ctx, inherit)
}

/** A list of tasks (tasks:, block:, a tasks file...); null or absent is empty. */
export function parseTaskList(value: unknown, ctx: LoadCtx, inherit: Inherit, pos: SourcePos): Node[] {
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) throw new KrunError('E_TASK', 'expected a list of tasks', pos)
  return value.map((raw, i) => parseEntry(raw, ctx, inherit, ctx.positions.item(value, i, pos)))
}

/**
 * Handlers: module tasks, possibly from import_tasks files (flattened, the import's vars kept
 * under each handler's own). Blocks and dynamic includes are refused.
 */
export function parseHandlers(value: unknown, ctx: LoadCtx, inherit: Inherit, pos: SourcePos): TaskNode[] {
  const out: TaskNode[] = []
  const flatten = (n: Node): void => {
    if (n.kind === 'task') out.push(n)
    else if (n.kind === 'block' && n.importedFrom) {
      for (const c of n.block) {
        // the imported nodes are fresh objects: giving them the import's vars changes nothing else
        c.vars = { ...n.vars, ...c.vars }
        flatten(c)
      }
    } else throw new KrunError('E_TASK', 'handlers must be module tasks (include_* is not allowed here)', n.pos)
  }
  parseTaskList(value, ctx, { ...inherit, handlers: true }, pos).forEach(flatten)
  return out
}
