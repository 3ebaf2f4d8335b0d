import { KrunError } from '../core/errors.js'
import type { LoadCtx } from './context.js'
import { didYouMean } from './suggest.js'
import type { Play } from './types.js'
import { isTemplated } from './validate-args.js'
import { walkTasks } from './walk.js'

/**
 * Every handler name a notify may use in a play: names, `role : name` forms, listen topics.
 */
export function handlerNames(play: Play): Set<string> {
  const names = new Set<string>()
  for (const h of play.handlers) {
    if (h.name !== undefined) {
      names.add(h.name)
      if (h.role) names.add(`${h.role.name} : ${h.name}`)
    }
    h.listen.forEach((l) => names.add(l))
  }
  return names
}

/**
 * A notify naming no handler of its play is E_UNKNOWN_HANDLER at the notify. Templated names,
 * and plays that include a role by a templated name, are left to run time.
 */
export function checkNotify(play: Play, ctx: LoadCtx): void {
  const names = handlerNames(play)
  const walked = [...walkTasks({ file: '', plays: [play] })]
  // a role included under a templated name brings handlers known only at run time
  if (walked.some(({ task }) => task.kind === 'include' && task.what === 'role' && isTemplated(task.target))) return
  for (const { task } of walked) {
    if (task.kind !== 'task') continue
    for (const n of task.notify) {
      if (names.has(n) || isTemplated(n)) continue
      throw new KrunError('E_UNKNOWN_HANDLER', `notify: no handler named '${n}'${didYouMean(n, names)}`, ctx.notifyPos.get(task) ?? task.pos)
    }
  }
}
