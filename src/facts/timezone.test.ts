import { describe, expect, it } from 'vitest'
import { parseTimezone, timezoneCommand, zoneOfLink } from './timezone.js'

describe('timezone facts', () => {
  it.each<[string, string, object]>([
    ['a Debian systemd host (as debootstrap leaves it)', 'timedatectl=yes\nlink=/usr/share/zoneinfo/Etc/UTC\nzone=yes\ndebian=yes\ntzfile=yes\nEtc/UTC\n',
      { timedatectl: true, localtime: '/usr/share/zoneinfo/Etc/UTC', zoneExists: true, debian: true, timezoneFile: 'Etc/UTC\n' }],
    ['a copied zone file, no /etc/timezone', 'timedatectl=no\nlocaltime=file\nzone=no\ndebian=no\ntzfile=no\n',
      { timedatectl: false, localtime: 'file', zoneExists: false, debian: false, timezoneFile: null }],
    ['no /etc/localtime at all', 'timedatectl=no\nlocaltime=none\nzone=yes\ndebian=yes\ntzfile=no\n', { localtime: null, timezoneFile: null }],
  ])('parses %s', (_n, out, expected) => expect(parseTimezone(out)).toMatchObject(expected))

  it.each<[string | null, string | undefined]>([
    ['/usr/share/zoneinfo/Europe/Paris', 'Europe/Paris'], ['../usr/share/zoneinfo/Etc/UTC', 'Etc/UTC'], ['/usr/share/zoneinfo/UTC', 'UTC'],
    ['/etc/zones/x', undefined], ['file', undefined], [null, undefined],
  ])('the link %j names %s', (target, zone) => expect(zoneOfLink(target)).toBe(zone))

  it('quotes the zone in the probe', () => {
    expect(timezoneCommand("A'B")).toContain(`if [ -f '/usr/share/zoneinfo/A'\\''B' ]`)
  })
})
