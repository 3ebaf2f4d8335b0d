/** Resolves once everything written so far to `out` has been handed to the OS. */
export function flush(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    // An empty write's callback runs after the writes queued before it.
    out.write('', () => resolve())
  })
}
