/**
 * Files as "binary strings": one JS char per byte (latin1). Ansible's text modules work on
 * bytes; so do these, so a file round-trips byte for byte whatever its encoding, and only the
 * lines a task edits change.
 */

/** Bytes as a binary string. */
export function binOf(buf: Buffer): string {
  return buf.toString('latin1')
}

/** A binary string back to bytes. */
export function bufOf(bin: string): Buffer {
  return Buffer.from(bin, 'latin1')
}

/** An argument (UTF-8 text) as the binary string of its bytes, to compare with file content. */
export function argBin(text: string, encoding: BufferEncoding = 'utf8'): string {
  return Buffer.from(text, encoding).toString('latin1')
}

/** Python's bytes.readlines(): lines split after each `\n`, which they keep. */
export function readLines(bin: string): string[] {
  return bin.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/** Python's bytes.splitlines(True): lines split after `\n`, `\r\n` or `\r`, which they keep. */
export function splitLinesKeep(bin: string): string[] {
  return bin.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []
}

/** A line without its line ending (Python's rstrip(b'\r\n')). */
export function stripEol(line: string): string {
  return line.replace(/[\r\n]+$/, '')
}
