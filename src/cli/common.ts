import { dirname, resolve } from 'node:path'
import type { ConnectFn, RunOptions } from '../engine/options.js'
import { loadInventory } from '../inventory/index.js'
import type { Inventory } from '../inventory/types.js'
import type { Playbook, Vars } from '../playbook/types.js'
import { MODULES } from '../modules/index.js'
import { createTemplar } from '../template/index.js'
import { createAdhocReporter, createReporter } from '../ui/index.js'
import { intOpt, listOpt } from './args.js'
import type { Config } from './config.js'
import { makeConnect, type ConnectOptions } from './connect.js'
import { parseExtraVars } from './extra-vars.js'
import { promptSecret } from './prompt.js'

/** The inventory named by -i, else by the config, else the implicit localhost. */
export function inventoryFrom(values: Record<string, unknown>, cfg: Config, extraDirs: string[] = []): Inventory {
  const given = (values.inventory as string[] | undefined) ?? (cfg.inventory ? [cfg.inventory] : [])
  return loadInventory(
    given.map((s) => (s.includes(',') && !s.includes('/') ? s : resolve(s))),
    { extraVarsDirs: extraDirs },
  )
}

/** Builds RunOptions from parsed flags: what `krun PLAYBOOK` and `krun adhoc` share. */
export async function runOptionsFrom(
  values: Record<string, unknown>,
  cfg: Config,
  playbook: Playbook,
  inventory: Inventory,
  extraVars: Vars,
  adhoc = false,
): Promise<RunOptions> {
  const verbosity = ((values.verbose as boolean[] | undefined) ?? []).length
  const diff = !!values.diff
  const kind = values.json ? 'json' : values.plain ? 'plain' : 'auto'
  const ro = { diff, verbosity, color: !!process.stdout.isTTY && !process.env.NO_COLOR, out: process.stdout }
  const reporter = adhoc && kind !== 'json' ? createAdhocReporter(ro) : createReporter(kind, ro)
  const becomePassword = values['ask-become-pass'] ? await promptSecret('BECOME password: ') : undefined
  const password = values['ask-pass'] ? await promptSecret('SSH password: ') : undefined
  const co: ConnectOptions = {
    user: (values.user as string | undefined) ?? cfg.remoteUser,
    privateKey: (values['private-key'] as string | undefined) ?? (values['key-file'] as string | undefined) ?? cfg.privateKeyFile,
    password,
    timeoutMs: (intOpt(values.timeout, 'timeout') ?? cfg.timeout ?? 10) * 1000,
    acceptNewHostKeys: !!values['accept-new-host-keys'],
    hostKeyChecking: cfg.hostKeyChecking,
  }
  const connect: ConnectFn = makeConnect(co)
  return {
    playbook,
    inventory,
    templar: createTemplar({ searchPaths: [dirname(playbook.file)] }),
    reporter,
    modules: MODULES,
    connect,
    check: !!values.check,
    diff,
    tags: listOpt(values.tags),
    skipTags: listOpt(values['skip-tags']),
    limit: values.limit as string | undefined,
    forks: intOpt(values.forks, 'forks') ?? cfg.forks,
    extraVars,
    startAtTask: values['start-at-task'] as string | undefined,
    forceHandlers: !!values['force-handlers'],
    verbosity,
    become: values.become ? true : undefined,
    becomeUser: values['become-user'] as string | undefined,
    becomePassword,
  }
}

export function extraVarsFrom(values: Record<string, unknown>): Vars {
  return parseExtraVars((values['extra-vars'] as string[] | undefined) ?? [])
}
