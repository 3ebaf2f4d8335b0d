/**
 * Host key policy for one connection: check the offered key against known_hosts, add it
 * with accept-new, refuse unknown (with the line to add), changed and revoked keys.
 */
import {
  appendKnownHost, blobKeyType, checkHostKey, fingerprint, knownHostsLine, knownKeyTypes, readKnownHosts,
} from './known-hosts.js'
import { endpoint, HostKeyError } from './ssh-errors.js'
import type { SshTarget } from './ssh-target.js'

/** Server host key algorithms per known_hosts key type. */
const ALGOS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
}

/** A verifier for ssh2 plus what it refused, and the algorithms to ask for first. */
export interface HostKeyPolicy {
  verify: (key: Buffer) => boolean
  /** Set when verify refused: the error to report instead of ssh2's generic one. */
  refused: () => HostKeyError | undefined
  /** Key types already known for this host, first (as OpenSSH orders them), so a known key is offered. */
  preferredAlgorithms: string[]
}

/** Builds the policy from the target's known_hosts file (read once per connect). */
export function hostKeyPolicy(t: SshTarget): HostKeyPolicy {
  const entries = readKnownHosts(t.knownHostsFile)
  let refused: HostKeyError | undefined
  const at = endpoint(t)
  const verify = (key: Buffer): boolean => {
    const type = blobKeyType(key)
    const fp = fingerprint(key)
    const r = checkHostKey(entries, t.address, t.port, key)
    if (r.status === 'known') return true
    if (r.status === 'revoked') {
      refused = new HostKeyError('revoked', `ssh: host key ${type} ${fp} of ${at} is marked as revoked in ${r.entry.file}:${r.entry.line}`)
      return false
    }
    if (r.status === 'changed') {
      refused = new HostKeyError(
        'changed',
        `ssh: REMOTE HOST IDENTIFICATION HAS CHANGED for ${at}: it offered ${type} ${fp}, but ${r.entry.file}:${r.entry.line} holds another ${r.entry.keyType} key ` +
          `(someone may be intercepting; if the host was rebuilt, remove that line: ssh-keygen -R ${t.port === 22 ? t.address : `'[${t.address}]:${t.port}'`} -f ${t.knownHostsFile})`,
      )
      return false
    }
    const line = knownHostsLine(t.address, t.port, key)
    if (t.strictHostKeyChecking === 'accept-new') {
      appendKnownHost(t.knownHostsFile, line)
      return true
    }
    if (t.strictHostKeyChecking === 'no') return true
    const others = r.otherTypes.length ? ` (known there with other key types: ${r.otherTypes.join(', ')})` : ''
    refused = new HostKeyError(
      'unknown',
      `ssh: host key of ${at} is not known${others}: ${type} ${fp}; if that is the host's key, add this line to ${t.knownHostsFile}: ${line}`,
      line,
    )
    return false
  }
  const preferredAlgorithms = knownKeyTypes(entries, t.address, t.port).flatMap((k) => ALGOS[k] ?? [])
  return { verify, refused: () => refused, preferredAlgorithms }
}
