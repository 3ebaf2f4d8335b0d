/** Jinja2's binary operators with Python meaning: list + list, 'ab' * 3, '%s' % x, `in`. */
import { isDict, pyEquals, pyRepr, pyStr, typeError, typeName } from './python.js'
import { Undefined } from './undefined.js'

const isNum = (x: unknown): x is number | boolean => typeof x === 'number' || typeof x === 'boolean'

function check(...vals: unknown[]): void {
  for (const v of vals) if (v instanceof Undefined) v.fail()
}

/** `a + b`. */
export function add(a: unknown, b: unknown): unknown {
  check(a, b)
  if (isNum(a) && isNum(b)) return Number(a) + Number(b)
  if (typeof a === 'string' && typeof b === 'string') return a + b
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b]
  if (typeof a === 'string') throw typeError(`can only concatenate str (not "${typeName(b)}") to str`)
  if (Array.isArray(a)) throw typeError(`can only concatenate list (not "${typeName(b)}") to list`)
  throw typeError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`)
}

/** `a * b`: numbers, or a string/list repeated. */
export function mul(a: unknown, b: unknown): unknown {
  check(a, b)
  if (isNum(a) && isNum(b)) return Number(a) * Number(b)
  const [seq, n] = isNum(a) ? [b, Number(a)] : [a, b]
  if (typeof n === 'number' && Number.isInteger(n)) {
    if (typeof seq === 'string') return seq.repeat(Math.max(0, n))
    if (Array.isArray(seq)) return Array.from({ length: Math.max(0, n) }, () => seq).flat()
  }
  throw typeError(`unsupported operand type(s) for *: '${typeName(a)}' and '${typeName(b)}'`)
}

/** `a ~ b`: both sides as Python str(). */
export function concat(a: unknown, b: unknown): string {
  return pyStr(a) + pyStr(b)
}

/** `a % b`: Python's modulo (sign of the divisor) or printf-style formatting. */
export function mod(a: unknown, b: unknown): unknown {
  check(a, b)
  if (isNum(a) && isNum(b)) {
    const x = Number(a)
    const y = Number(b)
    return ((x % y) + y) % y
  }
  if (typeof a === 'string') return printf(a, b)
  throw typeError(`unsupported operand type(s) for %: '${typeName(a)}' and '${typeName(b)}'`)
}

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifrxXoeEgG%])/g

/** Python's `fmt % args` for the common conversions. */
export function printf(fmt: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args]
  let i = 0
  const out = fmt.replace(SPEC, (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%'
    const v = key !== undefined && isDict(args) ? args[key] : list[i++]
    check(v)
    let s: string
    const p = prec === undefined ? undefined : Number(prec)
    switch (conv) {
      case 'd':
      case 'i':
        s = String(Math.trunc(Number(v)))
        break
      case 'f':
      case 'F':
        s = Number(v).toFixed(p ?? 6)
        break
      case 'e':
      case 'E':
        s = Number(v).toExponential(p ?? 6)
        break
      case 'g':
      case 'G':
        s = String(Number(Number(v).toPrecision(p || 6)))
        break
      case 'x':
      case 'X':
        s = Math.trunc(Number(v)).toString(16)
        break
      case 'o':
        s = Math.trunc(Number(v)).toString(8)
        break
      case 'r':
        s = pyRepr(v)
        break
      default:
        s = pyStr(v)
        if (p !== undefined) s = s.slice(0, p)
    }
    if (conv === 'X' || conv === 'E' || conv === 'G') s = s.toUpperCase()
    if (flags.includes('+') && /[dif]/.test(conv) && !s.startsWith('-')) s = `+${s}`
    const w = width === undefined || width === '*' ? 0 : Number(width)
    if (flags.includes('-')) return s.padEnd(w)
    return flags.includes('0') && conv !== 's' ? s.padStart(w, '0') : s.padStart(w)
  })
  if (!isDict(args) && i < list.length) throw typeError('not all arguments converted during string formatting')
  return out
}

/** `key in container`. */
export function inOp(key: unknown, container: unknown): boolean {
  check(key, container)
  if (typeof container === 'string') {
    if (typeof key !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(key)}`)
    return container.includes(key)
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, key))
  if (typeof container === 'object' && container !== null) return String(key) in container
  throw typeError(`argument of type '${typeName(container)}' is not iterable`)
}
