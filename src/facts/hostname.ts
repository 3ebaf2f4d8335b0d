/** The host's names in one command: the running (kernel) hostname, /etc/hostname, and the tools to set them. */
import { SYSTEMD_BOOTED } from './systemd.js'

/** What the probe found. */
export interface HostnameFacts {
  /** The running hostname (`uname -n`). */
  current: string
  /** /etc/hostname's content; null when there is no such file. */
  file: string | null
  /** systemd runs as init and hostnamectl is installed. */
  hostnamectl: boolean
}

/** One sh command line that prints HostnameFacts (parse with parseHostname). */
export function hostnameCommand(): string {
  return [
    `if ${SYSTEMD_BOOTED} && command -v hostnamectl >/dev/null 2>&1; then echo hostnamectl=yes; else echo hostnamectl=no; fi`,
    `printf 'current=%s\\n' "$(uname -n)"`,
    'if [ -f /etc/hostname ]; then echo file=yes; cat /etc/hostname; else echo file=no; fi',
  ].join('; ')
}

/** Parses hostnameCommand's output: three status lines, then /etc/hostname verbatim. */
export function parseHostname(output: string): HostnameFacts {
  const [tool = '', current = '', file = ''] = output.split('\n', 3)
  return {
    current: current.replace(/^current=/, ''),
    file: file === 'file=yes' ? output.split('\n').slice(3).join('\n') : null,
    hostnamectl: tool === 'hostnamectl=yes',
  }
}

/** The static hostname /etc/hostname gives: its first line that is not empty or a comment. */
export function staticHostname(file: string | null): string | undefined {
  return (file ?? '').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'))
}
