/**
 * Lazy variable scopes, as in Ansible: a name resolves to its highest layer's value, rendered
 * against the same scope when read, so a role default can use a host variable defined in a
 * higher layer. Nothing is copied: the layers are read through a Proxy.
 */
import { KrunError } from '../core/errors.js'
import type { Scope, Templar } from './types.js'

/**
 * Reserved variable names the template layer reads. `ansible_search_path` (a list of
 * directories, most specific first) is where lookups resolve relative paths; when absent,
 * `role_path` then `playbook_dir` are used. `vars` is the scope itself unless a layer
 * defines it.
 */
export const RESERVED = { searchPath: 'ansible_search_path', rolePath: 'role_path', playbookDir: 'playbook_dir', vars: 'vars' } as const

const SCOPES = new WeakSet<object>()

/** True for a scope made by makeScope (templar.render leaves those alone: they render lazily). */
export function isScope(v: unknown): boolean {
  return typeof v === 'object' && v !== null && SCOPES.has(v)
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

/**
 * Builds a scope over `layers` (lowest precedence first). Reading a name renders its value
 * (deeply, keeping native types) once, then caches it: a scope is a snapshot, so build a new
 * one after changing a layer (this costs one small object). A variable whose value needs
 * itself fails with E_TEMPLATE_RECURSION. Keys and `in` see every layer's names.
 */
export function makeScope(layers: ReadonlyArray<Readonly<Record<string, unknown>>>, templar: Templar): Scope {
  const cache = new Map<string, unknown>()
  const active = new Set<string>()

  const find = (name: string): Readonly<Record<string, unknown>> | undefined => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i]
      if (layer && own(layer, name)) return layer
    }
    return undefined
  }

  const read = (name: string): unknown => {
    if (cache.has(name)) return cache.get(name)
    const layer = find(name)
    if (!layer) return name === RESERVED.vars ? proxy : undefined
    const raw = layer[name]
    if (typeof raw !== 'object' && (typeof raw !== 'string' || !templar.isTemplate(raw))) return raw
    if (active.has(name)) {
      throw new KrunError('E_TEMPLATE_RECURSION', `recursive loop detected in template: '${name}' is defined in terms of itself`)
    }
    active.add(name)
    let value: unknown
    try {
      value = templar.render(raw, proxy)
    } catch (e) {
      // say which variable was being rendered, once (the innermost one)
      if (e instanceof KrunError && !e.hint && e.code !== 'E_TEMPLATE_RECURSION') throw new KrunError(e.code, e.message, e.pos, `while rendering variable '${name}'`)
      throw e
    } finally {
      active.delete(name)
    }
    cache.set(name, value)
    return value
  }

  const has = (name: string): boolean => name === RESERVED.vars || find(name) !== undefined

  const proxy: Scope = new Proxy({} as Record<string, unknown>, {
    get: (_t, name) => (typeof name === 'string' ? read(name) : undefined),
    has: (_t, name) => typeof name === 'string' && has(name),
    ownKeys: () => {
      const keys = new Set<string>()
      for (const layer of layers) for (const k of Object.keys(layer)) keys.add(k)
      return [...keys]
    },
    getOwnPropertyDescriptor: (_t, name) =>
      typeof name === 'string' && find(name) ? { enumerable: true, configurable: true, get: () => read(name) } : undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  })
  SCOPES.add(proxy)
  return proxy
}
