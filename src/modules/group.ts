import { shJoin } from '../connection/quote.js'
import { parseGroups } from '../facts/accounts.js'
import { BOOL, INT, STR, toBool, toInt } from './lib/args.js'
import { ACCOUNT_NAME } from './lib/user-plan.js'
import { ModuleFailure, type ModuleDef, type Plan } from './types.js'

/** Arguments of `group`. */
export interface GroupArgs {
  name: string
  gid?: number | string
  system?: boolean | string
  non_unique?: boolean | string
  state?: 'present' | 'absent'
}

const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join('')

/** The plan of a group task from `getent group NAME` output. */
export function groupPlan(args: GroupArgs, out: string): Plan {
  const name = args.name
  const gid = args.gid === undefined ? undefined : toInt(args.gid, 'gid', 0)
  const cur = parseGroups(out).find((g) => g.name === name)
  const diff = (before: string[], after: string[]): Array<{ path: string; before: string; after: string }> => [{ path: `group:${name}`, before: text(before), after: text(after) }]
  if (args.state === 'absent') {
    if (!cur) return { changed: false, noop: `group ${name} is absent`, data: { name, state: 'absent' } }
    return { changed: true, changes: [{ kind: 'exec', cmd: shJoin(['groupdel', name]), reason: `remove group ${name}` }], diffs: diff(['state: present', `gid: ${cur.gid}`], ['state: absent']), data: { name, state: 'absent' } }
  }
  const unique = toBool(args.non_unique, 'non_unique', false) ? ['-o'] : []
  if (!cur) {
    const words = ['groupadd', ...(gid !== undefined ? ['-g', String(gid), ...unique] : []), ...(toBool(args.system, 'system', false) ? ['-r'] : []), name]
    return {
      changed: true,
      changes: [{ kind: 'exec', cmd: shJoin(words), reason: `create group ${name}` }],
      diffs: diff(['state: absent'], ['state: present', ...(gid !== undefined ? [`gid: ${gid}`] : [])]),
      data: { name, state: 'present', ...(gid !== undefined ? { gid } : {}) },
    }
  }
  // system only matters at creation, as in Ansible
  if (gid === undefined || gid === cur.gid) return { changed: false, noop: `group ${name} (gid ${cur.gid}) is present`, data: { name, state: 'present', gid: cur.gid } }
  return {
    changed: true,
    changes: [{ kind: 'exec', cmd: shJoin(['groupmod', '-g', String(gid), ...unique, name]), reason: `gid of group ${name}: ${cur.gid} -> ${gid}` }],
    diffs: diff([`gid: ${cur.gid}`], [`gid: ${gid}`]),
    data: { name, state: 'present', gid },
  }
}

/** `group`: a local group present (with its gid) or absent. */
export const group: ModuleDef<GroupArgs> = {
  name: 'group',
  aliases: ['ansible.builtin.group', 'ansible.legacy.group'],
  schema: {
    type: 'object',
    properties: { name: STR, gid: INT, system: BOOL, non_unique: BOOL, state: { type: 'string', enum: ['present', 'absent'] } },
    required: ['name'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    if (!ACCOUNT_NAME.test(args.name)) throw new ModuleFailure(`group: invalid group name '${args.name}'`)
    const r = await ctx.probe.exec(`getent group ${shJoin([args.name])}`)
    return groupPlan(args, r.stdout)
  },
}
