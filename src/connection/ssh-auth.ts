/**
 * Authentication attempts in OpenSSH's order: explicit key files, the agent, default keys
 * (only when no key was given), password. Encrypted keys use the passphrase option or
 * ask once through a callback the CLI provides (TTY only).
 */
import { existsSync, readFileSync } from 'node:fs'
import ssh2 from 'ssh2'
import type { AuthenticationType, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2'
import { defaultKeyPaths, type SshTarget } from './ssh-target.js'

/** Asks the user for a key's passphrase (no echo); undefined when nobody can answer. */
export type AskPassphrase = (keyPath: string) => Promise<string | undefined>

/** One attempt: what ssh2 gets, and how the failure message names it. */
export interface AuthAttempt {
  label: string
  method: 'publickey' | 'password' | 'keyboard-interactive'
  auth: Record<string, unknown> & { type: string }
}

/** Passphrases typed once per key file, for every connection of this process. */
const typed = new Map<string, string>()
/** Prompts under way: hosts connecting in parallel share one question per key file. */
const asking = new Map<string, Promise<string | undefined>>()

function askOnce(path: string, ask: AskPassphrase): Promise<string | undefined> {
  let p = asking.get(path)
  if (!p) {
    p = ask(path).finally(() => asking.delete(path))
    asking.set(path, p)
  }
  return p
}

async function keyAttempt(path: string, t: SshTarget, ask: AskPassphrase | undefined, notes: string[]): Promise<AuthAttempt | undefined> {
  let data: Buffer
  try {
    data = readFileSync(path)
  } catch (e) {
    notes.push(`key ${path} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`)
    return undefined
  }
  let passphrase = t.passphrase ?? typed.get(path)
  let parsed = ssh2.utils.parseKey(data, passphrase)
  if (parsed instanceof Error && /encrypted|passphrase/i.test(parsed.message) && passphrase === undefined && ask) {
    passphrase = await askOnce(path, ask)
    if (passphrase !== undefined) parsed = ssh2.utils.parseKey(data, passphrase)
    if (passphrase !== undefined && !(parsed instanceof Error)) typed.set(path, passphrase)
  }
  if (parsed instanceof Error) {
    notes.push(`key ${path} (${/encrypted|passphrase/i.test(parsed.message) ? 'encrypted, no usable passphrase' : 'unreadable key'})`)
    return undefined
  }
  const auth: AuthAttempt['auth'] = { type: 'publickey', username: t.user, key: data }
  if (passphrase !== undefined) auth.passphrase = passphrase
  return { label: `key ${path}`, method: 'publickey', auth }
}

/** Builds the ordered attempts; `notes` collects keys that could not be used (for the failure message). */
export async function authAttempts(t: SshTarget, home: string, ask?: AskPassphrase): Promise<{ attempts: AuthAttempt[]; notes: string[] }> {
  const attempts: AuthAttempt[] = []
  const notes: string[] = []
  for (const p of t.privateKeyPaths ?? []) {
    const a = await keyAttempt(p, t, ask, notes)
    if (a) attempts.push(a)
  }
  if (t.agent) attempts.push({ label: 'agent', method: 'publickey', auth: { type: 'agent', username: t.user, agent: t.agent } })
  if (!t.privateKeyPaths?.length) {
    for (const p of defaultKeyPaths(home).filter((k) => existsSync(k))) {
      const a = await keyAttempt(p, t, ask, notes)
      if (a) attempts.push(a)
    }
  }
  if (t.password !== undefined) {
    const password = t.password
    attempts.push({ label: 'password', method: 'password', auth: { type: 'password', username: t.user, password } })
    // Servers with PasswordAuthentication off may still take the password this way.
    attempts.push({
      label: 'keyboard-interactive',
      method: 'keyboard-interactive',
      auth: {
        type: 'keyboard-interactive',
        username: t.user,
        prompt: (_n: string, _i: string, _l: string, prompts: unknown[], finish: (answers: string[]) => void) => finish(prompts.map(() => password)),
      },
    })
  }
  return { attempts, notes }
}

/** An ssh2 authHandler that walks the attempts the server still allows, recording each label in `tried`. */
export function authHandler(attempts: readonly AuthAttempt[], tried: string[]): AuthHandlerMiddleware {
  let i = 0
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuthHandler): void => {
    while (i < attempts.length) {
      const a = attempts[i++]!
      if (methodsLeft && !methodsLeft.includes(a.method as AuthenticationType)) continue
      if (!tried.includes(a.label)) tried.push(a.label)
      next(a.auth as unknown as Parameters<NextAuthHandler>[0])
      return
    }
    next(false as unknown as Parameters<NextAuthHandler>[0])
  }
}
