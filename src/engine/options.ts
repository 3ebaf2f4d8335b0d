import type { Connection } from '../connection/types.js'
import type { Inventory } from '../inventory/types.js'
import type { AnyModule } from '../modules/types.js'
import type { Playbook, Vars } from '../playbook/types.js'
import type { Scope, Templar } from '../template/types.js'
import type { Reporter } from '../ui/types.js'

/** Opens a connection to a host from its variables (ansible_host, ansible_connection...). Must not connect yet. */
export type ConnectFn = (host: string, vars: Scope) => Connection

/** Everything one run needs; the CLI builds it, tests build it directly. */
export interface RunOptions {
  playbook: Playbook
  inventory: Inventory
  templar: Templar
  reporter: Reporter
  modules: Record<string, AnyModule>
  connect: ConnectFn
  check: boolean
  diff: boolean
  tags: string[]
  skipTags: string[]
  /** --limit pattern, applied on top of each play's hosts. */
  limit?: string
  /** Concurrent hosts per task; default all hosts of the batch. */
  forks?: number
  extraVars: Vars
  startAtTask?: string
  forceHandlers: boolean
  verbosity: number
  /** Become defaults from the CLI (--become, --become-user). */
  become?: boolean
  becomeUser?: string
  becomePassword?: string
}
