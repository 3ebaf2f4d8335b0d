import { describe, expect, it } from 'vitest'
import { parseGroups, parseIdGroups, parsePasswd, parseShadow } from './accounts.js'

describe('account parsers', () => {
  it.each([
    ['alice:x:1001:1001:Alice A,,,:/home/alice:/bin/bash\n', { name: 'alice', uid: 1001, gid: 1001, comment: 'Alice A,,,', home: '/home/alice', shell: '/bin/bash' }],
    ['svc:x:998:998::/nonexistent:/usr/sbin/nologin', { name: 'svc', uid: 998, gid: 998, comment: '', home: '/nonexistent', shell: '/usr/sbin/nologin' }],
    ['', undefined],
    ['getent: error', undefined],
  ])('passwd %j', (line, expected) => {
    expect(parsePasswd(line)).toEqual(expected)
  })

  it('group lines with and without members', () => {
    expect(parseGroups('sudo:x:27:alice,bob\nops:x:1500:\n\n')).toEqual([
      { name: 'sudo', gid: 27, members: ['alice', 'bob'] },
      { name: 'ops', gid: 1500, members: [] },
    ])
  })

  it.each([
    ['alice:$6$salt$hash:19000:0:99999:7:::', { name: 'alice', hash: '$6$salt$hash' }],
    ['bob:!:19000::::::', { name: 'bob', hash: '!' }],
    ['', undefined],
  ])('shadow %j', (line, expected) => {
    expect(parseShadow(line)).toEqual(expected)
  })

  it('id -Gn words', () => {
    expect(parseIdGroups('alice sudo ops\n')).toEqual(['alice', 'sudo', 'ops'])
  })
})
