/**
 * Typed handles on the nunjucks internals krun patches (runtime helpers, compiler, lexer,
 * parser, AST nodes). @types/nunjucks only describes the public API.
 */
import nunjucks from 'nunjucks'
import type { Scope } from './types.js'

/** What one render carries, reachable from every filter/global as `this.ctx.__krun`. */
export interface RenderState {
  scope: Scope
  /** Explicit search paths for this render (renderTemplate); else derived from the scope. */
  searchPaths: string[] | undefined
  /** The value captured by `__krun_capture` (native evaluation). */
  value?: unknown
  /** Renders a nested template (lookup('template')). */
  renderTemplate(source: string, name: string, scope: Scope, searchPaths: string[]): string
  /** Search paths for lookups: explicit, `ansible_search_path`, role_path/playbook_dir, templar defaults. */
  lookupPaths(): string[]
}

/** The environment as filters see it. */
export interface Env {
  getFilter(name: string): (this: Context, ...args: unknown[]) => unknown
  getTest(name: string): (this: Context, ...args: unknown[]) => unknown
  globals: Record<string, unknown>
  krun?: boolean
}

/** A nunjucks render context (`this` in filters, tests and global functions). */
export interface Context {
  ctx: Record<string, unknown> & { __krun?: RenderState }
  env: Env
}

/** A nunjucks AST node, loosely. */
export interface AstNode {
  typename: string
  lineno: number
  colno: number
  [field: string]: unknown
}

/** A compile-time frame. */
export interface CFrame {
  push(): CFrame
  set(name: string, v: string): void
  lookup(name: string): string | undefined
}

/** The Compiler's `this` as the patched methods use it. */
export interface CompilerThis {
  _emit(code: string): void
  _emitLine(code: string): void
  _tmpid(): string
  compile(node: unknown, frame: CFrame): void
  _compileExpression(node: unknown, frame: CFrame): void
  _withScopedSyntax(fn: () => void): void
}

/** A lexer token. */
export interface Token {
  type: string
  value: unknown
  lineno: number
  colno: number
}

type Ctor = new (...args: unknown[]) => AstNode

/** The internal modules. */
export interface Internals {
  runtime: Record<string, unknown>
  compiler: { Compiler: { prototype: Record<string, unknown> } }
  parser: { Parser: { prototype: Record<string, unknown> }; parse(src: string, ext?: unknown, opts?: unknown): AstNode }
  lexer: { lex(src: string, opts?: unknown): object } & Record<string, string>
  nodes: Record<string, Ctor>
  lib: { TemplateError: new (msg: string, l?: number, c?: number) => Error }
}

/** nunjucks' internals. */
export const N = nunjucks as unknown as Internals
