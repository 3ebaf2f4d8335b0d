import { KrunError, type SourcePos } from '../core/errors.js'
import type { TaskNode } from './types.js'

/** Keywords every task, block and include accepts (NodeCommon). */
export const COMMON_KEYWORDS = [
  'name', 'when', 'tags', 'vars', 'become', 'become_user', 'environment', 'ignore_errors',
  'no_log', 'check_mode', 'diff', 'run_once', 'delegate_to', 'any_errors_fatal',
] as const

/** `with_<lookup>` forms krun expands (TaskNode.loopKind). */
export const WITH_KEYWORDS = [
  'with_items', 'with_list', 'with_dict', 'with_indexed_items', 'with_sequence', 'with_fileglob',
  'with_together', 'with_nested',
] as const satisfies ReadonlyArray<NonNullable<TaskNode['loopKind']>>

/** Keywords a module task accepts, beside its one module key. */
export const TASK_KEYWORDS: readonly string[] = [
  ...COMMON_KEYWORDS, ...WITH_KEYWORDS, 'action', 'local_action', 'args', 'loop', 'loop_control',
  'register', 'notify', 'changed_when', 'failed_when', 'until', 'retries', 'delay', 'listen', 'throttle',
]

/** Keywords of include_tasks / include_role / import_tasks / import_role entries. */
export const INCLUDE_KEYWORDS: readonly string[] = [...COMMON_KEYWORDS, ...WITH_KEYWORDS, 'loop', 'loop_control', 'args']

/** Keywords of a block entry. */
export const BLOCK_KEYWORDS: readonly string[] = [...COMMON_KEYWORDS, 'block', 'rescue', 'always']

/** Play keywords. */
export const PLAY_KEYWORDS: readonly string[] = [
  'hosts', 'name', 'vars', 'vars_files', 'roles', 'pre_tasks', 'tasks', 'post_tasks', 'handlers', 'tags',
  'become', 'become_user', 'serial', 'gather_facts', 'any_errors_fatal', 'max_fail_percentage', 'strategy',
  'force_handlers', 'environment', 'no_log', 'check_mode',
]

/** Keywords of a `roles:` entry; every other key is a role parameter. */
export const ROLE_ENTRY_KEYWORDS: readonly string[] = [...COMMON_KEYWORDS, 'role']

/** Options of import_role / include_role (`name` and which of the role's files to use). */
export const ROLE_OPTIONS: readonly string[] = [
  'name', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'allow_duplicates', 'public', 'rolespec_validate',
]

/** Ansible keywords krun knows but does not implement: refused with a clear message, never ignored. */
export const UNSUPPORTED_KEYWORDS: readonly string[] = [
  'async', 'poll', 'connection', 'remote_user', 'port', 'debugger', 'collections', 'module_defaults',
  'timeout', 'become_method', 'become_flags', 'become_exe', 'delegate_facts', 'ignore_unreachable',
  'vars_prompt', 'order', 'fact_path', 'gather_subset', 'gather_timeout', 'include',
]

/** Throws E_UNSUPPORTED_KEYWORD when `key` is an Ansible keyword krun does not implement. */
export function refuseUnsupported(key: string, pos: SourcePos): void {
  if (!UNSUPPORTED_KEYWORDS.includes(key)) return
  const hint = key === 'include' ? 'use import_tasks (static) or include_tasks (dynamic)' : undefined
  throw new KrunError('E_UNSUPPORTED_KEYWORD', `keyword '${key}' is not supported by krun`, pos, hint)
}

/** Strips the `ansible.builtin.` / `ansible.legacy.` prefix of a fully qualified builtin name. */
export function shortName(key: string): string {
  return key.replace(/^ansible\.(builtin|legacy)\./, '')
}
