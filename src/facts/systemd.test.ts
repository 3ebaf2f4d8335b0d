import { describe, expect, it } from 'vitest'
import { activeOf, enabledOf, parseUnit, unitCommand, unitFileName } from './systemd.js'

// captured on a Debian 12 lab host (systemd 252)
const SSH = `booted=yes
Id=ssh.service
LoadState=loaded
ActiveState=active
SubState=running
FragmentPath=/lib/systemd/system/ssh.service
UnitFileState=enabled
NeedDaemonReload=no
InvocationID=e2d574429a3b45ddb304e40a7cc12ce1
is-enabled=enabled
file=/lib/systemd/system/ssh.service
`
const MISSING = `booted=yes
Id=nope.service
LoadState=not-found
ActiveState=inactive
SubState=dead
UnitFileState=
NeedDaemonReload=no
is-enabled=
`

describe('parseUnit', () => {
  it('reads the show properties, is-enabled and the files on disk', () => {
    expect(parseUnit(SSH)).toEqual({
      booted: true,
      props: { Id: 'ssh.service', LoadState: 'loaded', ActiveState: 'active', SubState: 'running', FragmentPath: '/lib/systemd/system/ssh.service', UnitFileState: 'enabled', NeedDaemonReload: 'no', InvocationID: 'e2d574429a3b45ddb304e40a7cc12ce1' },
      isEnabled: 'enabled',
      files: ['/lib/systemd/system/ssh.service'],
    })
  })
  it('an unknown unit: not-found, empty file state, no files', () => {
    expect(parseUnit(MISSING)).toMatchObject({ props: { LoadState: 'not-found', UnitFileState: '' }, isEnabled: '', files: [] })
  })
  it('a host without systemd: booted=no and the failed show', () => {
    expect(parseUnit('booted=no\nshow-rc=1\nis-enabled=\n')).toEqual({ booted: false, props: {}, isEnabled: '', files: [], showRc: 1 })
  })
  it('values keep their = signs', () => {
    expect(parseUnit('Id=a.service\nFragmentPath=/etc/x=y\n').props.FragmentPath).toBe('/etc/x=y')
  })
})

describe('unitCommand', () => {
  it('one command: booted, show, is-enabled, files of the instance and its template', () => {
    const cmd = unitCommand('getty@tty1')
    expect(cmd).toContain('systemctl show getty@tty1 -p Id,LoadState,ActiveState,SubState,UnitFileState,NeedDaemonReload,FragmentPath,InvocationID')
    expect(cmd).toContain('/etc/systemd/system/getty@tty1.service /etc/systemd/system/getty@.service')
    expect(cmd).toMatch(/^if \[ -d \/run\/systemd\/system \]/)
  })
  it('quotes the name', () => {
    expect(unitCommand("a'b")).toContain(`systemctl show 'a'\\''b'`)
  })
  it('without a name: only whether systemd runs', () => {
    expect(unitCommand()).toBe('if [ -d /run/systemd/system ]; then echo booted=yes; else echo booted=no; fi')
  })
})

describe('unit words', () => {
  it.each([
    ['etcd', 'etcd.service'], ['etcd.service', 'etcd.service'], ['docker.socket', 'docker.socket'], ['a.b', 'a.b.service'], ['fstrim.timer', 'fstrim.timer'],
  ])('unit file of %s is %s', (name, file) => expect(unitFileName(name)).toBe(file))
  it.each([
    ['active', 'started'], ['activating', 'started'], ['reloading', 'started'], ['inactive', 'stopped'], ['failed', 'stopped'], ['deactivating', 'stopped'], [undefined, 'stopped'],
  ])('ActiveState %s is %s', (s, expected) => expect(activeOf(s)).toBe(expected))
  it.each<[string, unknown]>([
    ['enabled', true], ['enabled-runtime', true], ['linked', true], ['alias', true], ['disabled', false], ['indirect', false], ['', false],
    ['static', 'static'], ['generated', 'static'], ['transient', 'static'], ['masked', 'masked'], ['masked-runtime', 'masked'],
  ])('UnitFileState %s is %s', (s, expected) => expect(enabledOf(s)).toBe(expected))
})
