import { describe, expect, it } from 'vitest'
import { apt } from './apt.js'
import { packagesAnswer, type FakePackages } from './testing/fake-packages.js'
import { scriptedContext } from './testing/fake-sections.js'
import type { Change, ExecChange, Plan } from './types.js'

const ENV = { DEBIAN_FRONTEND: 'noninteractive' }
const CONF = '-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold'
const install = (words: string, reason: string, flags = ''): ExecChange => ({
  kind: 'exec', cmd: `apt-get install -y -q ${flags}${CONF} ${words}`, reason, env: ENV,
})
const remove = (cmd: string, reason: string): Change => ({ kind: 'exec', cmd, reason, env: ENV })
const UPDATE: Change = { kind: 'exec', cmd: 'apt-get update -q && touch /var/lib/apt/lists', reason: 'update the package cache' }
const lines = (l: string[]): string => l.map((x) => `${x}\n`).join('')
const changed = (changes: Change[], before: string[], after: string[], cacheUpdated = false): Plan => ({
  changed: true, changes, diffs: [{ path: 'apt', before: lines(before), after: lines(after) }], data: { cache_updated: cacheUpdated },
})
const noop = (reason: string): Plan => ({ changed: false, noop: reason, data: { cache_updated: false } })

const DB: FakePackages = {
  installed: { 'krun-demo': '1.0', curl: '7.88.1-10', vim: '2:9.0.1378-2' },
  configFiles: { nginx: '1.22.1-9' },
  candidates: { 'krun-demo': '1.1', curl: '7.88.1-10', jq: '1.6-2.1' },
  debs: { '/tmp/krun-demo_1.1_all.deb': { name: 'krun-demo', version: '1.1' }, '/tmp/krun-demo_1.0_all.deb': { name: 'krun-demo', version: '1.0' } },
  cacheAge: 600,
}
const plan = (args: Record<string, unknown>, db: FakePackages = DB): Promise<Plan> => apt.plan(args, scriptedContext({}, packagesAnswer(db)))

describe('apt plans from the package database', () => {
  it.each<[string, Record<string, unknown>, Plan, FakePackages?]>([
    ['present: a missing package is installed', { name: 'jq' }, changed([install('jq', 'install jq')], [], ['jq'])],
    ['present: an installed package is left alone', { name: 'krun-demo', state: 'present' }, noop('krun-demo 1.0 is installed')],
    ['present: a comma string installs only what is missing', { name: 'curl, jq,vim', state: 'installed' }, changed([install('jq', 'install jq')], [], ['jq'])],
    ['present: all of a list installed', { pkg: ['curl', 'vim'] }, noop('2 packages are installed: curl 7.88.1-10, vim 2:9.0.1378-2')],
    ['present: a pinned version that differs', { name: 'krun-demo=1.1' }, changed([install('krun-demo=1.1', 'install krun-demo=1.1')], ['krun-demo 1.0'], ['krun-demo 1.1'])],
    ['present: a name with its architecture', { name: 'curl:amd64' }, noop('curl:amd64 7.88.1-10 is installed')],
    ['present: a pinned prefix that matches', { name: 'vim=2:9.0*' }, noop('vim 2:9.0.1378-2 is installed')],
    ['present: install_recommends no', { name: 'jq', install_recommends: 'no' }, changed([install('jq', 'install jq', '--no-install-recommends ')], [], ['jq'])],
    ['present: a stale cache is updated before installing', { name: 'jq', update_cache: true, cache_valid_time: 300 },
      changed([UPDATE, install('jq', 'install jq')], ['cache: updated 600 s ago'], ['cache: updated now', 'jq'], true)],
    ['present: nothing to install, so no cache update', { name: 'curl', update_cache: 'yes' }, noop('curl 7.88.1-10 is installed (cache update skipped: nothing to install)')],
    ['absent: an installed package is removed', { name: 'krun-demo', state: 'absent' }, { ...changed([remove('apt-get remove -y -q krun-demo', 'remove krun-demo')], ['krun-demo 1.0'], []), data: { cache_updated: false } }],
    ['absent: not installed', { name: ['jq', 'nginx'], state: 'removed' }, noop('2 packages are not installed: jq, nginx')],
    ['absent: purge also takes left-over config files', { name: 'nginx', state: 'absent', purge: true, autoremove: 'yes' },
      changed([remove('apt-get purge -y -q --auto-remove nginx', 'purge nginx')], ['nginx (config files)'], [])],
    ['absent: a pinned version that is not the installed one', { name: 'krun-demo=0.9', state: 'absent' }, noop('krun-demo=0.9 is not installed')],
    ['latest: a newer candidate is installed', { name: ['krun-demo', 'curl'], state: 'latest' },
      changed([install('krun-demo', 'install the newest krun-demo')], ['krun-demo 1.0'], ['krun-demo 1.1'])],
    ['latest: a missing package with its candidate', { name: 'jq', state: 'latest' }, changed([install('jq', 'install the newest jq')], [], ['jq 1.6-2.1'])],
    ['latest: the candidate is older than what is installed', { name: 'vim', state: 'latest' }, noop('vim 2:9.0.1378-2 is installed, the newest version available'),
      { ...DB, candidates: { vim: '2:9.0.1000-1' } }],
    ['latest: newest installed, cache fresh', { name: 'curl', state: 'latest', cache_valid_time: 3600 },
      noop('curl 7.88.1-10 is installed, the newest version available (package cache updated 600 s ago)')],
    ['latest: a stale cache is updated, apt decides and says whether a version moved', { name: 'curl', state: 'latest', update_cache: true },
      changed([UPDATE, {
        ...install('curl', 'install the newest curl'),
        cmd: `krun_v=$(dpkg-query -W -f='\${Package}\\t\${Status}\\t\${Version}\\t\${Architecture}\\n' curl 2>/dev/null); { apt-get install -y -q ${CONF} curl; } || exit $?; [ "$krun_v" != "$(dpkg-query -W -f='\${Package}\\t\${Status}\\t\${Version}\\t\${Architecture}\\n' curl 2>/dev/null)" ] || echo 'krun: installed versions unchanged'`,
        unchangedIf: { line: 'krun: installed versions unchanged', noop: 'curl 7.88.1-10 is installed, the newest version available (package cache updated now)' },
      }], ['cache: updated 600 s ago'], ['cache: updated now'], true)],
    ['latest: a stale cache and a known upgrade: a plain install', { name: ['krun-demo', 'curl'], state: 'latest', update_cache: true },
      changed([UPDATE, install('krun-demo curl', 'install the newest krun-demo curl')], ['cache: updated 600 s ago', 'krun-demo 1.0'], ['cache: updated now', 'krun-demo 1.1'], true)],
    ['update_cache alone, within cache_valid_time', { update_cache: true, cache_valid_time: 3600 }, noop('package cache updated 600 s ago (cache_valid_time 3600 s)')],
    ['update_cache alone, never updated', { update_cache: true }, changed([UPDATE], ['cache: updated never'], ['cache: updated now'], true), { ...DB, cacheAge: null }],
    ['deb: a package file not installed at that version', { deb: '/tmp/krun-demo_1.1_all.deb' },
      changed([install('/tmp/krun-demo_1.1_all.deb', 'install /tmp/krun-demo_1.1_all.deb')], ['krun-demo 1.0'], ['krun-demo 1.1'])],
    ['deb: that version is installed', { deb: '/tmp/krun-demo_1.0_all.deb' }, noop('krun-demo 1.0 is installed (/tmp/krun-demo_1.0_all.deb)')],
  ])('%s', async (_n, args, expected, db) => {
    expect(await plan(args, db)).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp, FakePackages?]>([
    ['a version with state=latest', { name: 'curl=7.88.1-10', state: 'latest' }, /version number inconsistent with state=latest: curl=7.88.1-10/],
    ['deb and name together', { name: 'jq', deb: '/tmp/x.deb' }, /mutually exclusive: deb\|name/],
    ['a name that is not a package name', { name: 'jq; rm -rf /' }, /invalid package name 'jq; rm -rf \/'/],
    ['nothing to do at all', { state: 'present' }, /one of name, deb or update_cache is required/],
    ['a .deb that is not there', { deb: '/tmp/nope.deb' }, /cannot read \/tmp\/nope.deb: dpkg-deb: error: failed to read archive/],
    ['a host without apt', { name: 'jq' }, /apt-get not found on the host/, { mgr: 'dnf' }],
    ['a non-boolean purge', { name: 'jq', state: 'absent', purge: 'maybe' }, /argument 'purge'.*unable to convert to bool/],
  ])('%s fails', async (_n, args, msg, db) => {
    await expect(plan(args, db)).rejects.toThrow(msg)
  })

  it('reads packages, cache age and candidates in one round trip', async () => {
    const ctx = scriptedContext({}, packagesAnswer(DB))
    await apt.plan({ name: ['jq', 'curl'], state: 'latest', update_cache: true, cache_valid_time: 3600 }, ctx)
    expect(ctx.rounds).toHaveLength(1)
    expect(ctx.rounds[0]).toMatch(/dpkg-query -W .* jq curl 2>\/dev\/null.*stat -c %Y .*apt-cache policy jq curl/)
  })
})
