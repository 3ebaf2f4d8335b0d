import { describe, expect, it } from 'vitest'
import { dnf } from './dnf.js'
import { packagesAnswer, type FakePackages } from './testing/fake-packages.js'
import { scriptedContext } from './testing/fake-sections.js'
import type { Change, ExecChange, FileDiff, Plan } from './types.js'

// Plans as data (probe output -> plan); test/e2e/modules-dnf.test.ts runs dnf itself on lab hosts.
const exec = (cmd: string, reason: string): ExecChange => ({ kind: 'exec', cmd, reason })
const MAKECACHE = exec('dnf -q makecache', 'update the package metadata')
const lines = (l: string[]): string => l.map((x) => `${x}\n`).join('')
const diff = (before: string[], after: string[]): FileDiff => ({ path: 'dnf', before: lines(before), after: lines(after) })
const changed = (changes: Change[], before: string[], after: string[], data?: Record<string, unknown>): Plan => ({
  changed: true, changes, diffs: [diff(before, after)], ...(data ? { data } : {}),
})
const noop = (reason: string): Plan => ({ changed: false, noop: reason })

const DB: FakePackages = {
  mgr: 'dnf',
  installed: { curl: '7.76.1-26.el9', 'krun-demo': '1.0-1' },
  candidates: { curl: '7.76.1-26.el9', 'krun-demo': '1.1-1' },
}
const plan = (args: Record<string, unknown>, db: FakePackages = DB): Promise<Plan> => dnf.plan(args, scriptedContext({}, packagesAnswer(db)))

describe('dnf plans from the rpm database', () => {
  it.each<[string, Record<string, unknown>, Plan, FakePackages?]>([
    ['present: missing is installed', { name: 'jq' }, changed([exec('dnf -y -q install jq', 'install jq')], [], ['jq'], { cache_updated: false })],
    ['present: installed is left alone', { name: 'curl' }, noop('curl 7.76.1-26.el9 is installed')],
    ['present: a comma list, weak deps off, no gpg check', { name: 'curl,jq', install_weak_deps: false, disable_gpg_check: 'yes' },
      changed([exec('dnf -y -q --setopt=install_weak_deps=False --nogpgcheck install jq', 'install jq')], [], ['jq'], { cache_updated: false })],
    ['present: update_cache refreshes metadata before installing', { pkg: ['jq'], update_cache: true },
      changed([MAKECACHE, exec('dnf -y -q install jq', 'install jq')], ['metadata: cached'], ['metadata: refreshed', 'jq'], { cache_updated: true })],
    ['absent: installed is removed', { name: 'krun-demo', state: 'absent' }, changed([exec('dnf -y -q remove krun-demo', 'remove krun-demo')], ['krun-demo 1.0-1'], [])],
    ['absent: not installed', { name: 'jq', state: 'removed' }, noop('jq is not installed')],
    ['latest: an upgrade from the local metadata', { name: ['krun-demo', 'curl'], state: 'latest' },
      changed([exec('dnf -y -q upgrade krun-demo', 'upgrade krun-demo')], ['krun-demo 1.0-1'], ['krun-demo 1.1-1'], { cache_updated: false })],
    ['latest: nothing newer', { name: 'curl', state: 'latest' }, noop('curl 7.76.1-26.el9 is installed, the newest version available')],
    ['latest with update_cache: refresh, then dnf upgrades and says whether a version moved', { name: 'curl', state: 'latest', update_cache: true },
      changed([MAKECACHE, {
        ...exec(`krun_v=$(rpm -q --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\n' curl 2>/dev/null); { dnf -y -q upgrade curl; } || exit $?; [ "$krun_v" != "$(rpm -q --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\n' curl 2>/dev/null)" ] || echo 'krun: installed versions unchanged'`, 'upgrade curl'),
        unchangedIf: { line: 'krun: installed versions unchanged', noop: 'curl 7.76.1-26.el9 is installed, the newest version available (metadata refreshed)' },
      }], ['metadata: cached'], ['metadata: refreshed'], { cache_updated: true })],
    ['latest, all installed, no cached metadata: the upgrade says whether a version moved', { name: ['krun-demo', 'curl'], state: 'latest' },
      changed([{
        ...exec(`krun_v=$(rpm -q --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\n' krun-demo curl 2>/dev/null); { dnf -y -q upgrade krun-demo curl; } || exit $?; [ "$krun_v" != "$(rpm -q --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\n' krun-demo curl 2>/dev/null)" ] || echo 'krun: installed versions unchanged'`, 'upgrade krun-demo curl (no cached metadata: dnf decides)'),
        unchangedIf: { line: 'krun: installed versions unchanged', noop: '2 packages are installed, the newest versions available: krun-demo 1.0-1, curl 7.76.1-26.el9 (metadata downloaded)' },
      }], ['metadata: none cached'], ['metadata: downloaded'], { cache_updated: false }), { ...DB, metadata: false }],
    ['update_cache alone', { update_cache: true }, changed([MAKECACHE], ['metadata: cached'], ['metadata: refreshed'], { cache_updated: true })],
    ['latest with no cached metadata (check-update -C exits 1): dnf decides', { name: ['krun-demo', 'curl', 'jq'], state: 'latest' },
      changed([exec('dnf -y -q install jq', 'install jq'), exec('dnf -y -q upgrade krun-demo curl', 'upgrade krun-demo curl (no cached metadata: dnf decides)')],
        ['metadata: none cached'], ['metadata: downloaded', 'jq'], { cache_updated: false }), { ...DB, metadata: false }],
    ['latest, nothing newer in the metadata (check-update -C exits 0)', { name: 'krun-demo', state: 'latest' },
      noop('krun-demo 1.0-1 is installed, the newest version available'), { ...DB, candidates: {} }],
  ])('%s', async (_n, args, expected, db?: FakePackages) => {
    expect(await plan(args, db)).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp, FakePackages?]>([
    ['a host without dnf', { name: 'jq' }, /dnf not found on the host/, { mgr: 'apt' }],
    ['a name with shell syntax', { name: 'jq$(id)' }, /invalid package name/],
    ['nothing to do', { state: 'latest' }, /one of name or update_cache is required/],
  ])('%s fails', async (_n, args, msg, db) => {
    await expect(plan(args, db)).rejects.toThrow(msg)
  })

  it('never refreshes metadata while planning (check-update -C) and probes once', async () => {
    const ctx = scriptedContext({}, packagesAnswer(DB))
    await dnf.plan({ name: 'krun-demo', state: 'latest' }, ctx)
    expect(ctx.rounds).toHaveLength(1)
    expect(ctx.rounds[0]).toContain('dnf -q -C --setopt=skip_if_unavailable=False check-update krun-demo')
  })
})
