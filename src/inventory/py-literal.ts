import { readPyString } from './py-string.js'

/**
 * Ansible's INI value coercion: `ast.literal_eval(value)`, falling back to the raw string
 * when Python would not accept it as a literal. `port=22` is 22, `flag=True` is true,
 * `x=[1, 'a']` a list, `x=017` and `x=true` stay strings. Tuples and sets become arrays,
 * bytes become text; complex numbers and integers beyond 2^53 stay as written.
 */
export function parseIniValue(text: string): unknown {
  try {
    return new PyLiteral(text).parse()
  } catch (e) {
    if (e instanceof NotALiteral) return text
    throw e
  }
}

class NotALiteral extends Error {}

function safeInt(n: number): number {
  if (!Number.isSafeInteger(n)) throw new NotALiteral() // keep the exact digits as text
  return n
}

const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/

/** A recursive-descent reader for the subset of Python expressions literal_eval accepts. */
class PyLiteral {
  private i = 0
  constructor(private readonly s: string) {}

  parse(): unknown {
    // Python >= 3.9 strips leading blanks before parsing
    this.i = this.s.length - this.s.replace(/^[ \t]+/, '').length
    const first = this.value()
    this.skip()
    if (this.peek() !== ',') return this.end(first)
    const items = [first]
    while (this.eat(',')) {
      this.skip()
      if (this.i >= this.s.length) break
      items.push(this.value())
      this.skip()
    }
    return this.end(items)
  }

  private end(v: unknown): unknown {
    this.skip()
    if (this.i < this.s.length) throw new NotALiteral()
    return v
  }

  private skip(): void {
    for (;;) {
      const c = this.s[this.i]
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.i++
      else if (c === '#') while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++
      else return
    }
  }

  private peek(): string | undefined {
    return this.s[this.i]
  }

  private eat(c: string): boolean {
    if (this.s[this.i] !== c) return false
    this.i++
    return true
  }

  private value(): unknown {
    this.skip()
    const c = this.peek()
    if (c === undefined) throw new NotALiteral()
    if (c === '[') return this.seq(']')
    if (c === '(') return this.paren()
    if (c === '{') return this.braces()
    if (c === '-' || c === '+') {
      this.i++
      const n = this.value()
      if (typeof n !== 'number') throw new NotALiteral()
      return c === '-' ? -n : n
    }
    if (/[0-9.]/.test(c) && !this.s.startsWith('...', this.i)) return this.number()
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))?.[0]
    const quote = word !== undefined ? this.s[this.i + word.length] : undefined
    if (word !== undefined && /^(?:[rRuUbB]|[bB][rR]|[rR][bB])$/.test(word) && (quote === '"' || quote === "'")) return this.strings()
    if (c === '"' || c === "'") return this.strings()
    if (this.s.startsWith('...', this.i)) {
      this.i += 3
      return '...'
    }
    if (word === undefined) throw new NotALiteral()
    this.i += word.length
    if (word === 'True') return true
    if (word === 'False') return false
    if (word === 'None') return null
    throw new NotALiteral()
  }

  private number(): unknown {
    const m = NUMBER.exec(this.s.slice(this.i))
    if (!m || m[0] === '.') throw new NotALiteral()
    const raw = m[0]
    this.i += raw.length
    // '56L' or '1abc' is a syntax error in Python 3
    if (/[A-Za-z0-9_]/.test(this.peek() ?? '')) throw new NotALiteral()
    const t = raw.replace(/_/g, '')
    if (/[jJ]$/.test(t)) throw new NotALiteral()
    if (/^0[xXoObB]/.test(t)) return safeInt(Number(t))
    if (/[.eE]/.test(t)) return Number(t)
    // Python 3 rejects leading zeros in decimal integers (except all zeros)
    if (/^0\d/.test(t) && !/^0+$/.test(t)) throw new NotALiteral()
    return safeInt(Number(t))
  }

  private strings(): string {
    let out = ''
    let kind: 'str' | 'bytes' | undefined
    do {
      const prefix = /^[A-Za-z]*/.exec(this.s.slice(this.i))?.[0] ?? ''
      const k = /[bB]/.test(prefix) ? 'bytes' : 'str'
      if (kind !== undefined && kind !== k) throw new NotALiteral()
      kind = k
      this.i += prefix.length
      const lit = readPyString(this.s, this.i, /[rR]/.test(prefix))
      if (!lit) throw new NotALiteral()
      out += lit.text
      this.i = lit.next
      this.skip()
    } while (/^(?:[rRuUbB]|[bB][rR]|[rR][bB])?['"]/.test(this.s.slice(this.i)))
    return out
  }

  private seq(close: string): unknown[] {
    this.i++ // past the opening bracket
    const items: unknown[] = []
    for (;;) {
      this.skip()
      if (this.eat(close)) return items
      items.push(this.value())
      this.skip()
      if (this.eat(close)) return items
      if (!this.eat(',')) throw new NotALiteral()
    }
  }

  private paren(): unknown {
    const start = this.i
    this.i++
    this.skip()
    if (this.eat(')')) return []
    const v = this.value()
    this.skip()
    if (this.eat(')')) return v // plain grouping, not a tuple
    this.i = start
    return this.seq(')')
  }

  private braces(): unknown {
    this.i++
    this.skip()
    if (this.eat('}')) return {}
    const first = this.value()
    this.skip()
    if (this.peek() !== ':') {
      // a set: {1, 2}
      const items = [first]
      while (this.eat(',')) {
        this.skip()
        if (this.eat('}')) return items
        items.push(this.value())
        this.skip()
      }
      if (!this.eat('}')) throw new NotALiteral()
      return items
    }
    const out: Record<string, unknown> = {}
    let key = first
    for (;;) {
      if (!this.eat(':')) throw new NotALiteral()
      out[String(key)] = this.value()
      this.skip()
      if (this.eat('}')) return out
      if (!this.eat(',')) throw new NotALiteral()
      this.skip()
      if (this.eat('}')) return out
      key = this.value()
      this.skip()
    }
  }
}
