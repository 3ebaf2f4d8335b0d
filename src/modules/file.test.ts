import { describe, expect, it } from 'vitest'
import { file } from './file.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { Change, Plan } from './types.js'

const FS: FakeFs = {
  '/etc': { type: 'directory' },
  '/opt': { type: 'directory' },
  '/etc/krun': { type: 'directory', mode: '0750', owner: 'etcd' },
  '/etc/krun/app.conf': { content: 'x', mode: '0600' },
  '/etc/krun/current': { type: 'link', target: 'app.conf' },
  '/etc/krun/stale': { type: 'link', target: '/nowhere' },
  '/etc/krun/twin': { content: 'x', nlink: 2, inode: 7 },
  '/etc/krun/orig': { content: 'x', nlink: 2, inode: 7 },
  '/srv/data': { type: 'directory', owner: 'www', group: 'www' },
  '/srv/data/a': { owner: 'www', group: 'www' },
  '/srv/data/sub': { type: 'directory', owner: 'www', group: 'www' },
  '/srv/data/sub/b': { owner: 'root', group: 'www', mode: '0640' },
}

const exec = (cmd: string, reason: string): Change => ({ kind: 'exec', cmd, reason })
const changed = (path: string, changes: Change[], before: string, after: string): Plan => ({
  changed: true, changes, diffs: [{ path, before, after }], data: expectAny,
})
const expectAny = expect.anything() as unknown as Record<string, unknown>
const noop = (reason: string): Plan => ({ changed: false, noop: reason, data: expectAny })

describe('file plans from the host state', () => {
  it.each<[string, Record<string, unknown>, Plan]>([
    ['directory: create with attributes', { path: '/etc/new', state: 'directory', mode: '0750', owner: 'etcd' },
      changed('/etc/new', [exec('mkdir -p -- /etc/new', 'create directory /etc/new'), exec('chmod 0750 -- /etc/new', 'mode 0750 on /etc/new'), exec('chown etcd -- /etc/new', 'owner etcd on /etc/new')],
        'state: absent\n', 'state: directory\nmode: 0750\nowner: etcd\n')],
    ['directory: mode on every directory it creates', { path: '/opt/a/b', state: 'directory', mode: 'u=rwx,go=rx' },
      changed('/opt/a/b', [exec('mkdir -p -- /opt/a/b', 'create directory /opt/a/b'), exec('chmod 0755 -- /opt/a /opt/a/b', 'mode 0755 on /opt/a /opt/a/b')],
        'state: absent\n', 'state: directory\nmode: 0755\n')],
    ['directory: present with the same attributes', { path: '/etc/krun', state: 'directory', mode: '0750', owner: 'etcd' }, noop('directory /etc/krun exists, attributes match')],
    ['directory: YAML 1.1 integer mode (493 = 0755)', { path: '/etc/krun', state: 'directory', mode: 493 },
      changed('/etc/krun', [exec('chmod 0755 -- /etc/krun', 'mode of /etc/krun: 0750 -> 0755')], 'mode: 0750\n', 'mode: 0755\n')],
    ['state omitted on a directory means directory', { path: '/etc/krun', group: 'root' }, noop('directory /etc/krun exists, attributes match')],
    ['file: symbolic mode applied to the current mode', { path: '/etc/krun/app.conf', mode: 'g+r' },
      changed('/etc/krun/app.conf', [exec('chmod 0640 -- /etc/krun/app.conf', 'mode of /etc/krun/app.conf: 0600 -> 0640')], 'mode: 0600\n', 'mode: 0640\n')],
    ['file: numeric owner matches the name', { path: '/etc/krun/app.conf', state: 'file', owner: 0, group: '0' }, noop('file /etc/krun/app.conf exists, attributes match')],
    ['file: through a link (follow) to its target', { path: '/etc/krun/current', state: 'file', mode: '0644' },
      changed('/etc/krun/current', [exec('chmod 0644 -- /etc/krun/current', 'mode of /etc/krun/current: 0600 -> 0644')], 'mode: 0600\n', 'mode: 0644\n')],
    ['file: owner and group in one chown', { path: '/etc/krun/app.conf', owner: 'etcd', group: 'etcd' },
      changed('/etc/krun/app.conf', [exec('chown etcd:etcd -- /etc/krun/app.conf', 'owner etcd, group etcd on /etc/krun/app.conf')], 'owner: root\ngroup: root\n', 'owner: etcd\ngroup: etcd\n')],
    ['file: modification_time stamp', { path: '/etc/krun/app.conf', modification_time: '202401020304.05' }, noop('file /etc/krun/app.conf exists')],
    ['file: a different modification_time', { path: '/etc/krun/app.conf', modification_time: '202501010000.00' },
      changed('/etc/krun/app.conf', [exec('touch -m -t 202501010000.00 -- /etc/krun/app.conf', 'update mtime of /etc/krun/app.conf')], 'mtime: 2024-01-02 03:04:05\n', 'mtime: 202501010000.00\n')],
    ['absent: a directory is removed recursively', { path: '/etc/krun', state: 'absent' },
      changed('/etc/krun', [exec('rm -rf -- /etc/krun', 'remove directory /etc/krun')], 'state: directory\n', 'state: absent\n')],
    ['absent: a link is unlinked', { path: '/etc/krun/current', state: 'absent' },
      changed('/etc/krun/current', [exec('rm -f -- /etc/krun/current', 'remove link /etc/krun/current')], 'state: link\n', 'state: absent\n')],
    ['absent: nothing there', { path: '/etc/none', state: 'absent' }, noop('/etc/none is absent')],
    ['touch: creates an empty file with its mode', { path: '/etc/krun/flag', state: 'touch', mode: '0600' },
      changed('/etc/krun/flag', [exec('touch -- /etc/krun/flag', 'create empty file /etc/krun/flag'), exec('chmod 0600 -- /etc/krun/flag', 'mode 0600 on /etc/krun/flag')], 'state: absent\n', 'state: file\nmode: 0600\n')],
    ['touch: an existing file is always touched', { path: '/etc/krun/app.conf', state: 'touch' },
      changed('/etc/krun/app.conf', [exec('touch -- /etc/krun/app.conf', 'update times of /etc/krun/app.conf')], 'mtime: 2024-01-02 03:04:05\natime: 2024-01-02 03:04:05\n', 'mtime: now\natime: now\n')],
    ['touch: preserved times and matching attributes', { path: '/etc/krun/app.conf', state: 'touch', modification_time: 'preserve', access_time: 'preserve' },
      noop('file /etc/krun/app.conf exists, times preserved and attributes match')],
    ['link: create', { path: '/etc/krun/next', src: 'app.conf', state: 'link' },
      changed('/etc/krun/next', [exec('ln -sfn -- app.conf /etc/krun/next', 'link /etc/krun/next -> app.conf')], 'state: absent\n', 'state: link\nsrc: app.conf\n')],
    ['link: already pointing there', { path: '/etc/krun/current', src: 'app.conf', state: 'link' }, noop('link /etc/krun/current -> app.conf exists')],
    ['link: repoint (force not needed for a link)', { path: '/etc/krun/stale', src: '/etc/krun/app.conf', state: 'link' },
      changed('/etc/krun/stale', [exec('ln -sfn -- /etc/krun/app.conf /etc/krun/stale', 'link /etc/krun/stale -> /etc/krun/app.conf')], 'state: link\nsrc: /nowhere\n', 'state: link\nsrc: /etc/krun/app.conf\n')],
    ['link: owner on the link itself without follow', { path: '/etc/krun/current', src: 'app.conf', state: 'link', owner: 'etcd', follow: false },
      changed('/etc/krun/current', [exec('chown -h etcd -- /etc/krun/current', 'owner etcd on /etc/krun/current')], 'owner: root\n', 'owner: etcd\n')],
    ['link: force replaces a file', { path: '/etc/krun/app.conf', src: '/etc/krun/orig', state: 'link', force: 'yes' },
      changed('/etc/krun/app.conf', [exec('ln -sfn -- /etc/krun/orig /etc/krun/app.conf', 'link /etc/krun/app.conf -> /etc/krun/orig')], 'state: file\n', 'state: link\nsrc: /etc/krun/orig\n')],
    ['hard: same inode already', { path: '/etc/krun/twin', src: '/etc/krun/orig', state: 'hard' }, noop('/etc/krun/twin is a hard link to /etc/krun/orig')],
    ['hard: create', { path: '/etc/krun/third', src: '/etc/krun/orig', state: 'hard' },
      changed('/etc/krun/third', [exec('ln -f -- /etc/krun/orig /etc/krun/third', 'hard link /etc/krun/third to /etc/krun/orig')], 'state: absent\n', 'state: hard\nsrc: /etc/krun/orig\n')],
    ['recurse: one chown -R when an entry below differs', { path: '/srv/data', state: 'directory', owner: 'www', recurse: true },
      changed('/srv/data', [exec('chown -R -h www -- /srv/data', 'owner www below /srv/data')], '', 'recursive owner: www\n')],
    ['recurse: symbolic mode goes to chmod -R with an explicit who', { path: '/srv/data', state: 'directory', mode: '+X', recurse: true, group: 'www' },
      noop('directory /srv/data exists, attributes match')],
    ['recurse: numeric mode', { path: '/srv/data', state: 'directory', mode: '0755', recurse: true },
      changed('/srv/data', [exec('chmod -R 0755 -- /srv/data', 'mode 0755 below /srv/data')], '', 'recursive mode: 0755\n')],
  ])('%s', async (_n, args, expected) => {
    expect(await file.plan(args, fakeContext(FS))).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['state=file never creates', { path: '/etc/nope', state: 'file' }, /file \(\/etc\/nope\) is absent, cannot continue \(use state=touch/],
    ['state=file on a directory', { path: '/etc/krun', state: 'file' }, /file \(\/etc\/krun\) is directory, cannot continue/],
    ['directory over a file', { path: '/etc/krun/app.conf', state: 'directory' }, /already exists as a file/],
    ['link over a file without force', { path: '/etc/krun/app.conf', src: '/etc/krun/orig', state: 'link' }, /refusing to convert from file to symlink for \/etc\/krun\/app.conf/],
    ['link over a directory without force', { path: '/etc/krun', src: '/etc', state: 'link' }, /refusing to convert from directory to symlink/],
    ['link to a missing src without force', { path: '/etc/krun/l2', src: 'missing', state: 'link' }, /src file does not exist, use "force=yes".*\/etc\/krun\/missing/],
    ['hard over another file without force', { path: '/etc/krun/app.conf', src: '/etc/krun/orig', state: 'hard' }, /Cannot link, file exists at destination/],
    ['recurse needs directory', { path: '/etc/krun/app.conf', state: 'file', recurse: true }, /recurse option requires state to be 'directory'/],
    ['src needs link or hard', { path: '/etc/x', src: '/a', state: 'file' }, /src option requires state to be 'link' or 'hard'/],
    ['bad mode', { path: '/etc/krun', mode: 'rwx' }, /mode must be in octal or symbolic form/],
    ['bad time', { path: '/etc/krun', modification_time: 'yesterday' }, /modification_time must be/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(file.plan(args, fakeContext(FS))).rejects.toThrow(msg)
  })

  it('probes the host with one command, even with recurse', async () => {
    const ctx = fakeContext(FS)
    await file.plan({ path: '/srv/data', state: 'directory', recurse: true, owner: 'www' }, ctx)
    expect(ctx.probe.calls).toHaveLength(1)
  })
})
