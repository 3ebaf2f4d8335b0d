import { describe, expect, it } from 'vitest'
import { validateArgs } from '../playbook/validate-args.js'
import { lineinfile } from './lineinfile.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { Change, Plan } from './types.js'

const FS: FakeFs = {
  '/etc': { type: 'directory' },
  '/tmp': { type: 'directory' },
  '/etc/krun': { type: 'directory' },
  '/etc/selinux/config': { content: 'SELINUX=disabled\nSELINUXTYPE=targeted\n' },
  '/etc/selinux/enforcing': { content: 'SELINUX=enforcing\n' },
  '/etc/sudoers': { content: 'root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n%wheel2 ALL=(ALL) ALL\n', mode: '0440' },
  '/etc/hosts': { content: '127.0.0.1 localhost.localdomain\n::1 localhost\n' },
  '/etc/httpd.conf': { content: '#Listen 12.34.56.78:80\n#Listen 80\nServerName x\n' },
  '/etc/services': { content: 'ftp 21/tcp\nwww 80/tcp\nhttp 80/tcp\n' },
  '/opt/standalone.conf': { content: 'JAVA_OPTS="-Xms64m -Xmx512m"\n' },
  '/tmp/config': { content: 'port=1\nhost=old\n' },
  '/etc/app.conf': { content: 'a=1' },
  '/etc/link.conf': { type: 'link', target: 'real.conf' },
  '/etc/real.conf': { content: 'a=1\n', mode: '0600', owner: 'www', group: 'www' },
}

const kept = { mode: '0644', owner: 'root', group: 'root' }
const put = (path: string, content: string, extra: object = kept): Change => ({ kind: 'put', path, content: Buffer.from(content), ...extra })
const edit = (path: string, before: string | null, after: string, msg: string, changes: Change[] = [put(path, after)], extra: object = {}): Plan => ({
  changed: true, changes, diffs: [{ path, before, after }], data: { path, msg, ...extra },
})
const noop = (reason: string, data: object = {}): Plan => ({ changed: false, noop: reason, data: { path: reason.split(':')[0], ...data } })

describe('lineinfile plans', () => {
  it.each<[string, Record<string, unknown>, Plan]>([
    ['SELinux to enforcing (Ansible example): the regexp line is replaced', { path: '/etc/selinux/config', regexp: '^SELINUX=', line: 'SELINUX=enforcing' },
      edit('/etc/selinux/config', 'SELINUX=disabled\nSELINUXTYPE=targeted\n', 'SELINUX=enforcing\nSELINUXTYPE=targeted\n', 'line replaced')],
    ['SELinux already enforcing: nothing to do', { path: '/etc/selinux/enforcing', regexp: '^SELINUX=', line: 'SELINUX=enforcing' },
      noop('/etc/selinux/enforcing: line already present')],
    ['absent removes every matching line (Ansible example: %wheel out of sudoers), mode kept', { path: '/etc/sudoers', state: 'absent', regexp: '^%wheel' },
      edit('/etc/sudoers', 'root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n%wheel2 ALL=(ALL) ALL\n', 'root ALL=(ALL) ALL\n', '2 line(s) removed',
        [put('/etc/sudoers', 'root ALL=(ALL) ALL\n', { ...kept, mode: '0440' })], { found: 2 })],
    ['sudoers with validate (Ansible example): appended, checked before it replaces the file', { path: '/etc/sudoers', regexp: '^%ADMIN ALL=', line: '%ADMIN ALL=(ALL) NOPASSWD: ALL', validate: '/usr/sbin/visudo -cf %s' },
      edit('/etc/sudoers', 'root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n%wheel2 ALL=(ALL) ALL\n', 'root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n%wheel2 ALL=(ALL) ALL\n%ADMIN ALL=(ALL) NOPASSWD: ALL\n', 'line added',
        [put('/etc/sudoers', 'root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n%wheel2 ALL=(ALL) ALL\n%ADMIN ALL=(ALL) NOPASSWD: ALL\n', { ...kept, mode: '0440', validate: '/usr/sbin/visudo -cf %s' })])],
    ['insertafter with a regexp (Ansible example): after the last match', { path: '/etc/httpd.conf', regexp: '^Listen ', insertafter: '^#Listen ', line: 'Listen 8080' },
      edit('/etc/httpd.conf', '#Listen 12.34.56.78:80\n#Listen 80\nServerName x\n', '#Listen 12.34.56.78:80\n#Listen 80\nListen 8080\nServerName x\n', 'line added')],
    ['insertafter with firstmatch: after the first match', { path: '/etc/httpd.conf', insertafter: '^#Listen ', line: 'Listen 8080', firstmatch: 'yes' },
      edit('/etc/httpd.conf', '#Listen 12.34.56.78:80\n#Listen 80\nServerName x\n', '#Listen 12.34.56.78:80\nListen 8080\n#Listen 80\nServerName x\n', 'line added')],
    ['insertbefore a regexp (Ansible example: /etc/services)', { path: '/etc/services', regexp: '^# port for http', insertbefore: '^www.*80/tcp', line: '# port for http by default' },
      edit('/etc/services', 'ftp 21/tcp\nwww 80/tcp\nhttp 80/tcp\n', 'ftp 21/tcp\n# port for http by default\nwww 80/tcp\nhttp 80/tcp\n', 'line added')],
    ['insertbefore BOF', { path: '/etc/services', line: '# top', insertbefore: 'BOF' },
      edit('/etc/services', 'ftp 21/tcp\nwww 80/tcp\nhttp 80/tcp\n', '# top\nftp 21/tcp\nwww 80/tcp\nhttp 80/tcp\n', 'line added')],
    ['backrefs (Ansible JBoss example): groups from the match', { path: '/opt/standalone.conf', regexp: '^(.*)Xms(\\d+)m(.*)$', line: '\\1Xms${xms}m\\3', backrefs: 'yes' },
      edit('/opt/standalone.conf', 'JAVA_OPTS="-Xms64m -Xmx512m"\n', 'JAVA_OPTS="-Xms${xms}m -Xmx512m"\n', 'line replaced')],
    ['backrefs with \\g<1> (Ansible example)', { path: '/tmp/config', regexp: '^(host=).*', line: '\\g<1>web1', backrefs: true },
      edit('/tmp/config', 'port=1\nhost=old\n', 'port=1\nhost=web1\n', 'line replaced')],
    ['backrefs and no match: the file is left alone', { path: '/tmp/config', regexp: '^(user=).*', line: '\\1admin', backrefs: true },
      noop('/tmp/config: regexp matched no line; backrefs: nothing to change')],
    ['search_string (Ansible example): a literal, no escaping', { path: '/etc/hosts', search_string: '127.0.0.1', line: '127.0.0.1 localhost' },
      edit('/etc/hosts', '127.0.0.1 localhost.localdomain\n::1 localhost\n', '127.0.0.1 localhost\n::1 localhost\n', 'line replaced')],
    ['create (Ansible example): a new file with the line', { path: '/tmp/testfile', line: '192.168.1.99 foo.lab.net foo', create: 'yes', mode: '0600' },
      edit('/tmp/testfile', null, '192.168.1.99 foo.lab.net foo\n', 'line added', [put('/tmp/testfile', '192.168.1.99 foo.lab.net foo\n', { mode: '0600' })])],
    ['create in a missing directory: mkdir first', { dest: '/srv/app/env', line: 'A=1', create: true },
      { changed: true, changes: [{ kind: 'exec', cmd: 'mkdir -p -- /srv /srv/app', reason: 'create directories /srv /srv/app' }, put('/srv/app/env', 'A=1\n', {})],
        diffs: [{ path: '/srv', before: 'state: absent\n', after: 'state: directory\n' }, { path: '/srv/app', before: 'state: absent\n', after: 'state: directory\n' }, { path: '/srv/app/env', before: null, after: 'A=1\n' }],
        data: { path: '/srv/app/env', msg: 'line added' } }],
    ['a last line without a newline gets one before the new line', { path: '/etc/app.conf', line: 'b=2' },
      edit('/etc/app.conf', 'a=1', 'a=1\nb=2\n', 'line added')],
    ['through a symbolic link: the target is written, with its own mode and owner', { path: '/etc/link.conf', line: 'b=2' },
      edit('/etc/link.conf', 'a=1\n', 'a=1\nb=2\n', 'line added', [put('/etc/real.conf', 'a=1\nb=2\n', { mode: '0600', owner: 'www', group: 'www' })])],
    ['backup: the current file is copied first', { path: '/etc/hosts', line: '10.0.0.1 db', backup: true },
      edit('/etc/hosts', '127.0.0.1 localhost.localdomain\n::1 localhost\n', '127.0.0.1 localhost.localdomain\n::1 localhost\n10.0.0.1 db\n', 'line added', [
        { kind: 'exec', cmd: `cp -p -- /etc/hosts /etc/hosts."$(date +%Y-%m-%d@%H:%M:%S)"~`, reason: 'back up /etc/hosts' },
        put('/etc/hosts', '127.0.0.1 localhost.localdomain\n::1 localhost\n10.0.0.1 db\n'),
      ])],
    ['line present, other mode: chmod only', { path: '/etc/selinux/enforcing', line: 'SELINUX=enforcing', mode: '0600' },
      { changed: true, changes: [{ kind: 'exec', cmd: 'chmod 0600 -- /etc/selinux/enforcing', reason: 'mode of /etc/selinux/enforcing: 0644 -> 0600' }],
        diffs: [{ path: '/etc/selinux/enforcing', before: 'mode: 0644\n', after: 'mode: 0600\n' }], data: { path: '/etc/selinux/enforcing' } }],
    ['line present, attributes match', { path: '/etc/selinux/enforcing', line: 'SELINUX=enforcing', owner: 'root', mode: '0644' },
      noop('/etc/selinux/enforcing: line already present; attributes match')],
    ['absent: no line matches', { path: '/etc/hosts', state: 'absent', line: '10.9.9.9 gone' }, noop('/etc/hosts: no line matches', { found: 0 })],
    ['absent: no file', { path: '/etc/nope', state: 'absent', regexp: 'x' }, noop('/etc/nope: file not present', { found: 0 })],
  ])('%s', async (_n, args, expected) => {
    expect(await lineinfile.plan(args as never, fakeContext(FS))).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no file without create', { path: '/etc/none', line: 'x' }, /^Destination \/etc\/none does not exist !$/],
    ['a directory', { path: '/etc/krun', line: 'x' }, /^Path \/etc\/krun is a directory !$/],
    ['backrefs without regexp', { path: '/etc/hosts', line: 'x', backrefs: true }, /regexp is required with backrefs=true/],
    ['insertafter and insertbefore', { path: '/etc/hosts', line: 'x', insertafter: 'a', insertbefore: 'b' }, /mutually exclusive: insertbefore\|insertafter/],
    ['regex (alias) and search_string', { path: '/etc/hosts', line: 'x', regex: 'a', search_string: 'b' }, /mutually exclusive: regexp\|search_string/],
    ['absent with nothing to match', { path: '/etc/hosts', state: 'absent' }, /one of line, search_string, or regexp is required with state=absent/],
    ['a pattern JS cannot run as Python', { path: '/etc/hosts', line: 'x', regexp: '(unclosed' }, /regexp is not a valid regular expression/],
    ['a backrefs group the regexp lacks', { path: '/tmp/config', regexp: '^host=', line: '\\1', backrefs: true }, /line: invalid group reference 1/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(lineinfile.plan(args as never, fakeContext(FS))).rejects.toThrow(msg)
  })

  it('a rerun costs one fetch; a change adds readlink and one stat', async () => {
    const same = fakeContext(FS)
    await lineinfile.plan({ path: '/etc/selinux/enforcing', regexp: '^SELINUX=', line: 'SELINUX=enforcing' }, same)
    expect(same.probe.calls).toEqual(['fetch /etc/selinux/enforcing'])
    const change = fakeContext(FS)
    await lineinfile.plan({ path: '/etc/selinux/config', regexp: '^SELINUX=', line: 'SELINUX=enforcing' }, change)
    expect(change.probe.calls.map((c) => c.split(' ')[0])).toEqual(['fetch', 'readlink', 'for'])
  })

  it.each<[Record<string, unknown>, string | undefined]>([
    [{ path: '/x', regexp: 'a' }, "lineinfile: missing required argument 'line' (or 'value')"],
    [{ path: '/x', state: 'absent', regexp: 'a' }, undefined],
    [{ dest: '/x', value: 'a', regex: 'b', backrefs: 'yes' }, undefined],
    [{ line: 'a' }, "lineinfile: missing required argument 'path' (or 'dest', 'destfile', 'name')"],
    [{ path: '/x', line: 'a', state: 'latest' }, "lineinfile: argument 'state' must be one of present, absent"],
  ])('load-time check of %j', (args, msg) => {
    const check = (): void => validateArgs(lineinfile, args, { file: 'site.yml', line: 3 }, { ignoreTemplated: true })
    if (msg) expect(check).toThrow(msg)
    else expect(check).not.toThrow()
  })
})
