import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { KrunError } from '../core/errors.js'
import { unique } from './common.js'
import { newContext, type Inherit, type LoadOptions } from './context.js'
import { resolveTaskFile } from './includes.js'
import { PosMap } from './positions.js'
import { expandRole } from './roles.js'
import { parseTaskList } from './tasks.js'
import type { IncludeNode, Node, TaskNode } from './types.js'
import { tasksOf } from './walk.js'
import { loadYamlFile } from './yaml-load.js'

// ids of dynamically loaded tasks start here, far above any static task id
let nextDynamicId = 1_000_000
const cache = new WeakMap<IncludeNode, Map<string, { nodes: Node[]; handlers: TaskNode[] }>>()

function numbered(nodes: Node[], handlers: TaskNode[] = []): { nodes: Node[]; handlers: TaskNode[] } {
  for (const t of tasksOf(nodes)) t.id = nextDynamicId++
  for (const h of handlers) h.id = nextDynamicId++
  return { nodes, handlers }
}

function cached(parent: IncludeNode, key: string, load: () => { nodes: Node[]; handlers: TaskNode[] }): { nodes: Node[]; handlers: TaskNode[] } {
  let m = cache.get(parent)
  if (!m) cache.set(parent, (m = new Map()))
  let hit = m.get(key)
  if (!hit) m.set(key, (hit = load()))
  return hit
}

/** What included content inherits: the include's containers' tags plus `apply` tags, never the include's own. */
function inheritFrom(parent: IncludeNode, dir: string): Inherit {
  const tags = unique([...(parent.inheritedTags ?? []), ...parent.applyTags])
  return parent.role ? { tags, when: [], role: parent.role, dir } : { tags, when: [], dir }
}

/**
 * Loads the tasks of an `include_tasks` when the engine reaches it, `file` being the rendered
 * target (relative to the including file's directory). The tasks get the include's inherited
 * tags plus `apply.tags`; the include's own `when` was already evaluated by the engine and is
 * not repeated on them. Parsed once per include and file, shared by every host.
 */
export function loadIncludedTasks(file: string, parent: IncludeNode, opts: LoadOptions): Node[] {
  return cached(parent, `tasks\0${file}`, () => {
    const inherit = inheritFrom(parent, parent.baseDir)
    const path = resolveTaskFile(file, inherit)
    if (!existsSync(path)) throw new KrunError('E_MISSING_FILE', `include_tasks: file not found: ${path}`, parent.pos)
    const ctx = newContext(opts, new PosMap(), parent.baseDir)
    const data = loadYamlFile(path, ctx.positions, parent.pos).value
    return numbered(parseTaskList(data, ctx, { ...inherit, dir: dirname(path) }, { file: path }))
  }).nodes
}

/**
 * Loads an `include_role` when the engine reaches it: the role's dependencies and its block
 * (as Node[]), plus its handlers. `name` is the rendered role name; roles are searched from
 * `playbookDir` as at load time.
 */
export function loadIncludedRole(name: string, parent: IncludeNode, opts: LoadOptions & { playbookDir: string }): { nodes: Node[]; handlers: TaskNode[] } {
  return cached(parent, `role\0${name}`, () => {
    const ctx = newContext(opts, new PosMap(), opts.playbookDir)
    const inherit = inheritFrom(parent, parent.baseDir)
    const spec = {
      name,
      params: {},
      options: parent.options,
      common: { pos: parent.pos, tags: inherit.tags, when: [], vars: {} },
      pos: parent.pos,
    }
    const nodes = expandRole(spec, ctx, inherit, false)
    return numbered(nodes, ctx.roleHandlers)
  })
}
