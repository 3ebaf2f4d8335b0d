import type { Reporter, ReporterOptions } from './types.js'
import { createJsonReporter } from './json.js'
import { createPlainReporter } from './plain.js'
import { createTtyReporter } from './tty.js'

/** Which reporter `--json` / the terminal asks for; `auto` decides from the stream and CI. */
export type ReporterKind = 'auto' | 'tty' | 'plain' | 'json'

/** True when the environment says it is a CI job (CI=true, as GitHub, GitLab and others set). */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const v = env['CI']
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'
}

/**
 * Builds a reporter. `auto` is the live TTY reporter when `opts.out` is a terminal and not
 * in CI, else the plain line reporter; `tty` on a stream that is not a terminal degrades to
 * plain too, since redrawn lines would garble a log.
 */
export function createReporter(
  kind: ReporterKind,
  opts: ReporterOptions,
  env: NodeJS.ProcessEnv = process.env,
): Reporter {
  const tty = (opts.out as { isTTY?: boolean }).isTTY === true
  switch (kind) {
    case 'json':
      return createJsonReporter(opts)
    case 'plain':
      return createPlainReporter(opts)
    case 'tty':
      return tty ? createTtyReporter(opts) : createPlainReporter(opts)
    case 'auto':
      return tty && !isCI(env) ? createTtyReporter(opts) : createPlainReporter(opts)
  }
}
