import { selectTags, type TagSelection } from './tags.js'
import type { IncludeNode, Node, Play, Playbook, TaskNode } from './types.js'

/** The sections of a play that run tasks, in the order they run (handlers excluded). */
export type Section = 'pre_tasks' | 'roles' | 'tasks' | 'post_tasks'
const SECTIONS: Section[] = ['pre_tasks', 'roles', 'tasks', 'post_tasks']

/** One task or include met while walking a playbook. */
export interface WalkedTask {
  play: Play
  section: Section | 'handlers'
  task: TaskNode | IncludeNode
}

/** Every task and include of a node list, depth first: block, then rescue, then always. */
export function* tasksOf(nodes: Node[]): Generator<TaskNode | IncludeNode> {
  for (const n of nodes) {
    if (n.kind === 'block') {
      yield* tasksOf(n.block)
      yield* tasksOf(n.rescue)
      yield* tasksOf(n.always)
    } else yield n
  }
}

/** Every task and include of a playbook with its play, in run order; each play's handlers last. */
export function* walkTasks(playbook: Playbook): Generator<WalkedTask> {
  for (const play of playbook.plays) {
    for (const section of SECTIONS) {
      for (const task of tasksOf(play[section])) yield { play, section, task }
    }
    for (const task of play.handlers) yield { play, section: 'handlers', task }
  }
}

/** Numbers every task and include 1, 2, ... in run order (handlers after each play's tasks). */
export function numberTasks(playbook: Playbook): void {
  let id = 0
  for (const { task } of walkTasks(playbook)) task.id = ++id
}

/** How ansible-playbook names a task: its name (or module), prefixed `role : ` inside a role. */
export function taskLabel(node: TaskNode | IncludeNode): string {
  const own = node.name ?? (node.kind === 'task' ? node.action : `include_${node.what}`)
  return node.role ? `${node.role.name} : ${own}` : own
}

/**
 * The tasks of a play that the tag selection would run, as `--list-tasks` prints them.
 * Includes are listed by their own tags (what they load is known only at run time).
 */
export function listTasks(play: Play, sel: TagSelection): string[] {
  const out: string[] = []
  for (const section of SECTIONS) {
    for (const t of tasksOf(play[section])) if (selectTags(t.tags, sel)) out.push(taskLabel(t))
  }
  return out
}
