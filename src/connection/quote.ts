/**
 * POSIX shell quoting. Every command krun sends to a target is built here, because the
 * target's /bin/sh may be dash: single quotes only, no $'..', no bash arrays.
 */
const SAFE = /^[A-Za-z0-9_\-+=.,/:@%^]+$/

/** Quotes one word so that sh passes it through unchanged. */
export function quote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/** Joins argv into one sh command line. */
export function shJoin(argv: readonly string[]): string {
  return argv.map(quote).join(' ')
}

/** Tagged template: interpolated values are quoted, the literal parts are not. */
export function sh(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? ''
  values.forEach((v, i) => {
    out += Array.isArray(v) ? v.map((x) => quote(String(x))).join(' ') : quote(String(v))
    out += strings[i + 1] ?? ''
  })
  return out
}
