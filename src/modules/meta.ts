import { toStr } from './lib/args.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** The meta actions krun knows; the engine carries them out. */
export const META_ACTIONS = [
  'flush_handlers', 'end_play', 'end_host', 'end_batch', 'end_role', 'noop',
  'clear_facts', 'clear_host_errors', 'refresh_inventory', 'reset_connection',
] as const
export type MetaAction = (typeof META_ACTIONS)[number]

/**
 * `meta: flush_handlers`: returns `data.meta` with the action; the engine acts on it
 * (run handlers now, end the play or host, drop facts...). Nothing is planned on a host.
 */
export const meta: ModuleDef<{ _raw_params?: string; action?: string }> = {
  name: 'meta',
  aliases: ['ansible.builtin.meta', 'ansible.legacy.meta'],
  local: true,
  freeForm: '_raw_params',
  schema: {
    type: 'object',
    properties: { _raw_params: { type: 'string', enum: [...META_ACTIONS] }, action: { type: 'string', enum: [...META_ACTIONS] } },
    additionalProperties: false,
  },
  async plan(args) {
    const action = toStr(args._raw_params ?? args.action)?.trim()
    if (!action || !(META_ACTIONS as readonly string[]).includes(action)) {
      throw new ModuleFailure(`meta: invalid meta action '${action ?? ''}' (expected one of ${META_ACTIONS.join(', ')})`)
    }
    return { changed: false, noop: `meta: ${action}`, data: { meta: action } }
  },
}
