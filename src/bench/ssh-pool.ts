/**
 * Bare ssh2 helpers for the bench's own traffic (the floor contender and state resets):
 * one connection per host, TCP_NODELAY, exec with optional stdin. No krun code on this path,
 * so the floor measures ssh2 itself.
 */
import { readFileSync } from 'node:fs'
import { Client } from 'ssh2'

/** A lab host the bench may reach. */
export interface BenchHost {
  name: string
  address: string
}

/** One exec's outcome. */
export interface ExecOut {
  rc: number
  stdout: string
}

/** Opens one root connection to `address` with the key; resolves when authenticated. */
export function connect(address: string, keyPath: string, timeoutMs = 20_000): Promise<Client> {
  const key = readFileSync(keyPath)
  return new Promise((resolve, reject) => {
    const c = new Client()
    c.on('ready', () => resolve(c))
    c.on('error', reject)
    // ssh2 leaves Nagle on: 48 ms per round trip instead of ~3 (LAB.md)
    c.on('connect', () => c.setNoDelay(true))
    c.connect({ host: address, port: 22, username: 'root', privateKey: key, readyTimeout: timeoutMs })
  })
}

/** Runs one sh command line on an open connection; stdin (if any) is written and closed. */
export function exec(c: Client, cmd: string, stdin?: string | Buffer): Promise<ExecOut> {
  return new Promise((resolve, reject) => {
    c.exec(cmd, (err, ch) => {
      if (err) return reject(err)
      const out: Buffer[] = []
      let rc = -1
      ch.on('data', (d: Buffer) => out.push(d))
      ch.stderr.on('data', () => undefined)
      ch.on('exit', (code: number | null) => (rc = code ?? -1))
      ch.on('close', () => resolve({ rc, stdout: Buffer.concat(out).toString() }))
      ch.end(stdin)
    })
  })
}

/** Runs `cmd` on every host at once over fresh connections; rejects naming the first host that failed. */
export async function onAll(hosts: readonly BenchHost[], keyPath: string, cmd: string): Promise<void> {
  await Promise.all(
    hosts.map(async (h) => {
      const c = await connect(h.address, keyPath)
      try {
        const r = await exec(c, cmd)
        if (r.rc !== 0) throw new Error(`${h.name}: '${cmd}' exited ${r.rc}`)
      } finally {
        c.end()
      }
    }),
  )
}
