import { Writable } from 'node:stream'
import type { HostResult, HostStats, TaskInfo } from '../core/results.js'
import type { Reporter } from './types.js'

/** A writable that keeps what it is given (tests of reporters). */
export class Capture extends Writable {
  text = ''
  isTTY = false
  columns = 80
  rows = 24
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

/** A task as the engine describes it, for tests. */
export function task(name: string, extra: Partial<TaskInfo> = {}): TaskInfo {
  return { name, action: 'copy', pos: { file: 'site.yml', line: 3 }, isHandler: false, ...extra }
}

/** A host result with defaults, for tests. */
export function result(host: string, t: TaskInfo, status: HostResult['status'], extra: Partial<HostResult> = {}): HostResult {
  return { host, task: t, status, durationMs: 5, ...extra }
}

function stats(s: Partial<HostStats>): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, ...s }
}

/**
 * Drives a reporter through a play that has every kind of result: ok, changed with a diff,
 * loop items, skipped, debug output, failed, unreachable, ignored, a warning, a handler.
 */
export async function scriptedRun(r: Reporter): Promise<void> {
  const hosts = ['h1', 'web02']
  r.playStart?.({ name: 'web', hosts, pos: { file: 'site.yml', line: 1 }, check: false })
  const cfg = task('write config', { role: 'base' })
  r.taskStart?.({ task: cfg, hosts })
  r.hostResult?.(result('web02', cfg, 'changed', {
    msg: 'content differs',
    diffs: [{ path: '/etc/app.conf', before: 'a=1\n', after: 'a=2\n' }],
  }))
  r.hostResult?.(result('h1', cfg, 'ok', { msg: 'up to date', data: { checksum: 'abc' } }))
  r.taskEnd?.({ task: cfg })
  const loop = task('make dirs', { action: 'file' })
  r.taskStart?.({ task: loop, hosts })
  r.hostResult?.(result('h1', loop, 'changed', { item: '/srv/a' }))
  r.hostResult?.(result('h1', loop, 'ok', { item: '/srv/b' }))
  r.hostResult?.(result('web02', loop, 'skipped', { msg: 'Conditional result was False' }))
  r.taskEnd?.({ task: loop })
  const dbg = task('show', { action: 'debug' })
  r.taskStart?.({ task: dbg, hosts })
  r.hostResult?.(result('h1', dbg, 'ok', { display: 'hello h1' }))
  r.hostResult?.(result('web02', dbg, 'ok', { display: 'hello web02' }))
  r.taskEnd?.({ task: dbg })
  const svc = task('start etcd', { action: 'systemd' })
  r.taskStart?.({ task: svc, hosts })
  r.hostResult?.(result('web02', svc, 'unreachable', { msg: 'connect ECONNREFUSED 10.0.0.2:22' }))
  r.hostResult?.(result('h1', svc, 'failed', { msg: 'Command failed with exit code 1: systemctl start etcd\nno such unit' }))
  r.taskEnd?.({ task: svc })
  r.warn?.('no hosts left')
  const opt = task('optional', { action: 'command' })
  r.taskStart?.({ task: opt, hosts: ['h1'] })
  r.hostResult?.(result('h1', opt, 'ignored', { msg: 'rc=2' }))
  r.taskEnd?.({ task: opt })
  const hdl = task('restart app', { action: 'systemd', isHandler: true, role: 'base' })
  r.taskStart?.({ task: hdl, hosts: ['h1'] })
  r.hostResult?.(result('h1', hdl, 'changed'))
  r.taskEnd?.({ task: hdl })
  r.playEnd?.({ name: 'web' })
  r.recap?.({
    web02: stats({ changed: 1, skipped: 1, ok: 1, unreachable: 1 }),
    h1: stats({ ok: 3, changed: 2, failed: 1, ignored: 1 }),
  })
  await r.close?.()
}
