import { createRequire } from 'node:module'
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import { KrunError, type SourcePos } from '../core/errors.js'
import type { AnyModule } from '../modules/types.js'
import { didYouMean } from './suggest.js'
import type { Vars } from './types.js'

/**
 * verbose: errors carry their schema, for messages such as "must be a boolean (yes/no, ...)".
 * scripts/bundle.mjs compiles every module's schema with these options at build time.
 */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const
let ajv: Ajv | undefined
// ajv's compiler is loaded only when a schema has no precompiled validator (not via import:
// the CLI bundle then leaves it out, ~250 KB that every start-up would parse).
const load = createRequire(import.meta.url)
const compiled = new WeakMap<AnyModule, ValidateFunction>()
let precompiled: Readonly<Record<string, ValidateFunction>> = {}

/**
 * Validators compiled at build time (ajv standalone code, keyed by module name): the CLI
 * bundle registers them so that a run does not compile schemas (~10 ms per module).
 */
export function usePrecompiledValidators(validators: Readonly<Record<string, ValidateFunction>>): void {
  precompiled = validators
}

/** True when a string holds Jinja2 syntax, so its final value is known only at run time. */
export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && /\{\{|\{%/.test(v)
}

/** Options of validateArgs. */
export interface ValidateOptions {
  /** Skip errors at or inside a templated string (load time: the type is known after rendering). */
  ignoreTemplated: boolean
  /** Where each argument key is, for pointing at the offending one. */
  keyPos?: (key: string) => SourcePos | undefined
}

function validator(mod: AnyModule): ValidateFunction {
  let v = compiled.get(mod) ?? precompiled[mod.name]
  if (!v) {
    try {
      v = (ajv ??= new (load('ajv') as typeof import('ajv')).Ajv(AJV_OPTIONS)).compile(mod.schema)
    } catch (e) {
      throw new KrunError('E_MODULE_SCHEMA', `module ${mod.name} has an invalid schema: ${(e as Error).message}`)
    }
    compiled.set(mod, v)
  }
  return v
}

type SchemaObj = { type?: unknown; properties?: Record<string, SchemaObj> }
const BOOL_TEXT: Record<string, boolean> = { yes: true, true: true, on: true, '1': true, y: true, no: false, false: false, off: false, '0': false, n: false }

/**
 * Converts top-level arguments the way Ansible's argument spec does for typed options:
 * "yes"/"no"/"true"... to booleans and numeric text to numbers where the schema wants exactly
 * that type, and numbers/booleans to text where it wants exactly a string. `mode` is never
 * stringified: YAML 1.1 reads `mode: 0644` as the integer 420 and the module must see the number.
 * Templated strings are left alone. Returns a new object.
 */
export function coerceArgs(mod: AnyModule, args: Vars): Vars {
  const props = (mod.schema as SchemaObj).properties ?? {}
  const out: Vars = { ...args }
  for (const [k, v] of Object.entries(args)) {
    const type = props[k]?.type
    if (typeof v === 'string' && !isTemplated(v)) {
      const b = BOOL_TEXT[v.trim().toLowerCase()]
      if (type === 'boolean' && b !== undefined) out[k] = b
      else if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(v.trim())) out[k] = Number(v)
    } else if (type === 'string' && k !== 'mode' && (typeof v === 'number' || typeof v === 'boolean')) {
      out[k] = String(v)
    }
  }
  return out
}

/** The value at an ajv instancePath and every container on the way, outermost first. */
function valuesOnPath(data: unknown, path: string): unknown[] {
  const out: unknown[] = []
  let cur = data
  for (const seg of path.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~')
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[key] : undefined
    out.push(cur)
  }
  return out
}

function argName(path: string): string {
  return path.slice(1).replace(/\//g, '.')
}

function describe(mod: AnyModule, e: ErrorObject): { msg: string; key?: string } {
  const props = Object.keys((mod.schema as SchemaObj).properties ?? {})
  const top = e.instancePath.split('/')[1]
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'additionalProperties': {
      const k = String(p.additionalProperty)
      const hint = e.instancePath === '' ? didYouMean(k, props) : ''
      const where = e.instancePath ? ` in '${argName(e.instancePath)}'` : ''
      return { msg: `unknown argument '${k}'${where}${hint}`, key: top ?? k }
    }
    case 'required': {
      const where = e.instancePath ? ` in '${argName(e.instancePath)}'` : ''
      const alts = (p.alternatives as string[] | undefined)?.map((a) => `'${a}'`).join(', ')
      return { msg: `missing required argument '${String(p.missingProperty)}'${alts ? ` (or ${alts})` : ''}${where}`, key: top }
    }
    case 'enum':
      return { msg: `argument '${argName(e.instancePath)}' must be one of ${(p.allowedValues as unknown[]).join(', ')}`, key: top }
    case 'type':
      return { msg: `argument '${argName(e.instancePath)}' must be ${String(p.type).replace(/,/g, ' or ')}`, key: top }
    case 'pattern': {
      const what = (e.parentSchema as { description?: string } | undefined)?.description
      return { msg: `argument '${argName(e.instancePath)}' must be ${what ?? `text matching ${String(p.pattern)}`}: ${JSON.stringify(e.data)}`, key: top }
    }
    case 'not': {
      const pair = exclusivePair(e)
      if (pair) return { msg: `parameters are mutually exclusive: ${pair.join('|')}`, key: pair[1] }
      return { msg: `arguments ${e.message ?? 'are invalid'}`, key: top }
    }
    default: {
      const what = e.instancePath ? `argument '${argName(e.instancePath)}'` : 'arguments'
      return { msg: `${what} ${e.message ?? 'are invalid'}`, key: top }
    }
  }
}

const COMPOSITE = ['anyOf', 'oneOf']

/** The two arguments of an `exclusive()` rule that failed (`not: {required: [a, b]}`). */
function exclusivePair(e: ErrorObject): [string, string] | undefined {
  const req = (e.schema as { required?: unknown } | undefined)?.required
  return e.keyword === 'not' && Array.isArray(req) && req.length === 2 ? [String(req[0]), String(req[1])] : undefined
}

/**
 * The error to report: a plain one when there is one; an anyOf/oneOf is reported as a whole
 * (its branch errors would each tell only part of the story).
 */
function pickError(errors: ErrorObject[]): ErrorObject | undefined {
  const composite = errors.filter((e) => COMPOSITE.includes(e.keyword))
  const inBranch = (e: ErrorObject): boolean => composite.some((c) => e !== c && e.schemaPath.startsWith(`${c.schemaPath}/`))
  const plain = errors.filter((e) => !COMPOSITE.includes(e.keyword) && !inBranch(e) && (!['if', 'not'].includes(e.keyword) || exclusivePair(e) !== undefined))
  // an unknown argument is usually a typo of the "missing" one: name it first, with a suggestion
  const best = plain.find((e) => e.keyword === 'additionalProperties') ?? plain[0]
  if (best) return best
  const c = composite[0]
  if (!c) return errors[0]
  const branches = errors.filter((e) => e.schemaPath.startsWith(`${c.schemaPath}/`))
  // anyOf [{required: [path]}, {required: [dest]}]: one argument under several names (aliases)
  if (branches.length > 0 && branches.every((e) => e.keyword === 'required' && e.instancePath === c.instancePath)) {
    const [first, ...alternatives] = [...new Set(branches.map((e) => String((e.params as { missingProperty: unknown }).missingProperty)))]
    return { ...c, keyword: 'required', params: { missingProperty: first, alternatives } }
  }
  if (branches.length > 0 && branches.every((e) => e.keyword === 'type' && e.instancePath === c.instancePath)) {
    const types = branches.map((e) => String((e.params as { type: unknown }).type))
    return { ...c, keyword: 'type', params: { type: [...new Set(types)].join(',') } }
  }
  return c
}

/**
 * Checks a task's arguments against its module's JSON schema (compiled once per module).
 * Throws one KrunError E_ARGS for the first relevant problem, pointed at the offending key when
 * known: `copy: unknown argument 'dst' (did you mean 'dest'?)`. The engine calls it again after
 * rendering, with ignoreTemplated false.
 */
export function validateArgs(mod: AnyModule, args: Vars, pos: SourcePos, opts: ValidateOptions): void {
  const v = validator(mod)
  if (v(args)) return
  const errors = (v.errors ?? []).filter((e) => {
    if (!opts.ignoreTemplated) return true
    // a templated value's type is unknown until it is rendered; so are `oneOf` branches inside it
    return !valuesOnPath(args, e.instancePath).some(isTemplated)
  })
  const first = pickError(errors)
  if (!first) return
  const { msg, key } = describe(mod, first)
  throw new KrunError('E_ARGS', `${mod.name}: ${msg}`, (key && opts.keyPos?.(key)) || pos)
}
