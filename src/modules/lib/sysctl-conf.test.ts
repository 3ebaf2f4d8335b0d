import { describe, expect, it } from 'vitest'
import { confValue, setConf } from './sysctl-conf.js'

const CONF = '# forwarding\nnet.ipv4.ip_forward = 0\n; old\nnet.core.somaxconn=1024\n-net.ipv4.ip_forward=1\n'

describe('sysctl.conf text', () => {
  it.each<[string | null, string, string | undefined]>([
    [CONF, 'net.ipv4.ip_forward', '1'],
    [CONF, 'net.core.somaxconn', '1024'],
    [CONF, 'net.ipv4.tcp_rmem', undefined],
    [null, 'net.ipv4.ip_forward', undefined],
    ['# net.ipv4.ip_forward=1\n', 'net.ipv4.ip_forward', undefined],
  ])('value in %j of %s is %s', (content, name, value) => expect(confValue(content, name)).toBe(value))

  it.each<[string, string | null, string, string | undefined, string]>([
    ['a new file', null, 'net.ipv4.ip_forward', '1', 'net.ipv4.ip_forward=1\n'],
    ['the first line replaced in place, later ones dropped, the rest untouched', CONF, 'net.ipv4.ip_forward', '1',
      '# forwarding\nnet.ipv4.ip_forward=1\n; old\nnet.core.somaxconn=1024\n'],
    ['appended to a file without a final newline', 'a=1', 'b', '2', 'a=1\nb=2\n'],
    ['removed', CONF, 'net.ipv4.ip_forward', undefined, '# forwarding\n; old\nnet.core.somaxconn=1024\n'],
    ['the last line removed: an empty file', 'net.ipv4.ip_forward=1\n', 'net.ipv4.ip_forward', undefined, ''],
  ])('%s', (_n, content, name, value, expected) => expect(setConf(content, name, value)).toBe(expected))
})
