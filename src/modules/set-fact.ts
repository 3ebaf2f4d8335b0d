import { ModuleFailure, type ModuleDef } from './types.js'

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * `set_fact`: sets host variables. Returns `data.ansible_facts`; the engine stores them in the
 * host's facts layer. `cacheable` is accepted and ignored (krun keeps no fact cache).
 */
export const set_fact: ModuleDef<Record<string, unknown>> = {
  name: 'set_fact',
  aliases: ['ansible.builtin.set_fact', 'ansible.legacy.set_fact'],
  local: true,
  schema: { type: 'object', additionalProperties: true },
  async plan(args) {
    const facts: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(args)) {
      if (k === 'cacheable') continue
      if (!NAME.test(k)) throw new ModuleFailure(`The variable name '${k}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`)
      facts[k] = v
    }
    if (Object.keys(facts).length === 0) {
      throw new ModuleFailure('No key/value pairs provided, at least one is required for this action to succeed')
    }
    return { changed: false, noop: '', data: { ansible_facts: facts } }
  },
}
