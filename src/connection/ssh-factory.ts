/**
 * One call from inventory variables to an SshConnection: reads ~/.ssh/config once per
 * process and resolves the target with Ansible's precedence.
 */
import { loadSshConfig, type SshConfig } from './ssh-config.js'
import { SshConnection, type SshConnectionOptions } from './ssh.js'
import { processEnv, resolveSshTarget, type SshCliOptions, type SshEnv } from './ssh-target.js'

let cached: { home: string; config: SshConfig } | undefined

/** ~/.ssh/config of the current user, read once. */
export function userSshConfig(env: SshEnv = processEnv()): SshConfig {
  if (cached?.home !== env.home) cached = { home: env.home, config: loadSshConfig(env.home) }
  return cached.config
}

/** An SshConnection for an inventory host (not connected until first used). */
export function sshConnectionFor(
  host: string,
  vars: Readonly<Record<string, unknown>>,
  cli: SshCliOptions = {},
  opts: SshConnectionOptions = {},
): SshConnection {
  const env = processEnv()
  return new SshConnection(resolveSshTarget(host, vars, cli, userSshConfig(env), env), { home: env.home, ...opts })
}
