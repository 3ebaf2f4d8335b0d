import { parseUnit, unitCommand } from '../facts/systemd.js'
import { BOOL, STR, toBool, toStr } from './lib/args.js'
import { planUnit, type UnitWish } from './lib/systemd-plan.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `systemd` (Ansible's names and aliases). */
export interface SystemdArgs {
  name?: string
  service?: string
  unit?: string
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded'
  enabled?: boolean | string
  masked?: boolean | string
  daemon_reload?: boolean | string
  'daemon-reload'?: boolean | string
  daemon_reexec?: boolean | string
  'daemon-reexec'?: boolean | string
  scope?: 'system'
  no_block?: boolean | string
  force?: boolean | string
}

const optBool = (v: unknown, name: string): boolean | undefined => (v === undefined || v === null ? undefined : toBool(v, name, false))

/** The arguments as the planner reads them (aliases resolved, booleans converted). */
export function unitWish(args: SystemdArgs): UnitWish {
  const name = toStr(args.name ?? args.service ?? args.unit)
  if (name !== undefined && /[*?[]/.test(name)) throw new ModuleFailure(`This module does not currently support using glob patterns, found '${name}'`)
  const enabled = optBool(args.enabled, 'enabled')
  const masked = optBool(args.masked, 'masked')
  return {
    ...(name !== undefined ? { name } : {}),
    ...(args.state !== undefined ? { state: args.state } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
    ...(masked !== undefined ? { masked } : {}),
    daemonReload: toBool(args.daemon_reload ?? args['daemon-reload'], 'daemon_reload', false),
    daemonReexec: toBool(args.daemon_reexec ?? args['daemon-reexec'], 'daemon_reexec', false),
    noBlock: toBool(args.no_block, 'no_block', false),
    force: toBool(args.force, 'force', false),
  }
}

// each alternative names its property: ajv's strict mode wants required keys defined beside them
const oneOf = (keys: string[], prop: object) => ({ anyOf: keys.map((k) => ({ properties: { [k]: prop }, required: [k] })) })
const NAME_REQUIRED = oneOf(['name', 'service', 'unit'], STR)

/**
 * `systemd` (alias `systemd_service`): a unit's run state, enablement and mask, and
 * daemon-reload/daemon-reexec. One probe reads the unit; restarted/reloaded always change.
 */
export const systemd: ModuleDef<SystemdArgs> = {
  name: 'systemd',
  aliases: ['systemd_service', 'ansible.builtin.systemd', 'ansible.builtin.systemd_service', 'ansible.legacy.systemd'],
  schema: {
    type: 'object',
    properties: {
      name: STR, service: STR, unit: STR,
      state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'] },
      enabled: BOOL, masked: BOOL,
      daemon_reload: BOOL, 'daemon-reload': BOOL, daemon_reexec: BOOL, 'daemon-reexec': BOOL,
      // user and global units need the user's manager (systemctl --user): not supported
      scope: { type: 'string', enum: ['system'] },
      no_block: BOOL, force: BOOL,
    },
    additionalProperties: false,
    ...oneOf(['state', 'enabled', 'masked', 'daemon_reload', 'daemon-reload', 'daemon_reexec', 'daemon-reexec'], {}),
    dependencies: { state: NAME_REQUIRED, enabled: NAME_REQUIRED, masked: NAME_REQUIRED },
  },
  async plan(args, ctx) {
    const wish = unitWish(args)
    const r = await ctx.probe.exec(unitCommand(wish.name))
    const facts = parseUnit(r.stdout)
    if (facts.booted && facts.showRc !== undefined && r.stderr.trim()) throw new ModuleFailure(`systemctl show ${wish.name ?? ''} failed: ${r.stderr.trim()}`)
    return planUnit(wish, facts)
  },
}
