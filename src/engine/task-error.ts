import { KrunError, errorMessage, formatPos } from '../core/errors.js'
import { taskLabel } from '../playbook/index.js'
import type { TaskNode } from '../playbook/types.js'

/**
 * A task's failure text: errors without a place of their own (undefined variable, template
 * error, bad argument after templating) get the task's `file:line:col` and name.
 */
export function taskErrorMessage(e: unknown, task: TaskNode): string {
  if (e instanceof KrunError && !e.pos) return `${formatPos(task.pos)}: ${errorMessage(e)} (in task '${taskLabel(task)}')`
  return errorMessage(e)
}
