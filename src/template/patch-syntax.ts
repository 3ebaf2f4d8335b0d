/**
 * Compile-time half of the Jinja2 compatibility. nunjucks emits JavaScript operators; these
 * patches make it emit calls with Python meaning instead (truthiness of `if`/`and`/`or`/`not`,
 * `+`, `*`, `%`, `~`, comparisons), fix `x is test(a, b)` with several arguments and FQCN test
 * names, and adds loop filters (`for x in xs if cond`).
 */
import type { AstNode, CFrame, CompilerThis } from './internals.js'
import { N } from './internals.js'
import { patchParser } from './patch-parse.js'

type Method = (this: CompilerThis, node: AstNode, frame: CFrame, async?: boolean) => void

const C = N.compiler.Compiler.prototype
const nodes = N.nodes

/** A binary operator compiled to a runtime helper call: `runtime.fn(left, right)`. */
function binary(fn: string): Method {
  return function (node, frame) {
    this._emit(`runtime.${fn}(`)
    this.compile(node.left, frame)
    this._emit(', ')
    this.compile(node.right, frame)
    this._emit(')')
  }
}

/** `a or b` / `a and b` keep Python's value semantics and short-circuit. */
function logical(isOr: boolean): Method {
  return function (node, frame) {
    this._emit(`((k$) => ${isOr ? '' : '!'}runtime.krunTruthy(k$) ? k$ : (`)
    this.compile(node.right, frame)
    this._emit('))(')
    this.compile(node.left, frame)
    this._emit(')')
  }
}

function testName(node: AstNode): string {
  if (node.typename === 'Literal') return node.value === null ? 'none' : String(node.value)
  if (node.typename === 'LookupVal') return `${testName(node.target as AstNode)}.${String((node.val as AstNode).value)}`
  return String(node.value)
}

const compileIs: Method = function (node, frame) {
  const right = node.right as AstNode
  const args = right.typename === 'FunCall' ? (right.args as AstNode) : undefined
  const name = testName(args ? (right.name as AstNode) : right)
  this._emit(`env.getTest(${JSON.stringify(name)}).call(context, `)
  this.compile(node.left, frame)
  for (const a of (args?.children as unknown[] | undefined) ?? []) {
    this._emit(', ')
    this.compile(a, frame)
  }
  this._emit(') === true')
}

const compileIf: Method = function (node, frame, async) {
  this._emit('if(runtime.krunTruthy(')
  this._compileExpression(node.cond, frame)
  this._emitLine(')) {')
  this._withScopedSyntax(() => {
    this.compile(node.body, frame)
    if (async) this._emit('cb()')
  })
  if (node.else_ || async) {
    this._emitLine('}\nelse {')
    this._withScopedSyntax(() => {
      if (node.else_) this.compile(node.else_, frame)
      if (async) this._emit('cb()')
    })
  }
  this._emitLine('}')
}

const compileInlineIf: Method = function (node, frame) {
  this._emit('(runtime.krunTruthy(')
  this.compile(node.cond, frame)
  this._emit(') ? ')
  this.compile(node.body, frame)
  this._emit(' : ')
  if (node.else_) this.compile(node.else_, frame)
  else this._emit('""')
  this._emit(')')
}

const compileCompare: Method = function (node, frame) {
  const ops = node.ops as AstNode[]
  ops.forEach((op, i) => {
    if (i > 0) this._emit(' && ')
    this._emit('runtime.krunCmp(')
    this.compile(i === 0 ? node.expr : ops[i - 1]?.expr, frame)
    this._emit(`, ${JSON.stringify(op.type)}, `)
    this.compile(op.expr, frame)
    this._emit(')')
  })
}

const origFor = C.compileFor as Method

/** `for x in xs if cond`: nunjucks parses `xs if cond` as an inline if; filter first, then loop. */
const compileFor: Method = function (node, frame) {
  const arr = node.arr as AstNode
  if (arr.typename !== 'InlineIf' || arr.else_) return origFor.call(this, node, frame)
  const [src, out, i] = [this._tmpid(), this._tmpid(), this._tmpid()]
  this._emit(`var ${src} = `)
  this._compileExpression(arr.body, frame)
  this._emitLine(`; var ${out} = [];`)
  this._emitLine(`if (${src}) { ${src} = runtime.fromIterator(${src}); frame = frame.push();`)
  this._emitLine(`for (var ${i} = 0; ${i} < ${src}.length; ${i}++) {`)
  const inner = frame.push()
  const name = node.name as AstNode
  const names = name.typename === 'Array' ? (name.children as AstNode[]) : [name]
  names.forEach((n, u) => {
    const v = this._tmpid()
    const item = names.length > 1 ? `${src}[${i}][${u}]` : `${src}[${i}]`
    this._emitLine(`var ${v} = ${item}; frame.set(${JSON.stringify(n.value)}, ${v});`)
    inner.set(String(n.value), v)
  })
  this._emit('if (runtime.krunTruthy(')
  this._compileExpression(arr.cond, inner)
  this._emitLine(`)) ${out}.push(${src}[${i}]); }`)
  this._emitLine('frame = frame.pop(); }')
  const sym = `__krun_filtered${out}`
  frame.set(sym, out)
  const copy = Object.assign(Object.create(Object.getPrototypeOf(node) as object) as AstNode, node)
  copy.arr = new nodes.Symbol!(arr.lineno, arr.colno, sym)
  origFor.call(this, copy, frame)
}

/** Python tuples: `(a, b)` is a list, not JavaScript's comma operator. */
const compileGroup: Method = function (node, frame) {
  const kids = node.children as unknown[]
  this._emit(kids.length > 1 ? '[' : '(')
  kids.forEach((k, i) => {
    if (i > 0) this._emit(', ')
    this.compile(k, frame)
  })
  this._emit(kids.length > 1 ? ']' : ')')
}

const origSet = C.compileSet as Method

/** `{% set ns.attr = value %}` (Jinja's namespace pattern) assigns into the object. */
const compileSet: Method = function (node, frame) {
  const targets = node.targets as AstNode[]
  const target = targets[0]
  if (targets.length !== 1 || target?.typename !== 'LookupVal' || !node.value) return origSet.call(this, node, frame)
  this._emit('runtime.krunSetAttr(')
  this.compile(target.target, frame)
  this._emit(', ')
  this.compile(target.val, frame)
  this._emit(', ')
  this._compileExpression(node.value, frame)
  this._emitLine(');')
}

/** Records the line of each statement, so that a render error can name it. */
function withLine(m: Method): Method {
  return function (node, frame, async) {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`)
    m.call(this, node, frame, async)
  }
}

let patched = false

/** Installs the compiler, parser and lexer patches (idempotent). */
export function patchSyntax(): void {
  if (patched) return
  patched = true
  Object.assign(C, {
    compileIs,
    compileIf: withLine(compileIf),
    compileInlineIf,
    compileCompare,
    compileFor: withLine(compileFor),
    compileOutput: withLine(C.compileOutput as Method),
    compileSet: withLine(compileSet),
    compileGroup,
    compileOr: logical(true),
    compileAnd: logical(false),
    compileNot: function (this: CompilerThis, node: AstNode, frame: CFrame) {
      this._emit('!runtime.krunTruthy(')
      this.compile(node.target, frame)
      this._emit(')')
    },
    compileAdd: binary('krunAdd'),
    compileMul: binary('krunMul'),
    compileMod: binary('krunMod'),
    compileConcat: binary('krunConcat'),
  })
  patchParser()
}
