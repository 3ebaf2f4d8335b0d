/** One word of a `key=value` argument string, with where it sits in the original text. */
export interface Word {
  text: string
  start: number
  end: number
}

/**
 * Splits an argument string on whitespace, keeping quoted strings and Jinja2 blocks
 * (`{{ }}`, `{% %}`, `{# #}`) whole, as Ansible's split_args does.
 * Returns undefined when a quote or a Jinja2 block is left open.
 */
export function splitWords(s: string): Word[] | undefined {
  const words: Word[] = []
  let start = -1
  let quote: string | undefined
  let jinja = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string
    const two = s.slice(i, i + 2)
    if (start < 0) {
      if (/\s/.test(c)) continue
      start = i
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = undefined
    } else if (two === '{{' || two === '{%' || two === '{#') {
      jinja++
      i++
    } else if (jinja > 0 && (two === '}}' || two === '%}' || two === '#}')) {
      jinja--
      i++
    } else if (jinja === 0 && (c === '"' || c === "'") && (i === start || s[i - 1] === '=')) {
      // quotes open only at the start of a word or of a value (k="a b"), as in Ansible
      quote = c
    } else if (jinja === 0 && /\s/.test(c)) {
      words.push({ text: s.slice(start, i), start, end: i })
      start = -1
    }
  }
  if (quote || jinja > 0) return undefined
  if (start >= 0) words.push({ text: s.slice(start), start, end: s.length })
  return words
}

/** Removes one level of matching quotes; in double quotes, `\"` and `\\` are escapes. */
export function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    const inner = v.slice(1, -1)
    return v[0] === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner
  }
  return v
}

/** Splits `key=value` into its parts; undefined when the word has no `=` or starts with one. */
export function splitKv(word: string): [string, string] | undefined {
  const eq = word.search(/(?<!\\)=/)
  if (eq <= 0) return undefined
  const key = word.slice(0, eq)
  // a key is a plain identifier: `echo a=b` is text, `--opt=x` or `"a=b"` are not keys
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return undefined
  return [key, unquote(word.slice(eq + 1))]
}

/** Result of parsing a free-form or `k=v` argument string. */
export interface ParsedKv {
  /** Extracted `key=value` arguments (values are strings, unquoted). */
  args: Record<string, string>
  /** The remaining text, original spacing kept between adjacent kept words. */
  rest: string
  /** The words that were not `key=value` (or whose key was not accepted). */
  restWords: string[]
}

/**
 * Parses `src=a dest="b c"` (Ansible's parse_kv). `accept` decides which keys are extracted;
 * other words stay in `rest`: for free-form modules (`shell: echo hi creates=/x`) that is the
 * command. An unbalanced quote leaves the whole string as `rest`.
 */
export function parseKv(s: string, accept: (key: string) => boolean = () => true): ParsedKv {
  const words = splitWords(s)
  if (!words) return { args: {}, rest: s.trim(), restWords: [s.trim()] }
  const args: Record<string, string> = {}
  let rest = ''
  const restWords: string[] = []
  let prevKept = -2
  words.forEach((w, i) => {
    const kv = splitKv(w.text)
    if (kv && accept(kv[0])) {
      args[kv[0]] = kv[1]
      return
    }
    if (restWords.length > 0) rest += prevKept === i - 1 ? s.slice((words[i - 1] as Word).end, w.start) : ' '
    rest += w.text
    restWords.push(w.text)
    prevKept = i
  })
  return { args, rest, restWords }
}
