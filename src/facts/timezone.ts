/** The host's time zone in one command: /etc/localtime, /etc/timezone, the zone file, and timedatectl. */
import { quote } from '../connection/quote.js'
import { SYSTEMD_BOOTED } from './systemd.js'

/** Where zone files live. */
export const ZONEINFO = '/usr/share/zoneinfo'

/** What the probe found. */
export interface TimezoneFacts {
  /** systemd runs as init and timedatectl is installed. */
  timedatectl: boolean
  /** readlink of /etc/localtime; 'file' when it is a regular file, null when absent. */
  localtime: string | null
  /** The zone's file exists under ZONEINFO. */
  zoneExists: boolean
  /** A Debian-family host (/etc/debian_version), which keeps /etc/timezone. */
  debian: boolean
  /** /etc/timezone's content; null when absent. */
  timezoneFile: string | null
}

/** One sh command line that prints TimezoneFacts for zone `name` (parse with parseTimezone). */
export function timezoneCommand(name: string): string {
  return [
    `if ${SYSTEMD_BOOTED} && command -v timedatectl >/dev/null 2>&1; then echo timedatectl=yes; else echo timedatectl=no; fi`,
    `if [ -L /etc/localtime ]; then printf 'link=%s\\n' "$(readlink /etc/localtime)"; elif [ -e /etc/localtime ]; then echo localtime=file; else echo localtime=none; fi`,
    `if [ -f ${quote(`${ZONEINFO}/${name}`)} ]; then echo zone=yes; else echo zone=no; fi`,
    'if [ -f /etc/debian_version ]; then echo debian=yes; else echo debian=no; fi',
    'if [ -f /etc/timezone ]; then echo tzfile=yes; cat /etc/timezone; else echo tzfile=no; fi',
  ].join('; ')
}

/** Parses timezoneCommand's output: five status lines, then /etc/timezone verbatim. */
export function parseTimezone(output: string): TimezoneFacts {
  const [tool = '', lt = '', zone = '', debian = '', tz = ''] = output.split('\n', 5)
  return {
    timedatectl: tool === 'timedatectl=yes',
    localtime: lt.startsWith('link=') ? lt.slice(5) : lt === 'localtime=file' ? 'file' : null,
    zoneExists: zone === 'zone=yes',
    debian: debian === 'debian=yes',
    timezoneFile: tz === 'tzfile=yes' ? output.split('\n').slice(5).join('\n') : null,
  }
}

/** The zone a /etc/localtime link names (`../usr/share/zoneinfo/Europe/Paris` -> `Europe/Paris`), if any. */
export function zoneOfLink(target: string | null): string | undefined {
  return target ? /(?:^|\/)zoneinfo\/(.+)$/.exec(target)?.[1] : undefined
}
