/**
 * The Templar: nunjucks behaving like Ansible's Jinja2. Each distinct template string is
 * compiled once; a string that is exactly one `{{ expr }}` renders to the expression's native
 * value (list, dict, number, bool), anything else to text.
 */
import { dirname, isAbsolute } from 'node:path'
import nunjucks from 'nunjucks'
import { KrunError } from '../core/errors.js'
import { createEnv, type KrunEnv } from './env.js'
import type { AstNode, RenderState } from './internals.js'
import { N } from './internals.js'
import { LOOKUPS, type LookupFn } from './lookups.js'
import { isDict, pyStr } from './python.js'
import { isScope, RESERVED } from './scope.js'
import { renderError, syntaxError } from './template-errors.js'
import { ansibleTruthy } from './tests.js'
import type { Scope, Templar } from './types.js'
import { assertDefined } from './undefined.js'

/** Options of createTemplar. */
export interface TemplarOptions {
  /** Last-resort base directories for lookups and includes (after the scope's own). */
  searchPaths?: string[]
  /** Extra or replacement lookup plugins, by short name. */
  lookups?: Record<string, LookupFn>
}

/** A compiled string: native (one expression, captured) or text. */
type Compiled = { native: true; tmpl: nunjucks.Template } | { native: false; tmpl: nunjucks.Template }

const TEMPLATE_RE = /\{\{|\{%|\{#/
const MAX_DEPTH = 200
const MAX_CACHE = 20_000

/** The expression inside a string that is exactly one `{{ expr }}`, else null. */
function singleExpression(src: string): string | null {
  if (!src.startsWith('{{') || !src.endsWith('}}')) return null
  let root: AstNode
  try {
    root = N.parser.parse(src)
  } catch {
    return null
  }
  const kids = root.children as AstNode[]
  const out = kids[0]
  if (kids.length !== 1 || out?.typename !== 'Output') return null
  const inner = out.children as AstNode[]
  if (inner.length !== 1 || inner[0]?.typename === 'TemplateData') return null
  return src.replace(/^\{\{-?/, '').replace(/-?\}\}$/, '')
}

class KrunTemplar implements Templar {
  private readonly k: KrunEnv
  private readonly cache = new Map<string, Compiled>()
  private depth = 0

  constructor(private readonly defaults: string[], lookups: Record<string, LookupFn>) {
    this.k = createEnv(lookups)
  }

  isTemplate(value: string): boolean {
    return value.includes('{') && TEMPLATE_RE.test(value)
  }

  render(value: unknown, scope: Scope): unknown {
    if (typeof value === 'string') return this.isTemplate(value) ? this.renderValue(value, scope) : value
    if (Array.isArray(value)) {
      let out: unknown[] | undefined
      value.forEach((v, i) => {
        const r = this.render(v, scope)
        if (r !== v) (out ??= [...value])[i] = r
      })
      return out ?? value
    }
    if (isDict(value) && !isScope(value)) {
      let out: Record<string, unknown> | undefined
      for (const key of Object.keys(value)) {
        const v = value[key]
        const r = this.render(v, scope)
        const k = this.isTemplate(key) ? this.renderString(key, scope) : key
        if (r !== v || k !== key) {
          out ??= { ...value }
          if (k !== key) delete out[key]
          out[k] = r
        }
      }
      return out ?? value
    }
    return value
  }

  renderString(text: string, scope: Scope): string {
    if (!this.isTemplate(text)) return text
    const v = this.renderValue(text, scope)
    return typeof v === 'string' ? v : pyStr(v)
  }

  evaluate(expr: string, scope: Scope): unknown {
    if (typeof expr !== 'string') return expr
    const trimmed = expr.trim()
    if (this.isTemplate(trimmed)) {
      const c = this.compiled(trimmed, '')
      return c.native ? this.run(c, trimmed, scope) : this.evaluate(this.renderString(trimmed, scope), scope)
    }
    return this.run(this.compiledExpr(trimmed), expr, scope)
  }

  test(expr: string, scope: Scope): boolean {
    return ansibleTruthy(this.evaluate(expr, scope))
  }

  renderTemplate(source: string, name: string, scope: Scope, searchPaths?: string[]): string {
    const paths = searchPaths ?? (isAbsolute(name) ? [dirname(name)] : undefined)
    const v = this.run(this.compiled(source, name, false), source, scope, paths, name)
    return typeof v === 'string' ? v : pyStr(v)
  }

  /** A value string. Trailing newlines are kept: Ansible's do_template preserves them (preserve_trailing_newlines). */
  private renderValue(src: string, scope: Scope): unknown {
    return this.run(this.compiled(src, ''), src, scope)
  }

  private remember(key: string, c: Compiled): Compiled {
    if (this.cache.size >= MAX_CACHE) this.cache.clear()
    this.cache.set(key, c)
    return c
  }

  private compile(src: string, shown: string, file?: string): nunjucks.Template {
    try {
      return new nunjucks.Template(src, this.k.env, file, true)
    } catch (e) {
      throw syntaxError(e, shown, file)
    }
  }

  private compiled(src: string, file: string, valueMode = true): Compiled {
    const key = `${valueMode ? 'v' : 't'}\0${src}`
    const hit = this.cache.get(key)
    if (hit) return hit
    const inner = valueMode ? singleExpression(src) : null
    if (inner !== null) return this.remember(key, { native: true, tmpl: this.compile(`{{ (${inner}) | __krun_capture }}`, src) })
    return this.remember(key, { native: false, tmpl: this.compile(src, src, file || undefined) })
  }

  private compiledExpr(expr: string): Compiled {
    const key = `e\0${expr}`
    return this.cache.get(key) ?? this.remember(key, { native: true, tmpl: this.compile(`{{ (${expr}) | __krun_capture }}`, expr) })
  }

  private run(c: Compiled, src: string, scope: Scope, searchPaths?: string[], file?: string): unknown {
    if (this.depth >= MAX_DEPTH) throw new KrunError('E_TEMPLATE_RECURSION', `templates nest more than ${MAX_DEPTH} deep (a recursive definition?)`)
    const state: RenderState = {
      scope,
      searchPaths,
      renderTemplate: (s, n, sc, p) => this.renderTemplate(s, n, sc, p),
      lookupPaths: () => searchPaths ?? this.scopePaths(scope),
    }
    this.depth++
    this.k.loader.stack.push(state)
    try {
      const text = c.tmpl.render({ __krun: state })
      if (!c.native) return text
      assertDefined(state.value, isScope)
      return state.value
    } catch (e) {
      throw renderError(e, src, file)
    } finally {
      this.k.loader.stack.pop()
      this.depth--
    }
  }

  /** Lookup/include bases from the scope: ansible_search_path, else role_path and playbook_dir. */
  private scopePaths(scope: Scope): string[] {
    const sp = RESERVED.searchPath in scope ? scope[RESERVED.searchPath] : undefined
    if (Array.isArray(sp)) return [...sp.map(String), ...this.defaults]
    const out: string[] = []
    for (const k of [RESERVED.rolePath, RESERVED.playbookDir]) {
      const v = k in scope ? scope[k] : undefined
      if (typeof v === 'string' && v !== '') out.push(v)
    }
    return [...out, ...this.defaults]
  }
}

/** Creates a Templar (one per run: it holds the compiled-template cache). */
export function createTemplar(opts: TemplarOptions = {}): Templar {
  return new KrunTemplar(opts.searchPaths ?? [], { ...LOOKUPS, ...opts.lookups })
}
