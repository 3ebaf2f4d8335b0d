import { BOOL, ID, INT, STR, toBool, toInt, toStr } from './lib/args.js'
import { namedProbe } from './lib/named-probe.js'
import { ACCOUNT_NAME, userParts, userPlan, type UserJob } from './lib/user-plan.js'
import { ModuleFailure, type ModuleDef } from './types.js'

/** Arguments of `user` (Ansible's names and aliases). */
export interface UserArgs {
  name?: string
  user?: string
  state?: 'present' | 'absent'
  uid?: number | string
  group?: string | number
  groups?: string | Array<string | number>
  append?: boolean | string
  shell?: string
  home?: string
  create_home?: boolean | string
  createhome?: boolean | string
  move_home?: boolean | string
  system?: boolean | string
  comment?: string
  password?: string
  update_password?: 'always' | 'on_create'
  remove?: boolean | string
  force?: boolean | string
}

function accountName(v: string, what: string): string {
  if (!ACCOUNT_NAME.test(v)) throw new ModuleFailure(`user: invalid ${what} '${v}'`)
  return v
}

/** Reads user's arguments into a job. */
export function userJob(args: UserArgs): UserJob {
  const groups = args.groups === undefined ? undefined : (Array.isArray(args.groups) ? args.groups.map(String) : String(args.groups).split(',')).map((g) => g.trim()).filter(Boolean)
  const password = toStr(args.password)
  // chpasswd reads name:hash lines: a colon or newline would smuggle in another account
  if (password !== undefined && /[:\n]/.test(password)) throw new ModuleFailure('user: password must be a crypt hash (no colon or newline)')
  const uid = args.uid === undefined ? undefined : toInt(args.uid, 'uid', 0)
  const group = toStr(args.group)
  return {
    name: accountName(args.name ?? args.user ?? '', 'user name'),
    state: args.state ?? 'present',
    ...(uid !== undefined ? { uid } : {}),
    ...(group !== undefined ? { group: accountName(group, 'group') } : {}),
    ...(groups ? { groups: groups.map((g) => accountName(g, 'group')) } : {}),
    append: toBool(args.append, 'append', false),
    ...(args.shell !== undefined ? { shell: args.shell } : {}),
    ...(args.home !== undefined ? { home: args.home } : {}),
    createHome: toBool(args.create_home ?? args.createhome, 'create_home', true),
    moveHome: toBool(args.move_home, 'move_home', false),
    system: toBool(args.system, 'system', false),
    ...(args.comment !== undefined ? { comment: args.comment } : {}),
    ...(password !== undefined ? { password } : {}),
    updatePassword: args.update_password ?? 'always',
    remove: toBool(args.remove, 'remove', false),
    force: toBool(args.force, 'force', false),
  }
}

/**
 * `user`: a local account present (created or modified to the given attributes) or absent.
 * `password` is a crypt hash; it is compared with the shadow entry and never shown.
 */
export const user: ModuleDef<UserArgs> = {
  name: 'user',
  aliases: ['ansible.builtin.user', 'ansible.legacy.user'],
  secretArgs: ['password'],
  schema: {
    type: 'object',
    properties: {
      name: STR, user: STR, state: { type: 'string', enum: ['present', 'absent'] },
      uid: INT, group: ID, groups: { type: ['string', 'array'], items: { type: ['string', 'integer'] } }, append: BOOL,
      shell: STR, home: STR, create_home: BOOL, createhome: BOOL, move_home: BOOL, system: BOOL, comment: STR,
      password: STR, update_password: { type: 'string', enum: ['always', 'on_create'] },
      remove: BOOL, force: BOOL,
    },
    anyOf: ['name', 'user'].map((k) => ({ properties: { [k]: STR }, required: [k] })),
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const job = userJob(args)
    const probe = namedProbe(userParts(job))
    const r = await ctx.probe.exec(probe.cmd)
    return userPlan(job, probe.read(r.stdout))
  },
}
