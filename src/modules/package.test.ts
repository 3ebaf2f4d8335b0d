import { describe, expect, it } from 'vitest'
import { packageModule } from './package.js'
import { packagesAnswer, type FakePackages } from './testing/fake-packages.js'
import { scriptedContext } from './testing/fake-sections.js'
import type { Plan, PlanContext } from './types.js'

const DB = { installed: { curl: '7.88.1-10' } }
const plan = (args: Record<string, unknown>, db: FakePackages, vars: Record<string, unknown> = {}): Promise<Plan> =>
  packageModule.plan(args as never, scriptedContext({}, packagesAnswer(db), { vars } as Partial<PlanContext>))
const cmdOf = (p: Plan): string | undefined => (p.changed && p.changes[0]?.kind === 'exec' ? p.changes[0].cmd : undefined)

describe('package picks the manager', () => {
  it.each<[string, Record<string, unknown>, FakePackages, Record<string, unknown>, string | undefined]>([
    ['found apt-get on the host', { name: 'jq' }, { ...DB, mgr: 'apt' }, {}, 'apt-get install'],
    ['found dnf on the host', { name: 'jq' }, { ...DB, mgr: 'dnf' }, {}, 'dnf -y -q install jq'],
    ['found only yum', { name: 'jq' }, { ...DB, mgr: 'yum' }, {}, 'yum -y -q install jq'],
    ['the ansible_pkg_mgr fact', { name: 'jq' }, { ...DB, mgr: 'dnf' }, { ansible_pkg_mgr: 'dnf' }, 'dnf -y -q install jq'],
    ['use overrides the facts', { name: 'jq', use: 'apt' }, { ...DB, mgr: 'apt' }, { ansible_pkg_mgr: 'dnf' }, 'apt-get install'],
    ['a name only rpm accepts, on an rpm host', { name: 'Judy' }, { ...DB, mgr: 'dnf' }, {}, 'dnf -y -q install Judy'],
    ['state absent goes through too', { name: 'curl', state: 'absent' }, { ...DB, mgr: 'apt' }, {}, 'apt-get remove -y -q curl'],
  ])('%s', async (_n, args, db, vars, cmd) => {
    expect(cmdOf(await plan(args, db, vars))).toContain(cmd)
  })

  it('an installed package is ok whatever the manager', async () => {
    expect(await plan({ name: 'curl' }, { ...DB, mgr: 'apt' })).toEqual({ changed: false, noop: 'curl 7.88.1-10 is installed', data: { cache_updated: false } })
  })

  it('detection and the package query are one round trip', async () => {
    const ctx = scriptedContext({}, packagesAnswer({ ...DB, mgr: 'apt' }))
    await packageModule.plan({ name: 'jq' }, ctx)
    expect(ctx.rounds).toHaveLength(1)
    expect(ctx.rounds[0]).toMatch(/^for m in apt-get dnf yum; .*dpkg-query -W .*rpm -q /)
  })

  it.each<[string, Record<string, unknown>, FakePackages, Record<string, unknown>, RegExp]>([
    ['no manager on the host', { name: 'jq' }, { mgr: 'none' }, {}, /no supported package manager found/],
    ['an unsupported manager fact', { name: 'jq' }, { mgr: 'apt' }, { ansible_pkg_mgr: 'zypper' }, /unsupported package manager 'zypper'/],
    ['a name apt rejects, on an apt host', { name: 'Judy' }, { mgr: 'apt' }, {}, /apt: invalid package name 'Judy'/],
  ])('%s fails', async (_n, args, db, vars, msg) => {
    await expect(plan(args, db, vars)).rejects.toThrow(msg)
  })
})
