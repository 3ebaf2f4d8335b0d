/** A place in a user's file. Line and column are 1-based. */
export interface SourcePos {
  file: string
  line?: number
  col?: number
}

/** Formats a position the way compilers do: `file:line:col`. */
export function formatPos(pos: SourcePos): string {
  let s = pos.file
  if (pos.line !== undefined) s += `:${pos.line}`
  if (pos.line !== undefined && pos.col !== undefined) s += `:${pos.col}`
  return s
}

/**
 * Every error krun reports to a user: a stable `code` (for tests and scripts), a message
 * that says what is wrong, and where it is. Rendered as `file:line:col: message`.
 */
export class KrunError extends Error {
  readonly code: string
  readonly pos: SourcePos | undefined
  readonly hint: string | undefined

  constructor(code: string, message: string, pos?: SourcePos, hint?: string) {
    super(message)
    this.name = 'KrunError'
    this.code = code
    this.pos = pos
    this.hint = hint
  }

  /** One line (plus an optional hint line) for the terminal; never a stack trace. */
  format(): string {
    const head = this.pos ? `${formatPos(this.pos)}: ${this.message}` : this.message
    return this.hint ? `${head}\n  hint: ${this.hint}` : head
  }
}

/** True for errors that carry a code; anything else is a bug in krun. */
export function isKrunError(e: unknown): e is KrunError {
  return e instanceof KrunError
}

/** The message of any thrown value, for result data. */
export function errorMessage(e: unknown): string {
  if (e instanceof KrunError) return e.format()
  if (e instanceof Error) return e.message
  return String(e)
}
