/**
 * Keys of a lab: the client key root logs in with, and each host's ed25519 host key,
 * made before boot so known_hosts comes from the keys themselves, not from the network.
 */
import { readFileSync } from 'node:fs'
import { run } from './run.js'

/** Makes an unencrypted ed25519 key pair at path (+ .pub); returns the public line. */
export async function makeKeyPair(path: string, comment: string): Promise<string> {
  await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path])
  return readFileSync(`${path}.pub`, 'utf8').trim()
}

/** A host key: the `type base64` part of its public line, for known_hosts. */
export async function makeHostKey(path: string, host: string): Promise<string> {
  const pub = await makeKeyPair(path, `root@${host}`)
  return pub.split(/\s+/).slice(0, 2).join(' ')
}

/** known_hosts text for hosts whose host key public parts are known. */
export function renderKnownHosts(hosts: ReadonlyArray<{ address: string; hostKey: string }>): string {
  return hosts.map((h) => `${h.address} ${h.hostKey}\n`).join('')
}
