import { assert } from './assert.js'
import { command } from './command.js'
import { copy } from './copy.js'
import { debug } from './debug.js'
import { fail } from './fail.js'
import { file } from './file.js'
import { meta } from './meta.js'
import { set_fact } from './set-fact.js'
import { shell } from './shell.js'
import { stat } from './stat.js'
import { template } from './template.js'
import { PACKAGE_MODULES } from './group-packages.js'
import { SYSTEM_MODULES } from './group-system.js'
import { TEXT_MODULES } from './group-text.js'
import { TRANSFER_MODULES } from './group-transfer.js'
import { PKI_MODULES } from './group-pki.js'
import type { AnyModule } from './types.js'

/** Every module krun ships, by its short name. A literal map: no directory scanning. */
export const MODULES = {
  command, shell, debug, set_fact, assert, fail, meta, file, copy, template, stat,
  ...TEXT_MODULES, ...SYSTEM_MODULES, ...PACKAGE_MODULES, ...TRANSFER_MODULES, ...PKI_MODULES,
} as const

/** A registered module's short name. */
export type ModuleName = keyof typeof MODULES

const BY_NAME: ReadonlyMap<string, AnyModule> = new Map(
  Object.values(MODULES as Record<string, AnyModule>).flatMap((m) => [[m.name, m] as const, ...(m.aliases ?? []).map((a) => [a, m] as const)]),
)

/**
 * The module a task's action names: the short name, an alias, or a fully qualified
 * `ansible.builtin.X` / `ansible.legacy.X` name. undefined when krun has no such module.
 */
export function resolveModule(name: string): AnyModule | undefined {
  const direct = BY_NAME.get(name)
  if (direct) return direct
  const m = /^ansible\.(?:builtin|legacy)\.(\w+)$/.exec(name)
  return m ? BY_NAME.get(m[1] ?? '') : undefined
}

/** All names resolveModule accepts (for "did you mean" suggestions). */
export function moduleNames(): string[] {
  return [...BY_NAME.keys()]
}
