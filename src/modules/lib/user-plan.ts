/**
 * The user plan: one probe (passwd entry, primary and supplementary groups, the groups the task
 * names, the shadow entry when a password is given) and the useradd/usermod/userdel it implies.
 * A password hash is a secret: it goes to chpasswd on stdin, never into a command line, a diff,
 * a message or returned data.
 */
import { shJoin } from '../../connection/quote.js'
import { parseGroups, parseIdGroups, parsePasswd, parseShadow, type GroupEntry } from '../../facts/accounts.js'
import { ModuleFailure, type Change, type FileDiff, type Plan } from '../types.js'
import type { ProbePart } from './named-probe.js'

/** What a user task asks for, arguments already read. */
export interface UserJob {
  name: string
  state: 'present' | 'absent'
  uid?: number
  group?: string
  groups?: string[]
  append: boolean
  shell?: string
  home?: string
  createHome: boolean
  moveHome: boolean
  system: boolean
  comment?: string
  password?: string
  updatePassword: 'always' | 'on_create'
  remove: boolean
  force: boolean
}

/** Account and group names krun passes to the shadow tools. */
export const ACCOUNT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/

/** The parts of a user task's one probe. */
export function userParts(job: UserJob): ProbePart[] {
  const n = shJoin([job.name])
  // without a group, the user's own name: useradd must not try to create a group that exists
  const named = [job.group ?? job.name, ...(job.groups ?? [])]
  return [
    ['passwd', `getent passwd ${n}`],
    ['pgroup', `id -gn ${n} 2>/dev/null`],
    ['groups', `id -Gn ${n} 2>/dev/null`],
    ['wanted', `getent group ${shJoin(named)}`],
    ...(job.password !== undefined ? [['shadow', `getent shadow ${n} 2>/dev/null`] as const] : []),
  ]
}

const HIDDEN = '(hidden)'

/** The plan of a user task from its probe's output. */
export function userPlan(job: UserJob, s: Map<string, string>): Plan {
  const cur = parsePasswd(s.get('passwd') ?? '')
  const data = { name: job.name, state: job.state, ...(job.password !== undefined ? { password: 'NOT_LOGGING_PASSWORD' } : {}) }
  const diffOf = (before: string[], after: string[]): FileDiff[] =>
    [{ path: `user:${job.name}`, before: before.map((l) => `${l}\n`).join(''), after: after.map((l) => `${l}\n`).join('') }]
  if (job.state === 'absent') {
    if (!cur) return { changed: false, noop: `user ${job.name} is absent`, data }
    const words = ['userdel', ...(job.remove ? ['-r'] : []), ...(job.force ? ['-f'] : []), job.name]
    return { changed: true, changes: [{ kind: 'exec', cmd: shJoin(words), reason: `remove user ${job.name}${job.remove ? ' and its home' : ''}` }], diffs: diffOf(['state: present'], ['state: absent']), data }
  }
  const wanted = parseGroups(s.get('wanted') ?? '')
  const resolve = (g: string): GroupEntry => {
    const e = wanted.find((w) => w.name === g || String(w.gid) === g)
    if (!e) throw new ModuleFailure(`Group ${g} does not exist`)
    return e
  }
  const group = job.group !== undefined ? resolve(job.group) : undefined
  const groups = job.groups?.map((g) => resolve(g).name)
  const setPassword: Change[] = job.password !== undefined ? [{ kind: 'exec', cmd: 'chpasswd -e', stdin: `${job.name}:${job.password}\n`, reason: `set the password of ${job.name}` }] : []

  if (!cur) {
    const words = [
      'useradd',
      ...(job.uid !== undefined ? ['-u', String(job.uid)] : []),
      // as Ansible: a group named like the user exists, so no user group (-N)
      ...(group ? ['-g', group.name] : wanted.some((w) => w.name === job.name) ? ['-N'] : []),
      ...(groups?.length ? ['-G', groups.join(',')] : []),
      ...(job.shell !== undefined ? ['-s', job.shell] : []),
      ...(job.home !== undefined ? ['-d', job.home] : []),
      ...(job.comment !== undefined ? ['-c', job.comment] : []),
      ...(job.system ? ['-r'] : []),
      job.createHome ? '-m' : '-M',
      job.name,
    ]
    const after = [
      'state: present',
      ...(job.uid !== undefined ? [`uid: ${job.uid}`] : []),
      ...(group ? [`group: ${group.name}`] : []),
      ...(groups?.length ? [`groups: ${groups.join(',')}`] : []),
      ...(job.shell !== undefined ? [`shell: ${job.shell}`] : []),
      ...(job.home !== undefined ? [`home: ${job.home}`] : []),
      ...(job.comment !== undefined ? [`comment: ${job.comment}`] : []),
      ...(job.password !== undefined ? [`password: ${HIDDEN}`] : []),
    ]
    return { changed: true, changes: [{ kind: 'exec', cmd: shJoin(words), reason: `create user ${job.name}` }, ...setPassword], diffs: diffOf(['state: absent'], after), data }
  }

  const primary = (s.get('pgroup') ?? '').trim() || String(cur.gid)
  const supp = parseIdGroups(s.get('groups') ?? '').filter((g) => g !== primary)
  const deltas: Array<{ key: string; before: string; after: string; flags: string[] }> = []
  const delta = (key: string, before: string, after: string, flags: string[]): void => {
    if (before !== after) deltas.push({ key, before, after, flags })
  }
  if (job.uid !== undefined) delta('uid', String(cur.uid), String(job.uid), ['-u', String(job.uid)])
  if (group && group.gid !== cur.gid) delta('group', primary, group.name, ['-g', group.name])
  if (groups) {
    // the primary group is a membership already: id -Gn lists it once, as the primary
    const primaryAfter = group?.name ?? primary
    const listed = groups.filter((g) => g !== primaryAfter)
    const missing = listed.filter((g) => !supp.includes(g))
    if (job.append && missing.length) delta('groups', supp.join(','), [...supp, ...missing].join(','), ['-a', '-G', groups.join(',')])
    const same = supp.length === listed.length && missing.length === 0
    if (!job.append && !same) delta('groups', supp.join(','), groups.join(','), ['-G', groups.join(',')])
  }
  if (job.shell !== undefined) delta('shell', cur.shell, job.shell, ['-s', job.shell])
  if (job.home !== undefined) delta('home', cur.home, job.home, ['-d', job.home, ...(job.moveHome ? ['-m'] : [])])
  if (job.comment !== undefined) delta('comment', cur.comment, job.comment, ['-c', job.comment])
  const changes: Change[] = deltas.length
    ? [{ kind: 'exec', cmd: shJoin(['usermod', ...deltas.flatMap((d) => d.flags), job.name]), reason: `modify user ${job.name}: ${deltas.map((d) => d.key).join(', ')}` }]
    : []
  const before = deltas.map((d) => `${d.key}: ${d.before}`)
  const after = deltas.map((d) => `${d.key}: ${d.after}`)
  if (job.password !== undefined && job.updatePassword === 'always') {
    const shadow = parseShadow(s.get('shadow') ?? '')
    if (!shadow) throw new ModuleFailure(`cannot read the shadow entry of ${job.name} to compare its password (become root)`)
    if (shadow.hash !== job.password) {
      changes.push(...setPassword)
      before.push(`password: ${HIDDEN}`)
      after.push(`password: ${HIDDEN}, changed`)
    }
  }
  if (changes.length === 0) return { changed: false, noop: `user ${job.name} (uid ${cur.uid}) is present, attributes match`, data: { ...data, uid: cur.uid } }
  return { changed: true, changes, diffs: diffOf(before, after), data: { ...data, uid: job.uid ?? cur.uid } }
}
