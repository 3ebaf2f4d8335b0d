import { describe, expect, it } from 'vitest'
import { validateArgs } from '../playbook/validate-args.js'
import { replace } from './replace.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { Change, Plan } from './types.js'

// expected texts of the Ansible examples were produced by Ansible's own algorithm under CPython 3.11
const HOSTS = '127.0.0.1 localhost localhost6\n10.0.0.5 old.host.name extra\n'
const APACHE = 'NameVirtualHost *:80\n<VirtualHost *:80>\nDocumentRoot /var/www\n</VirtualHost>\n# live site config\nServerName x\n'
const VHOST = 'NameVirtualHost *\n<VirtualHost *>\nDocumentRoot /var/www\n</VirtualHost>\n'
const SSHD = 'Port 22\nListenAddress 10.0.0.1\n'

const FS: FakeFs = {
  '/etc': { type: 'directory' },
  '/etc/hosts': { content: HOSTS },
  '/etc/apache2/default.conf': { content: APACHE },
  '/etc/apache2/vhost.conf': { content: VHOST },
  '/etc/ssh/sshd_config': { content: SSHD, mode: '0600' },
  '/etc/apache/ports': { content: 'NameVirtualHost 80\nListen 80\n' },
  '/home/jdoe/.ssh/known_hosts': { content: 'old.host.name ssh-ed25519 AAA\nother ssh-rsa BBB\n', mode: '0600' },
  '/etc/current.conf': { type: 'link', target: '/etc/versions/v2.conf' },
  '/etc/versions/v2.conf': { content: 'level=debug\n', owner: 'www', group: 'www' },
}

const kept = { mode: '0644', owner: 'root', group: 'root' }
const put = (path: string, content: string, extra: object = kept): Change => ({ kind: 'put', path, content: Buffer.from(content), ...extra })
const edit = (path: string, before: string, after: string, count: number, changes: Change[] = [put(path, after)]): Plan => ({
  changed: true, changes, diffs: [{ path, before, after }], data: { path, msg: `${count} replacements made` },
})
const noop = (path: string, why: string): Plan => ({ changed: false, noop: `${path}: ${why}`, data: { path } })

describe('replace plans', () => {
  it.each<[string, Record<string, unknown>, Plan]>([
    ['old hostname to new (Ansible example)', { path: '/etc/hosts', regexp: '(\\s+)old\\.host\\.name(\\s+.*)?$', replace: '\\1new.host.name\\2' },
      edit('/etc/hosts', HOSTS, '127.0.0.1 localhost localhost6\n10.0.0.5 new.host.name extra\n', 1)],
    ['after the expression till the end of the file (Ansible example; ^ also matches at the start of the section)', { path: '/etc/apache2/default.conf', after: 'NameVirtualHost [*]', regexp: '^(.+)$', replace: '# \\1' },
      edit('/etc/apache2/default.conf', APACHE, 'NameVirtualHost *# :80\n# <VirtualHost *:80>\n# DocumentRoot /var/www\n# </VirtualHost>\n# # live site config\n# ServerName x\n', 6)],
    ['before the expression from the beginning of the file (Ansible example)', { path: '/etc/apache2/default.conf', before: '# live site config', regexp: '^(.+)$', replace: '# \\1' },
      edit('/etc/apache2/default.conf', APACHE, '# NameVirtualHost *:80\n# <VirtualHost *:80>\n# DocumentRoot /var/www\n# </VirtualHost>\n# live site config\nServerName x\n', 4)],
    ['between (?m) after and before (Ansible example)', { path: '/etc/apache2/vhost.conf', after: '(?m)^<VirtualHost [*]>', before: '</VirtualHost>', regexp: '^(.+)$', replace: '# \\1' },
      edit('/etc/apache2/vhost.conf', VHOST, 'NameVirtualHost *\n<VirtualHost *>\n# DocumentRoot /var/www\n</VirtualHost>\n', 1)],
    ['before/after that match nothing: Ansible\'s message, nothing written', { path: '/etc/apache2/default.conf', before: 'nomatch', regexp: '^(.+)$', replace: '# \\1' },
      noop('/etc/apache2/default.conf', 'Pattern for before/after params did not match the given file: (?P<subsection>.*)nomatch')],
    ['a line removed, with owner/group/mode (Ansible known_hosts example)', { path: '/home/jdoe/.ssh/known_hosts', regexp: '^old\\.host\\.name[^\\n]*\\n', owner: 'www', group: 'www', mode: '0644' },
      edit('/home/jdoe/.ssh/known_hosts', 'old.host.name ssh-ed25519 AAA\nother ssh-rsa BBB\n', 'other ssh-rsa BBB\n', 1,
        [put('/home/jdoe/.ssh/known_hosts', 'other ssh-rsa BBB\n', { mode: '0644', owner: 'www', group: 'www' })])],
    ['validate (Ansible example; \\s*$ takes the newline too, as in Python)', { path: '/etc/apache/ports', regexp: '^(NameVirtualHost|Listen)\\s+80\\s*$', replace: '\\1 127.0.0.1:8080', validate: '/usr/sbin/apache2ctl -f %s -t' },
      edit('/etc/apache/ports', 'NameVirtualHost 80\nListen 80\n', 'NameVirtualHost 127.0.0.1:8080\nListen 127.0.0.1:8080', 2,
        [put('/etc/apache/ports', 'NameVirtualHost 127.0.0.1:8080\nListen 127.0.0.1:8080', { ...kept, validate: '/usr/sbin/apache2ctl -f %s -t' })])],
    ['word boundaries and empty groups (Ansible localhost example)', { path: '/etc/hosts', regexp: '\\b(localhost)(\\d*)\\b', replace: '\\1\\2.localdomain\\2 \\1\\2' },
      edit('/etc/hosts', HOSTS, '127.0.0.1 localhost.localdomain localhost localhost6.localdomain6 localhost6\n10.0.0.5 old.host.name extra\n', 2)],
    ['\\g<1> then digits (Ansible example), mode kept', { path: '/etc/ssh/sshd_config', regexp: '^(ListenAddress[ ]+)[^\\n]+$', replace: '\\g<1>0.0.0.0' },
      edit('/etc/ssh/sshd_config', SSHD, 'Port 22\nListenAddress 0.0.0.0\n', 1, [put('/etc/ssh/sshd_config', 'Port 22\nListenAddress 0.0.0.0\n', { ...kept, mode: '0600' })])],
    ['named groups and \\n in the replacement (Ansible example)', { path: '/etc/ssh/sshd_config', regexp: '^(?P<dctv>ListenAddress[ ]+)(?P<host>[^\\n]+)$', replace: '#\\g<dctv>\\g<host>\\n\\g<dctv>0.0.0.0' },
      edit('/etc/ssh/sshd_config', SSHD, 'Port 22\n#ListenAddress 10.0.0.1\nListenAddress 0.0.0.0\n', 1, [put('/etc/ssh/sshd_config', 'Port 22\n#ListenAddress 10.0.0.1\nListenAddress 0.0.0.0\n', { ...kept, mode: '0600' })])],
    ['replace defaults to empty: matches are deleted', { path: '/etc/hosts', regexp: '^10\\..*\\n' },
      edit('/etc/hosts', HOSTS, '127.0.0.1 localhost localhost6\n', 1)],
    ['no match: nothing to do', { path: '/etc/hosts', regexp: '^192\\.168\\.' }, noop('/etc/hosts', 'regexp matched nothing')],
    ['matches already replaced: nothing to do on a rerun', { path: '/etc/ssh/sshd_config', regexp: '^Port \\d+$', replace: 'Port 22' }, noop('/etc/ssh/sshd_config', '1 match(es), already as wanted')],
    ['already replaced, symbolic mode that is already so', { path: '/etc/ssh/sshd_config', regexp: '^Port 22$', replace: 'Port 22', mode: 'go-rwx,u=rw' },
      noop('/etc/ssh/sshd_config', '1 match(es), already as wanted; attributes match')],
    ['through a symbolic link: the target is written', { path: '/etc/current.conf', regexp: 'debug', replace: 'info' },
      edit('/etc/current.conf', 'level=debug\n', 'level=info\n', 1, [put('/etc/versions/v2.conf', 'level=info\n', { mode: '0644', owner: 'www', group: 'www' })])],
  ])('%s', async (_n, args, expected) => {
    expect(await replace.plan(args as never, fakeContext(FS))).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no file', { path: '/etc/none', regexp: 'x' }, /^Path \/etc\/none does not exist !$/],
    ['a directory', { path: '/etc', regexp: 'x' }, /^Path \/etc is a directory !$/],
    ['a group the regexp lacks (checked even without a match, as re.sub does)', { path: '/etc/hosts', regexp: 'nomatch', replace: '\\1' }, /replace: invalid group reference 1/],
    ['an encoding it cannot edit', { path: '/etc/hosts', regexp: 'x', encoding: 'utf-16' }, /encoding utf-16 is not supported/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(replace.plan(args as never, fakeContext(FS))).rejects.toThrow(msg)
  })

  it('a rerun costs one fetch', async () => {
    const ctx = fakeContext(FS)
    await replace.plan({ path: '/etc/hosts', regexp: '^192\\.168\\.' }, ctx)
    expect(ctx.probe.calls).toEqual(['fetch /etc/hosts'])
  })

  it.each<[Record<string, unknown>, string | undefined]>([
    [{ dest: '/x', regexp: 'a', replace: 'b', encoding: 'latin-1', backup: 'yes' }, undefined],
    [{ path: '/x', replace: 'b' }, "replace: missing required argument 'regexp'"],
    [{ path: '/x', regexp: 'a', replce: 'b' }, "replace: unknown argument 'replce' (did you mean 'replace'?)"],
  ])('load-time check of %j', (args, msg) => {
    const check = (): void => validateArgs(replace, args, { file: 'site.yml', line: 3 }, { ignoreTemplated: true })
    if (msg) expect(check).toThrow(msg)
    else expect(check).not.toThrow()
  })
})
