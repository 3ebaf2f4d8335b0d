import { describe, expect, it } from 'vitest'
import { systemd } from './systemd.js'
import { scriptedContext } from './testing/fake-sections.js'

/** What the unit probe prints for a unit (props as `systemctl show` names them). */
interface Unit {
  booted?: boolean
  props?: Record<string, string>
  isEnabled?: string
  files?: string[]
}

const KRUN = { Id: 'krun.service', LoadState: 'loaded', NeedDaemonReload: 'no' }
const STOPPED = { ...KRUN, ActiveState: 'inactive', SubState: 'dead', UnitFileState: 'disabled' }
const RUNNING = { ...KRUN, ActiveState: 'active', SubState: 'running', UnitFileState: 'enabled' }
const MISSING = { Id: 'krun.service', LoadState: 'not-found', ActiveState: 'inactive', UnitFileState: '', NeedDaemonReload: 'no' }

function output(u: Unit): string {
  const lines = [`booted=${u.booted === false ? 'no' : 'yes'}`, ...Object.entries(u.props ?? {}).map(([k, v]) => `${k}=${v}`), `is-enabled=${u.isEnabled ?? ''}`]
  return `${[...lines, ...(u.files ?? []).map((f) => `file=${f}`)].join('\n')}\n`
}

const ctxFor = (u: Unit) => scriptedContext({}, (part) => (part.startsWith('if [ -d /run/systemd/system ]') ? output(u) : undefined))
const run = (cmd: string, reason: string) => ({ kind: 'exec', cmd: `systemctl ${cmd}`, reason })
const diff = (before: string, after: string, unit = 'krun.service') => [{ path: `systemd:${unit}`, before, after }]

describe('systemd plans (one probe; systemd order: reload, mask, enable, state)', () => {
  it.each<[string, Record<string, unknown>, Unit, unknown]>([
    ['stopped and disabled -> enabled and started', { name: 'krun', state: 'started', enabled: true }, { props: STOPPED },
      { changed: true, changes: [run('enable krun', 'enable krun.service'), run('start krun', 'start krun.service')], diffs: diff('state: stopped\nenabled: false\n', 'state: started\nenabled: true\n') }],
    ['already started and enabled: nothing to do, and why', { name: 'krun', state: 'started', enabled: 'yes' }, { props: RUNNING },
      { changed: false, noop: 'krun.service is started, enabled' }],
    ['running -> stopped', { name: 'krun', state: 'stopped' }, { props: RUNNING },
      { changed: true, changes: [run('stop krun', 'stop krun.service')], diffs: diff('state: started\n', 'state: stopped\n') }],
    ['deactivating counts as still running for stopped', { name: 'krun', state: 'stopped' }, { props: { ...RUNNING, ActiveState: 'deactivating' } },
      { changed: true, changes: [run('stop krun', 'stop krun.service')], diffs: diff('state: deactivating\n', 'state: stopped\n') }],
    ['a failed unit is started again', { name: 'krun', state: 'started' }, { props: { ...STOPPED, ActiveState: 'failed' } },
      { changed: true, changes: [run('start krun', 'start krun.service')], diffs: diff('state: stopped\n', 'state: started\n') }],
    ['restarted always changes a running unit', { name: 'krun', state: 'restarted' }, { props: RUNNING },
      { changed: true, changes: [run('restart krun', 'restart krun.service')], diffs: diff('state: started\n', 'state: restarted\n') }],
    ['restarted on a stopped unit starts it', { name: 'krun', state: 'restarted' }, { props: STOPPED },
      { changed: true, changes: [run('start krun', 'start krun.service')], diffs: diff('state: stopped\n', 'state: started\n') }],
    ['reloaded on a running unit reloads it', { name: 'krun.service', state: 'reloaded' }, { props: RUNNING },
      { changed: true, changes: [run('reload krun.service', 'reload krun.service')], diffs: diff('state: started\n', 'state: reloaded\n') }],
    ['enabled: no disables', { name: 'krun', enabled: 'no' }, { props: RUNNING },
      { changed: true, changes: [run('disable krun', 'disable krun.service')], diffs: diff('enabled: true\n', 'enabled: false\n') }],
    ['daemon_reload with a unit file changed on disk: reload, nothing else', { name: 'krun', daemon_reload: true, state: 'started', enabled: true }, { props: { ...RUNNING, NeedDaemonReload: 'yes' } },
      { changed: true, changes: [run('daemon-reload', 'daemon-reload: the unit file of krun.service changed on disk')], diffs: [] }],
    ['daemon_reload with nothing changed on disk: no change, and it says so', { name: 'krun', daemon_reload: true, state: 'started', enabled: true }, { props: RUNNING },
      { changed: false, noop: 'krun.service is started, enabled (no unit file changed: daemon-reload not needed)' }],
    ['daemon_reload alone is a change (as in Ansible)', { name: 'krun', daemon_reload: 'yes' }, { props: RUNNING },
      { changed: true, changes: [run('daemon-reload', 'daemon-reload')], diffs: [] }],
    ['daemon-reload and daemon-reexec without a unit', { 'daemon-reload': true, daemon_reexec: true }, {},
      { changed: true, changes: [run('daemon-reload', 'daemon-reload'), run('daemon-reexec', 'daemon-reexec')], diffs: [] }],
    ['a unit just templated: not loaded yet, but on disk and reloaded in this task', { name: 'krun', daemon_reload: true, state: 'started', enabled: true },
      { props: MISSING, isEnabled: 'disabled', files: ['/etc/systemd/system/krun.service'] },
      { changed: true, changes: [run('daemon-reload', 'daemon-reload: load the new unit file of krun.service'), run('enable krun', 'enable krun.service'), run('start krun', 'start krun.service')],
        diffs: diff('state: stopped\nenabled: false\n', 'state: started\nenabled: true\n') }],
    ['an unknown unit can be masked', { name: 'krun', masked: true }, { props: MISSING },
      { changed: true, changes: [run('mask krun', 'mask krun.service')], diffs: diff('masked: false\n', 'masked: true\n') }],
    ['unmask before enable and start', { name: 'krun', masked: false, enabled: true, state: 'started' }, { props: { ...STOPPED, LoadState: 'masked', UnitFileState: 'masked' } },
      { changed: true, changes: [run('unmask krun', 'unmask krun.service'), run('enable krun', 'enable krun.service'), run('start krun', 'start krun.service')],
        diffs: diff('state: stopped\nenabled: false\nmasked: true\n', 'state: started\nenabled: true\nmasked: false\n') }],
    ['already masked', { name: 'krun', masked: 'yes' }, { props: { ...STOPPED, LoadState: 'masked', UnitFileState: 'masked' } }, { changed: false, noop: 'krun.service is masked' }],
    ['a static unit: enabled does not apply', { name: 'krun', enabled: true, state: 'started' }, { props: { ...RUNNING, UnitFileState: 'static' } },
      { changed: false, noop: 'krun.service is started, static (enabled does not apply)' }],
    ['no_block and force go to the state and enable commands', { name: 'krun', state: 'started', enabled: true, no_block: true, force: 'yes' }, { props: STOPPED },
      { changed: true, changes: [run('enable --force krun', 'enable krun.service'), run('start --no-block krun', 'start krun.service')], diffs: expect.any(Array) }],
    ['systemd order: daemon-reload, daemon-reexec, unmask, enable, restart', { name: 'krun', daemon_reload: true, daemon_reexec: true, masked: false, enabled: true, state: 'restarted' },
      { props: { ...RUNNING, NeedDaemonReload: 'yes', UnitFileState: 'disabled' } },
      { changed: true, changes: [expect.objectContaining({ cmd: 'systemctl daemon-reload' }), run('daemon-reexec', 'daemon-reexec'), run('enable krun', 'enable krun.service'), run('restart krun', 'restart krun.service')], diffs: expect.any(Array) }],
    ['the service alias names the unit', { service: 'ssh', state: 'started' }, { props: { ...RUNNING, Id: 'ssh.service' } }, { changed: false, noop: 'ssh.service is started' }],
  ])('%s', async (_n, args, unit, expected) => {
    const ctx = ctxFor(unit)
    expect(await systemd.plan(args as never, ctx)).toEqual({ ...(expected as object), data: expect.anything() })
    expect(ctx.rounds).toHaveLength(1)
  })

  it.each<[string, Record<string, unknown>, Unit, RegExp]>([
    ['an unknown unit is an error, also in check mode', { name: 'krun', state: 'started' }, { props: MISSING }, /Could not find the requested service krun: host/],
    ['unknown with daemon_reload but no file on disk', { name: 'krun', state: 'started', daemon_reload: true }, { props: MISSING }, /Could not find the requested service/],
    ['enable a masked unit', { name: 'krun', enabled: true }, { props: { ...STOPPED, LoadState: 'masked', UnitFileState: 'masked' } }, /cannot enable krun.service: it is masked/],
    ['a host without systemd', { name: 'krun', state: 'started' }, { booted: false }, /systemd is not running on this host/],
    ['glob patterns', { name: 'krun*', state: 'started' }, { props: RUNNING }, /does not currently support using glob patterns/],
    ['a non-boolean enabled', { name: 'krun', enabled: 'maybe' }, { props: RUNNING }, /argument 'enabled'.*unable to convert to bool/],
  ])('%s fails', async (_n, args, unit, msg) => {
    await expect(systemd.plan(args as never, ctxFor(unit))).rejects.toThrow(msg)
  })

  it('a failing systemctl show is reported with its stderr', async () => {
    const ctx = scriptedContext({}, () => ({ rc: 0, stdout: 'booted=yes\nshow-rc=1\nis-enabled=\n', stderr: 'Failed to connect to bus: No such file or directory\n' }))
    await expect(systemd.plan({ name: 'krun', state: 'started' }, ctx)).rejects.toThrow('systemctl show krun failed: Failed to connect to bus: No such file or directory')
  })

  it('registers the unit status as Ansible does', async () => {
    const plan = await systemd.plan({ name: 'krun', state: 'started' }, ctxFor({ props: RUNNING }))
    expect(plan.data).toEqual({ name: 'krun.service', state: 'started', status: RUNNING })
  })
})
