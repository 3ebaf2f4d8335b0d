import type { Schema } from 'ajv'
import type { SourcePos } from '../core/errors.js'
import type { ExecOptions, ExecResult } from '../connection/types.js'
import type { Display } from '../core/results.js'

/** A state-changing step the engine performs when it applies a plan. */
export type Change = ExecChange | PutChange | LocalPutChange

/** A command run on the target. */
export interface ExecChange {
  kind: 'exec'
  /** One sh command line, built with connection/quote.ts. */
  cmd: string
  /** Why this runs, in words a user reads in --check output. */
  reason: string
  stdin?: string | Buffer
  cwd?: string
  env?: Record<string, string>
  /** Exit codes that count as success (default [0]). */
  okRc?: number[]
  /**
   * The effect cannot be known before running (command, shell): in check mode the task
   * is reported `skipped` with the reason instead of `changed`.
   */
  opaque?: boolean
  /**
   * The command finds out itself whether it changes anything (an upgrade right after a
   * metadata refresh, which planning cannot see): when the last line of its stdout is
   * `line`, the task is reported ok with `noop` as its reason. Only on a plan's last change.
   */
  unchangedIf?: { line: string; noop: string }
}

/** A file written on the target. */
export interface PutChange {
  kind: 'put'
  path: string
  content: Buffer
  mode?: string
  owner?: string
  group?: string
  /**
   * A command with `%s` (copy/template `validate:`): the engine runs it against the new
   * content in a temporary file beside `path` and writes `path` only when it exits 0.
   */
  validate?: string
}

/** A file written on the CONTROLLER (fetch): parent directories created, written atomically. */
export interface LocalPutChange {
  kind: 'local-put'
  /** Absolute path on the controller. */
  path: string
  content: Buffer
  /** Octal string; default 0666 minus the controller's umask. */
  mode?: string
}

/** What a file would look like before and after, for --diff. null = absent. */
export interface FileDiff {
  path: string
  before: string | null
  after: string | null
  /** Set for secrets (keys, tokens): the diff prints this summary instead of the content. */
  redacted?: string
}

/** A module's answer: nothing to do (and why), or the exact changes and the diffs they imply. */
export type Plan =
  | { changed: false; noop: string; data?: Record<string, unknown>; display?: Display }
  | { changed: true; changes: Change[]; diffs: FileDiff[]; data?: Record<string, unknown>; display?: Display }

/** Read-only access to the target for planning: probes, never mutations. */
export interface Probe {
  exec(cmd: string, opts?: Omit<ExecOptions, 'become'>): Promise<ExecResult>
  fetch(path: string): Promise<Buffer | null>
}

/** Everything a module may use while planning; passed explicitly, no globals. */
export interface PlanContext {
  /** Inventory name of the host being planned. */
  host: string
  /** The target (or the delegate), for reads only. */
  probe: Probe
  /** The host's variables as the task sees them (facts included), already templated on access. */
  vars: Readonly<Record<string, unknown>>
  /** Position of the task, for error messages. */
  pos: SourcePos
  /** Resolves `src` on the controller: role files/ or templates/, then the playbook's, then as a path. */
  findFile(kind: 'files' | 'templates', name: string): string
  /** Renders a Jinja2 template source with the host's variables (template module, lookup). */
  renderTemplate(source: string, name: string): string
  /** True when the task is marked no_log: modules redact data they return. */
  noLog: boolean
  /**
   * Evaluates a bare Jinja2 expression in the task's scope (debug's `var: result.stdout_lines`).
   * Optional: without it, debug resolves plain dotted/indexed names from `vars`.
   */
  evaluate?(expr: string): unknown
}

/**
 * A module: a name, the JSON schema of its arguments (checked when the playbook loads), and
 * plan(), which reads state and returns a Plan. A module never mutates a host and never asks
 * whether it runs in check mode.
 */
export interface ModuleDef<A = Record<string, unknown>> {
  name: string
  /** Other names that resolve to this module (e.g. `ansible.builtin.copy`). */
  aliases?: string[]
  schema: Schema
  /**
   * Free-form modules (`shell: echo hi`, `command: ls creates=/x`): the argument that
   * receives the free text. key=value words that name schema properties are still parsed.
   */
  freeForm?: string
  /** Needs no connection to the host: it runs on the controller (debug, set_fact, meta...). */
  local?: boolean
  /** Arguments that hold secrets (a password hash): never shown, also not in ansible_failed_task. */
  secretArgs?: string[]
  plan(args: A, ctx: PlanContext): Promise<Plan>
}

/** A task failed for a reason the module knows (assert, fail, bad state): a result, not a crash. */
export class ModuleFailure extends Error {
  readonly data: Record<string, unknown>
  constructor(message: string, data: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ModuleFailure'
    this.data = data
  }
}

/** A registry entry erased to unknown args, as the engine sees it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = ModuleDef<any>
