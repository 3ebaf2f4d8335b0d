import type { SourcePos } from '../core/errors.js'

/** A variables mapping as written by the user; values may hold `{{ }}` templates. */
export type Vars = Record<string, unknown>

/** The role a task came from: where its files/templates live and its variable layers. */
export interface RoleRef {
  name: string
  /** Absolute path of roles/<name>. */
  path: string
  defaults: Vars
  vars: Vars
  /** Role parameters (`roles: [{role: x, foo: 1}]`), at the precedence of role vars. */
  params: Vars
}

/** Keywords shared by tasks, blocks and includes. Conditions are raw Jinja2 expressions. */
export interface NodeCommon {
  pos: SourcePos
  name?: string
  /** All must hold (Ansible ANDs a list). Inherited conditions are included. */
  when: string[]
  /** Effective tags: the node's own plus everything inherited (play, role, block, static import). */
  tags: string[]
  vars: Vars
  become?: boolean | string
  become_user?: string
  environment?: Vars | string
  ignore_errors?: boolean | string
  no_log?: boolean | string
  check_mode?: boolean | string
  diff?: boolean | string
  run_once?: boolean | string
  delegate_to?: string
  any_errors_fatal?: boolean
  role?: RoleRef
}

export interface LoopControl {
  loop_var?: string
  index_var?: string
  label?: string
  pause?: number
  extended?: boolean
}

/** One module call. */
export interface TaskNode extends NodeCommon {
  kind: 'task'
  /** Unique id within the loaded playbook (stable order), used by --start-at-task and reporters. */
  id: number
  /** Canonical module name (aliases resolved). */
  action: string
  args: Vars
  /** `loop`, or the list a `with_*` form expands to (with_items flattens one level; with_dict gives key/value). */
  loop?: unknown
  loopKind?: 'loop' | 'with_items' | 'with_dict' | 'with_list' | 'with_indexed_items' | 'with_sequence' | 'with_fileglob' | 'with_together' | 'with_nested'
  loop_control?: LoopControl
  register?: string
  notify: string[]
  changed_when?: string[]
  failed_when?: string[]
  until?: string[]
  retries?: number | string
  delay?: number | string
  /** Handlers only: topics this handler also answers to. */
  listen: string[]
  /** Most hosts running this task at once (`throttle:`); a number or a template. */
  throttle?: number | string
}

/** block/rescue/always. */
export interface BlockNode extends NodeCommon {
  kind: 'block'
  block: Node[]
  rescue: Node[]
  always: Node[]
  /** Set when this block stands for a static `import_tasks` / `import_role`: the file or role path. */
  importedFrom?: string
}

/** include_tasks / include_role: resolved when the engine reaches it (per host, templated). */
export interface IncludeNode extends NodeCommon {
  kind: 'include'
  id: number
  what: 'tasks' | 'role'
  /** include_tasks: file (may be templated); include_role: role name. */
  target: string
  /** Directory the include is relative to. */
  baseDir: string
  /** include_role: tasks_from, vars_from, defaults_from, handlers_from. */
  options: Vars
  loop?: unknown
  loop_control?: LoopControl
  /** Tags to apply to included tasks (`apply: {tags: [...]}`). */
  applyTags: string[]
  /**
   * Tags the include inherits from its containers (play, role, block, static import), without
   * its own: included tasks get these plus `applyTags`, never the include's own tags.
   */
  inheritedTags?: string[]
}

export type Node = TaskNode | BlockNode | IncludeNode

export interface Play {
  pos: SourcePos
  name: string
  /** Host pattern, as written (may be templated). */
  hosts: string
  vars: Vars
  /** vars_files loaded at playbook load time, in order (later wins). */
  varsFiles: Vars[]
  /**
   * vars_files whose names need host variables (`vars/{{ ansible_os_family }}.yml`): the engine
   * loads them per host and puts the result at `varsFiles[index]` (an empty placeholder until then).
   * Several `paths` (a list in vars_files) mean the first one that exists.
   */
  varsFilesDeferred?: Array<{ index: number; paths: string[]; baseDir: string; pos: SourcePos }>
  pre_tasks: Node[]
  /** Roles, each expanded into one block carrying its RoleRef. */
  roles: Node[]
  tasks: Node[]
  post_tasks: Node[]
  /** Play handlers then role handlers, in definition order. */
  handlers: TaskNode[]
  tags: string[]
  become?: boolean | string
  become_user?: string
  /** Batch sizes: numbers or percentages ('30%'); empty = all hosts in one batch. */
  serial: Array<number | string>
  gather_facts: boolean
  any_errors_fatal: boolean
  max_fail_percentage?: number
  strategy: 'linear' | 'free'
  force_handlers?: boolean
  environment?: Vars | string
  no_log?: boolean | string
  check_mode?: boolean | string
  /** Directory of the playbook file this play came from (playbook_dir). */
  dir: string
}

export interface Playbook {
  /** Absolute path of the top-level playbook. */
  file: string
  plays: Play[]
}
