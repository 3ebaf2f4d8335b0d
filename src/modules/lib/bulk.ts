/** Commands over many paths without hitting the kernel's 128 KiB limit on one argument. */
import { shJoin } from '../../connection/quote.js'
import type { Change, Probe } from '../types.js'
import type { ExecResult } from '../../connection/types.js'

/** Past this many bytes a command line goes to `sh` on stdin instead of as `sh -c` text. */
export const INLINE_MAX = 96 * 1024

/** Runs a read-only probe command, through stdin when it is too long for one argument. */
export function execLong(probe: Probe, cmd: string): Promise<ExecResult> {
  return cmd.length > INLINE_MAX ? probe.exec('sh', { stdin: cmd }) : probe.exec(cmd)
}

/** An exec change `argv... -- paths...`; many paths go through `xargs -0` on stdin. */
export function bulkChange(argv: string[], paths: string[], reason: string): Change {
  const inline = shJoin([...argv, '--', ...paths])
  if (inline.length <= INLINE_MAX && paths.length <= 200) return { kind: 'exec', cmd: inline, reason }
  return { kind: 'exec', cmd: `xargs -0 ${shJoin([...argv, '--'])}`, stdin: Buffer.from(`${paths.join('\0')}\0`), reason }
}
