import type { FileStat } from '../../facts/stat.js'
import type { FileDiff, Probe } from '../types.js'

/** Larger files are not fetched or shown in diffs. */
export const DIFF_MAX_BYTES = 256 * 1024

/** Binary files (a NUL byte) are shown as a placeholder. */
export function isBinary(buf: Buffer): boolean {
  return buf.includes(0)
}

/** Diff text for content: the text itself, or a placeholder for binary or large content. */
export function diffText(buf: Buffer): string {
  if (buf.length > DIFF_MAX_BYTES) return `<${buf.length} bytes>\n`
  if (isBinary(buf)) return `<binary ${buf.length} bytes>\n`
  return buf.toString('utf8')
}

/**
 * The before/after diff of a content change. The current content is fetched only when the
 * file is small enough to show and not already `known`; otherwise a placeholder stands for it.
 */
export async function contentDiff(probe: Probe, st: FileStat, after: Buffer, noLog: boolean, known?: Buffer): Promise<FileDiff> {
  const path = st.path
  if (noLog) return { path, before: st.exists ? '' : null, after: '', redacted: 'content hidden (no_log)' }
  if (!st.exists) return { path, before: null, after: diffText(after) }
  let before: string
  if (known) before = diffText(known)
  else if (st.size > DIFF_MAX_BYTES) before = `<${st.size} bytes>\n`
  else {
    const cur = await probe.fetch(path)
    before = cur === null ? '' : diffText(cur)
  }
  return { path, before, after: diffText(after) }
}
