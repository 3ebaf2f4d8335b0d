/**
 * Waits until sshd answers on a host: a TCP connection to port 22 that sends an SSH banner.
 */
import { connect } from 'node:net'
import { KrunError } from '../core/errors.js'
import { sleep } from './run.js'

/** One attempt: resolves true when the peer sends `SSH-` within timeoutMs. */
export function probeSsh(address: string, port = 22, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: address, port })
    let buf = ''
    const done = (ok: boolean): void => {
      clearTimeout(timer)
      if (ok) sock.end('SSH-2.0-krun-lab-probe\r\n')
      else sock.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    sock.setEncoding('latin1')
    sock.on('data', (d: string) => {
      buf += d
      if (buf.includes('SSH-')) done(true)
    })
    sock.on('error', () => done(false))
    sock.on('close', () => done(buf.includes('SSH-')))
  })
}

/** Polls until every address answers, or throws E_LAB_BOOT naming the hosts that never did. */
export async function waitForSsh(
  hosts: ReadonlyArray<{ name: string; address: string }>,
  timeoutMs: number,
  explain: (name: string) => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const pending = new Set(hosts.map((h) => h.name))
  while (pending.size > 0) {
    await Promise.all(
      hosts
        .filter((h) => pending.has(h.name))
        .map(async (h) => {
          if (await probeSsh(h.address, 22, 500)) pending.delete(h.name)
        }),
    )
    if (pending.size === 0) return
    if (Date.now() > deadline) {
      const names = [...pending]
      const why = names.map((n) => explain(n)).filter(Boolean).join('\n')
      throw new KrunError('E_LAB_BOOT', `sshd did not answer within ${Math.round(timeoutMs / 1000)} s on: ${names.join(', ')}${why ? `\n${why}` : ''}`)
    }
    await sleep(50)
  }
}
