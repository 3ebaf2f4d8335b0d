import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { KrunError, type SourcePos } from '../core/errors.js'
import type { AnyModule } from '../modules/types.js'
import { shortName } from './keywords.js'
import type { PosMap } from './positions.js'
import type { RoleRef, TaskNode, Vars } from './types.js'

/** What every loader entry point needs: the module registry and the -e variables. */
export interface LoadOptions {
  modules: Record<string, AnyModule>
  extraVars?: Vars
}

/** State shared while one playbook (or one dynamic include) is loaded. */
export interface LoadCtx {
  modules: Record<string, AnyModule>
  /** Every accepted module name (registry key, `name`, aliases, ansible.builtin.*) -> registry key. */
  moduleIndex: Map<string, string>
  extraVars: Vars
  positions: PosMap
  /** Files being statically imported, outermost first: a repeat is a cycle. */
  chain: string[]
  /** Directory of the playbook of the current play (roles are searched from here). */
  playbookDir: string
  /** Roles already expanded in the current play (`path` + params), for Ansible's run-once rule. */
  seenRoles: Set<string>
  /** Role handlers met while loading the current play (roles, import_role, static include_role). */
  roleHandlers: TaskNode[]
  /** Role handler files already added to the current play, so a role imported twice adds them once. */
  handlerFiles: Set<string>
  /** Where each task's `notify` was written, for E_UNKNOWN_HANDLER. */
  notifyPos: WeakMap<TaskNode, SourcePos>
}

/** What a node inherits from its containers (play, role, block, static import). */
export interface Inherit {
  tags: string[]
  when: string[]
  role?: RoleRef
  /** Directory relative paths (import_tasks, include_tasks) are resolved against. */
  dir: string
  /** Parsing handlers: block/include forms are refused there. */
  handlers?: boolean
}

/** Builds the lookup from every name a module answers to, to its registry key. */
export function indexModules(modules: Record<string, AnyModule>): Map<string, string> {
  const index = new Map<string, string>()
  for (const [key, mod] of Object.entries(modules)) {
    for (const n of [key, mod.name, ...(mod.aliases ?? [])]) {
      index.set(n, key)
      index.set(`ansible.builtin.${shortName(n)}`, key)
      index.set(`ansible.legacy.${shortName(n)}`, key)
    }
  }
  return index
}

/** A fresh context for loading from `playbookDir`. */
export function newContext(opts: LoadOptions, positions: PosMap, playbookDir: string): LoadCtx {
  return {
    modules: opts.modules,
    moduleIndex: indexModules(opts.modules),
    extraVars: opts.extraVars ?? {},
    positions,
    chain: [],
    playbookDir,
    seenRoles: new Set(),
    roleHandlers: [],
    handlerFiles: new Set(),
    notifyPos: new WeakMap(),
  }
}

/** `dir/base.yml`, `dir/base.yaml` or `dir/base`, whichever exists first. */
export function findYamlFile(dir: string, base: string): string | undefined {
  for (const ext of ['.yml', '.yaml', '']) {
    const p = join(dir, base + ext)
    if (existsSync(p) && statSync(p).isFile()) return p
  }
  return undefined
}

/**
 * Replaces `{{ name }}` (a bare variable) with its value from the first layer that has it as a
 * plain, untemplated scalar. Returns undefined when anything templated remains: the name must
 * then be resolved at run time with host variables.
 */
export function substituteSimple(s: string, layers: Vars[]): string | undefined {
  const out = s.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    for (const l of layers) {
      const v = l[name]
      if (typeof v === 'number' || (typeof v === 'string' && !/\{[{%]/.test(v))) return String(v)
    }
    return whole
  })
  return /\{[{%]/.test(out) ? undefined : out
}

/** Enters a statically imported file; a file already on the chain is E_IMPORT_CYCLE naming the chain. */
export function enterImport(ctx: LoadCtx, file: string, pos: SourcePos): () => void {
  if (ctx.chain.includes(file)) {
    const cycle = [...ctx.chain.slice(ctx.chain.indexOf(file)), file].join(' -> ')
    throw new KrunError('E_IMPORT_CYCLE', `import cycle: ${cycle}`, pos)
  }
  ctx.chain.push(file)
  return () => {
    ctx.chain.pop()
  }
}
