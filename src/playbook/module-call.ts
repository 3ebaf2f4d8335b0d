import { KrunError, type SourcePos } from '../core/errors.js'
import type { AnyModule } from '../modules/types.js'
import type { LoadCtx } from './context.js'
import { isMapping, toMapping } from './convert.js'
import { refuseUnsupported, shortName } from './keywords.js'
import { parseKv } from './kv.js'
import { nearest } from './suggest.js'
import { checkTemplates } from './template-check.js'
import type { Vars } from './types.js'
import { coerceArgs, validateArgs } from './validate-args.js'

/** The module a task calls and its arguments, validated as far as load time allows. */
export interface ModuleCall {
  /** Registry key of the module. */
  action: string
  args: Vars
  /** Set by `local_action`: the task runs on the controller. */
  delegateTo?: string
}

function schemaProps(mod: AnyModule): string[] {
  return Object.keys((mod.schema as { properties?: object }).properties ?? {})
}

/** Arguments from the value of a module key: mapping, `k=v` text, free text, or nothing. */
function argsFrom(mod: AnyModule, value: unknown, pos: SourcePos): Vars {
  if (value === null || value === undefined) return {}
  if (isMapping(value)) return { ...value }
  const free = mod.freeForm
  if (free && (typeof value === 'string' || typeof value === 'number')) {
    const props = schemaProps(mod)
    // only words naming a real argument are options; `FOO=bar cmd` stays part of the command
    const kv = parseKv(String(value), (k) => k !== free && props.includes(k))
    return kv.rest === '' ? { ...kv.args } : { ...kv.args, [free]: kv.rest }
  }
  if (typeof value === 'string') {
    const kv = parseKv(value)
    const stray = kv.restWords[0]
    if (stray !== undefined) throw new KrunError('E_ARGS', `${mod.name}: expected key=value arguments, got '${stray}'`, pos)
    return { ...kv.args }
  }
  throw new KrunError('E_ARGS', `${mod.name}: arguments must be a mapping or key=value text`, pos)
}

/** Splits `action: copy src=a` / `action: {module: copy, src: a}` into module name and argument value. */
function splitAction(value: unknown, key: string, pos: SourcePos): [string, unknown] {
  if (typeof value === 'string') {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(value)
    if (m?.[1]) return [m[1], m[2] === '' ? null : m[2]]
  }
  if (isMapping(value) && typeof value.module === 'string') {
    const { module, ...rest } = value
    return [module, rest]
  }
  throw new KrunError('E_ARGS', `'${key}' must name a module: '${key}: copy src=a dest=b' or '${key}: {module: copy, ...}'`, pos)
}

function unknownKey(ctx: LoadCtx, key: string, keywords: readonly string[], haveModule: boolean, pos: SourcePos): KrunError {
  const kw = nearest(key, keywords)
  const mod = nearest(shortName(key), Object.keys(ctx.modules))
  if (kw && (haveModule || !mod || kw.distance <= mod.distance)) {
    return new KrunError('E_UNKNOWN_KEYWORD', `unknown keyword '${key}' (did you mean '${kw.name}'?)`, pos)
  }
  if (haveModule) return new KrunError('E_UNKNOWN_KEYWORD', `unknown keyword '${key}'`, pos)
  const hint = mod ? ` (did you mean '${mod.name}'?)` : ''
  return new KrunError('E_UNKNOWN_MODULE', `unknown module '${key}'${hint}`, pos)
}

/**
 * Finds the one module key of a task mapping (canonical name, alias, `ansible.builtin.*`,
 * `action:` or `local_action:`), parses its arguments (long, `k=v` or free form), merges
 * `args:` under them, and validates them against the module schema (templated values are
 * checked at run time). Unknown keys are typo'd keywords or unknown modules, with a suggestion.
 */
export function resolveModuleCall(raw: Record<string, unknown>, ctx: LoadCtx, pos: SourcePos, keywords: readonly string[]): ModuleCall {
  const keyPos = (k: string): SourcePos => ctx.positions.key(raw, k, pos)
  const found: Array<{ key: string; name: string; value: unknown; local?: boolean }> = []
  const unknown: string[] = []
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'action' || key === 'local_action') {
      const [name, v] = splitAction(value, key, keyPos(key))
      found.push({ key, name, value: v, local: key === 'local_action' })
    } else if (keywords.includes(key)) continue
    else if (ctx.moduleIndex.has(key)) found.push({ key, name: key, value })
    else {
      refuseUnsupported(key, keyPos(key))
      unknown.push(key)
    }
  }
  const firstUnknown = unknown[0]
  if (firstUnknown !== undefined) {
    const fromAction = found.find((f) => f.key !== f.name && !ctx.moduleIndex.has(f.name))
    throw unknownKey(ctx, firstUnknown, keywords, found.length > 0 && !fromAction, keyPos(firstUnknown))
  }
  const [call, second] = found
  if (!call) throw new KrunError('E_NO_MODULE', `task has no module (keys: ${Object.keys(raw).join(', ') || 'none'})`, pos)
  if (second) {
    throw new KrunError('E_MULTIPLE_MODULES', `task has more than one module: '${call.name}' and '${second.name}'`, keyPos(second.key))
  }
  const action = ctx.moduleIndex.get(call.name)
  if (action === undefined) throw unknownKey(ctx, call.name, [], false, keyPos(call.key))
  const mod = ctx.modules[action] as AnyModule
  const own = argsFrom(mod, call.value, keyPos(call.key))
  const extra = raw.args === undefined ? {} : toMapping(raw.args, 'args', keyPos('args'))
  // the module's own arguments win over `args:`, as in Ansible
  const args = coerceArgs(mod, { ...extra, ...own })
  const argKeyPos = (k: string): SourcePos | undefined => {
    if (isMapping(call.value) && k in call.value) return ctx.positions.key(call.value, k, keyPos(call.key))
    if (isMapping(raw.args) && k in raw.args) return ctx.positions.key(raw.args, k, keyPos('args'))
    return keyPos(call.key)
  }
  validateArgs(mod, args, keyPos(call.key), { ignoreTemplated: true, keyPos: argKeyPos })
  for (const [k, v] of Object.entries(args)) checkTemplates(v, `${mod.name}: argument '${k}'`, argKeyPos(k) ?? keyPos(call.key))
  return call.local ? { action, args, delegateTo: 'localhost' } : { action, args }
}
