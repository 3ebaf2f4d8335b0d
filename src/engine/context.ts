import type { TaskInfo } from '../core/results.js'
import type { Become, Connection } from '../connection/types.js'
import type { HostResult, HostStats } from '../core/results.js'
import type { NodeCommon, Play, RoleRef, TaskNode, Vars } from '../playbook/types.js'
import type { Scope } from '../template/types.js'
import type { HostState } from './host-state.js'
import type { RunOptions } from './options.js'
import type { ScopeEnv, TaskPlace } from './scope.js'

/** The keywords that flow from play to block to task; the nearest one wins. */
export const INHERITED_KEYWORDS = ['become', 'become_user', 'environment', 'ignore_errors', 'no_log', 'check_mode', 'diff', 'delegate_to', 'run_once', 'any_errors_fatal'] as const

/** What a task inherits from its enclosing play, role, blocks and includes. */
export type Inherited = Pick<NodeCommon, (typeof INHERITED_KEYWORDS)[number]> & {
  blockVars: Vars[]
  role?: RoleRef
  /** Tags added by include `apply:` (dynamic includes). */
  applyTags: string[]
  /** Inside a block whose rescue will catch a failure. */
  rescuable?: boolean
}

/** Shared state of one run, passed explicitly to every engine function. */
export interface Engine {
  opts: RunOptions
  env: ScopeEnv
  states: Map<string, HostState>
  stats: Map<string, HostStats>
  /** One connection per host for the whole run, created on first use. */
  conn(host: string): Connection
  report(r: HostResult): void
  /** Handlers of roles included at run time under a name only known then, per play. */
  roleHandlers: Map<Play, TaskNode[]>
  /** --start-at-task: true until the named task is reached. */
  skipping: { until?: string }
}

/** The place a task runs in, for scope building. */
export interface RunPlace {
  place: Omit<TaskPlace, 'taskVars' | 'extra'>
  inh: Inherited
}

/** A resolved task-level setting shared by all calls on a host. */
export interface CallSettings {
  task: TaskNode
  host: string
  become?: Become
  env?: Record<string, string>
  noLog: boolean
  check: boolean
  diff: boolean
  ignoreErrors: boolean
  delegateTo?: string
  /** The task as reporters show it (templated name), for retry lines. */
  info?: TaskInfo
}

export type ScopeFor = (extra?: Vars) => Scope

/** How many hosts run a task at once: --forks, narrowed by the task's `throttle` (e.g. 1 for rolling restarts). */
export function concurrency(en: Engine, task: TaskNode, hosts: number): number {
  const throttle = Number(task.throttle ?? 0)
  const forks = en.opts.forks ?? hosts
  return Math.max(1, throttle > 0 ? Math.min(throttle, forks) : forks)
}
