/** Wraps text in one colour; the identity when colour is off. */
export type Paint = (s: string) => string

/** The colours krun output uses, named by meaning, after Ansible's defaults. */
export interface Palette {
  ok: Paint
  changed: Paint
  skip: Paint
  error: Paint
  unreachable: Paint
  warn: Paint
  diffAdd: Paint
  diffRemove: Paint
  diffLines: Paint
  bold: Paint
}

const CODES: Record<keyof Palette, number> = {
  ok: 32,
  changed: 33,
  skip: 36,
  error: 31,
  unreachable: 91,
  warn: 95,
  diffAdd: 32,
  diffRemove: 31,
  diffLines: 36,
  bold: 1,
}

const identity: Paint = (s) => s

/** Colours each line on its own, so a log viewer that splits lines keeps the colour. */
function sgr(code: number): Paint {
  return (s) =>
    s
      .split('\n')
      .map((line) => (line === '' ? line : `\x1b[${code}m${line}\x1b[0m`))
      .join('\n')
}

/** The palette for output with colour escapes (`enabled`) or without. */
export function palette(enabled: boolean): Palette {
  const entries = Object.entries(CODES).map(([k, code]) => [k, enabled ? sgr(code) : identity])
  return Object.fromEntries(entries) as Palette
}

/** Removes SGR colour escapes (tests, width computations). */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '')
}
