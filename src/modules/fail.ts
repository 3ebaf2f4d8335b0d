import { toStr } from './lib/args.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** `fail`: fails the task with a message (use with `when`). */
export const fail: ModuleDef<{ msg?: unknown }> = {
  name: 'fail',
  aliases: ['ansible.builtin.fail', 'ansible.legacy.fail'],
  local: true,
  schema: { type: 'object', properties: { msg: {} }, additionalProperties: false },
  async plan(args) {
    const msg = args.msg === undefined ? 'Failed as requested from task' : typeof args.msg === 'string' ? args.msg : JSON.stringify(args.msg)
    throw new ModuleFailure(toStr(msg) ?? '')
  },
}
