/**
 * One command on one exec channel: stdin, output, exit status, a client-side timeout guard,
 * the sudo -S password dialogue, and UnreachableError when the connection drops under it.
 */
import { constants } from 'node:os'
import type { Client as ClientT, ClientChannel } from 'ssh2'
import { KrunError } from '../core/errors.js'
import { stripSudoNoise, type BuiltCommand } from './ssh-command.js'
import { UnreachableError } from './types.js'

/** Output as bytes (fetch with become reads binary files through cat). */
export interface RawResult {
  rc: number
  stdout: Buffer
  stderr: Buffer
}

/** Grace after the remote timeout(1) -k before the client gives up on the channel. */
const GUARD_MS = 7_000

function rcOf(code: number | null | undefined, signal: string | undefined): number {
  if (typeof code === 'number') return code
  const n = signal ? (constants.signals as Record<string, number>)[`SIG${signal}`] : undefined
  return n ? 128 + n : 255
}

/** Runs a built command; `dropped` tells whether the connection died (then the result is UnreachableError). */
export function execChannel(
  client: ClientT,
  built: BuiltCommand,
  stdin: Buffer | undefined,
  timeoutMs: number | undefined,
  dropped: () => UnreachableError | undefined,
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const onChannel = (err: Error | undefined, ch: ClientChannel): void => {
      if (err) {
        reject(dropped() ?? new KrunError('E_SSH_CHANNEL', `ssh: cannot open a channel: ${err.message}`))
        return
      }
      const out: Buffer[] = []
      const errs: Buffer[] = []
      let rc: number | undefined
      let timedOut = false
      let guard: NodeJS.Timeout | undefined
      const sudo = built.sudo
      let pre = sudo ? '' : undefined // stderr while sudo may still prompt
      let answered = 0
      const sendStdin = (): void => {
        ch.end(stdin ?? undefined)
      }
      ch.on('data', (d: Buffer) => out.push(d))
      ch.stderr.on('data', (d: Buffer) => {
        if (pre === undefined || !sudo) return void errs.push(d)
        pre += d.toString('latin1')
        const at = pre.indexOf(`${sudo.marker}\n`)
        if (at >= 0) {
          const rest = pre.slice(at + sudo.marker.length + 1)
          pre = undefined
          if (rest) errs.push(Buffer.from(rest, 'latin1'))
          sendStdin()
          return
        }
        const prompts = pre.split(sudo.prompt).length - 1
        if (prompts > answered) {
          // Answer once; a second prompt means a wrong password: EOF makes sudo give up.
          if (answered === 0) ch.write(`${sudo.password}\n`)
          else ch.end()
          answered = prompts
        }
      })
      ch.on('exit', (code: number | null, signal?: string) => {
        rc = rcOf(code, signal)
      })
      ch.on('close', () => {
        if (guard) clearTimeout(guard)
        if (pre !== undefined && sudo) errs.push(Buffer.from(stripSudoNoise(pre, sudo), 'latin1'))
        const finish = (): void => {
          const gone = rc === undefined && !timedOut ? dropped() : undefined
          if (gone) return reject(gone)
          let code = timedOut ? 124 : rc ?? 255
          if (rc === undefined && !timedOut) errs.push(Buffer.from('ssh: channel closed without an exit status\n'))
          if (timeoutMs !== undefined && (code === 124 || code === 137) && Date.now() - started >= timeoutMs) {
            code = 124
            errs.push(Buffer.from(`krun: command timed out after ${timeoutMs} ms\n`))
          }
          resolve({ rc: code, stdout: Buffer.concat(out), stderr: Buffer.concat(errs) })
        }
        // The connection's own close may come a moment after its channels': look after it.
        if (rc === undefined) setImmediate(finish)
        else finish()
      })
      if (timeoutMs !== undefined) {
        guard = setTimeout(() => {
          timedOut = true
          try {
            ch.signal('KILL')
          } catch {
            // signals are optional in the protocol
          }
          ch.close()
        }, timeoutMs + GUARD_MS)
      }
      if (!sudo) sendStdin()
    }
    try {
      client.exec(built.line, onChannel)
    } catch (e) {
      // ssh2 throws when the socket is already gone, before the connection's close event.
      reject(dropped() ?? new UnreachableError(`ssh: connection lost: ${(e as Error).message}`))
    }
  })
}
