/**
 * The nunjucks Environment configured like Ansible's Jinja2: no autoescape, trim_blocks on,
 * lstrip_blocks off, StrictUndefined, Ansible's filters/tests/lookups under short and FQCN
 * names, and a loader that resolves `{% include %}` through the current render's search paths.
 */
import { readFileSync } from 'node:fs'
import nunjucks from 'nunjucks'
import { KrunError } from '../core/errors.js'
import { DATA_FILTERS } from './filters-data.js'
import { NET_FILTERS } from './filters-net.js'
import { FQCN_PREFIX, guard, register, type FilterFn, type TestFn } from './filters-registry.js'
import { PATH_FILTERS } from './filters-path.js'
import { SELECT_FILTERS } from './filters-select.js'
import { TEXT_FILTERS } from './filters-text.js'
import { makeGlobals } from './globals.js'
import type { Context, Env, RenderState } from './internals.js'
import { findFile, type LookupFn } from './lookups.js'
import { patchRuntime } from './patch-runtime.js'
import { patchSyntax } from './patch-syntax.js'
import { LENIENT_TESTS, TEST_ALIASES, TESTS } from './tests.js'

const FILTER_ALIASES: Record<string, string> = { d: 'default', count: 'length' }
const LENIENT_FILTERS = new Set(['default', 'mandatory', '__krun_capture'])

/** Resolves includes/imports against the search paths of the render in progress. */
class SearchPathLoader {
  /** Render states, innermost last (renders nest synchronously: lazy variables, lookups). */
  readonly stack: RenderState[] = []

  getSource(name: string): { src: string; path: string; noCache: boolean } | null {
    const state = this.stack[this.stack.length - 1]
    const path = findFile(name, state ? state.lookupPaths() : [], 'templates')
    // noCache: the same relative name means different files in different roles
    return path ? { src: readFileSync(path, 'utf8'), path, noCache: true } : null
  }
}

/** An environment plus the loader whose stack the templar maintains. */
export interface KrunEnv {
  env: nunjucks.Environment
  loader: SearchPathLoader
}

/** Builds the environment. */
export function createEnv(lookups: Readonly<Record<string, LookupFn>>): KrunEnv {
  patchRuntime()
  patchSyntax()
  const loader = new SearchPathLoader()
  const env = new nunjucks.Environment(loader as unknown as nunjucks.ILoader, { autoescape: false, trimBlocks: true, lstripBlocks: false, throwOnUndefined: false, dev: true })
  const filters: Record<string, FilterFn> = {}
  const tests: Record<string, TestFn> = {}
  const builtin = (env as unknown as { filters: Record<string, FilterFn> }).filters
  for (const [name, fn] of Object.entries(builtin)) filters[name] = guard(fn)
  const addFilter = (name: string, fn: FilterFn) => (filters[name] = fn)
  for (const table of [TEXT_FILTERS, PATH_FILTERS, DATA_FILTERS, SELECT_FILTERS, NET_FILTERS]) register(table, addFilter, LENIENT_FILTERS)
  register(
    {
      __krun_capture(this: Context, v: unknown) {
        if (this.ctx.__krun) this.ctx.__krun.value = v
        return ''
      },
    },
    addFilter,
    LENIENT_FILTERS,
  )
  for (const [alias, name] of Object.entries(FILTER_ALIASES)) filters[alias] = filters[name] as FilterFn
  register(TESTS, (name, fn: TestFn) => (tests[name] = fn), LENIENT_TESTS)
  for (const [alias, name] of Object.entries(TEST_ALIASES)) tests[alias] = tests[name] as TestFn
  for (const [name, value] of Object.entries(makeGlobals(lookups))) env.addGlobal(name, value)

  const e = env as unknown as Env
  e.krun = true
  e.getFilter = (name: string) => {
    const f = filters[name] ?? filters[name.replace(FQCN_PREFIX, '')]
    if (!f) throw new KrunError('E_TEMPLATE', `no filter named '${name}'`)
    return f
  }
  e.getTest = (name: string) => {
    const t = tests[name] ?? tests[name.replace(FQCN_PREFIX, '')]
    if (!t) throw new KrunError('E_TEMPLATE', `no test named '${name}'`)
    return t
  }
  return { env, loader }
}
