import type { SourcePos } from '../core/errors.js'
import type { AnyModule } from '../modules/types.js'
import { coerceArgs, validateArgs } from '../playbook/index.js'

/**
 * Validates arguments after templating: load time could not know the type of `{{ x }}`.
 * Same rules and messages as load time (the playbook layer's validator), with Ansible's
 * coercions of rendered text ("8080" -> 8080, "yes" -> true). Returns the coerced args.
 */
export function validateRuntimeArgs(mod: AnyModule, args: Record<string, unknown>, pos: SourcePos): Record<string, unknown> {
  const coerced = coerceArgs(mod, args)
  validateArgs(mod, coerced, pos, { ignoreTemplated: false })
  return coerced
}
