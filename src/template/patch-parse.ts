/**
 * Parser and lexer half of the Jinja2 syntax: slices (`xs[1:]`, `s[::-1]`), `foo.0`, and `}}`
 * closing a nested dict literal inside an expression (`{{ {'a': {'b': 1}} }}`).
 */
import type { AstNode, Token } from './internals.js'
import { N } from './internals.js'

const nodes = N.nodes

type ParserThis = Record<string, (...a: unknown[]) => unknown>

/** `[i]` or a `[a:b:c]` slice, which becomes a call of the global `__krun_slice`. */
function parseSubscript(p: ParserThis, node: AstNode, tok: Token): AstNode {
  const lx = N.lexer
  p.nextToken!()
  const parts: (AstNode | null)[] = [null, null, null]
  let idx = 0
  for (;;) {
    const t = p.peekToken!() as Token | null
    if (!t) p.fail!('unexpected end of template in a subscript', tok.lineno, tok.colno)
    else if (t.type === lx.TOKEN_RIGHT_BRACKET) {
      p.nextToken!()
      break
    } else if (t.type === lx.TOKEN_COLON) {
      p.nextToken!()
      if (++idx > 2) p.fail!('invalid slice', t.lineno, t.colno)
    } else if (parts[idx]) p.fail!('invalid index', t.lineno, t.colno)
    else parts[idx] = p.parseExpression!() as AstNode
  }
  const [l, c] = [tok.lineno, tok.colno]
  if (idx === 0) {
    if (!parts[0]) p.fail!('empty subscript', l, c)
    return new nodes.LookupVal!(l, c, node, parts[0])
  }
  const args = [node, ...parts.map((x) => x ?? new nodes.Literal!(l, c, null))]
  return new nodes.FunCall!(l, c, new nodes.Symbol!(l, c, '__krun_slice'), new nodes.NodeList!(l, c, args))
}

/** The parser's postfix loop: calls, `.name` (and `.0`), subscripts and slices. */
function parsePostfix(this: ParserThis, start: AstNode): AstNode {
  const lx = N.lexer
  let node = start
  for (;;) {
    const tok = this.peekToken!() as Token | null
    if (!tok) break
    if (tok.type === lx.TOKEN_LEFT_PAREN) node = new nodes.FunCall!(tok.lineno, tok.colno, node, this.parseSignature!())
    else if (tok.type === lx.TOKEN_LEFT_BRACKET) node = parseSubscript(this, node, tok)
    else if (tok.type === lx.TOKEN_OPERATOR && tok.value === '.') {
      this.nextToken!()
      const val = this.nextToken!() as Token
      const isInt = val.type === lx.TOKEN_INT
      if (val.type !== lx.TOKEN_SYMBOL && !isInt) this.fail!(`expected name as lookup value, got ${String(val.value)}`, val.lineno, val.colno)
      const key = new nodes.Literal!(val.lineno, val.colno, isInt ? Number(val.value) : val.value)
      node = new nodes.LookupVal!(tok.lineno, tok.colno, node, key)
    } else break
  }
  return node
}

const P = N.parser.Parser.prototype

let patched = false

/** Installs the parser and lexer patches (idempotent). */
export function patchParser(): void {
  if (patched) return
  patched = true
  P.parsePostfix = parsePostfix
  patchLexer()
}

/** Counts `{` inside an expression so that `}}` closing a nested dict is not the tag end. */
function patchLexer(): void {
  const lx = N.lexer
  const proto = Object.getPrototypeOf(lx.lex('')) as Record<string, unknown>
  const next = proto.nextToken as (this: LexerThis) => Token | null
  interface LexerThis {
    in_code: boolean
    str: string
    index: number
    lineno: number
    colno: number
    forward(): void
    krunDepth?: number
  }
  proto.nextToken = function (this: LexerThis): Token | null {
    if (this.in_code && (this.krunDepth ?? 0) > 0 && this.str.charAt(this.index) === '}') {
      const tok = { type: lx.TOKEN_RIGHT_CURLY as string, value: '}', lineno: this.lineno, colno: this.colno }
      this.forward()
      this.krunDepth = (this.krunDepth ?? 1) - 1
      return tok
    }
    const tok = next.call(this)
    if (tok?.type === lx.TOKEN_LEFT_CURLY) this.krunDepth = (this.krunDepth ?? 0) + 1
    else if (tok?.type === lx.TOKEN_RIGHT_CURLY) this.krunDepth = Math.max(0, (this.krunDepth ?? 0) - 1)
    else if (tok?.type === lx.TOKEN_VARIABLE_END || tok?.type === lx.TOKEN_BLOCK_END) this.krunDepth = 0
    return tok
  }
}
