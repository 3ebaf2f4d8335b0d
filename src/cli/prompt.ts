import { createInterface } from 'node:readline'

/** Reads a secret from the terminal without echo (or a line from stdin when it is not a TTY). */
export async function promptSecret(question: string): Promise<string> {
  const input = process.stdin
  const output = process.stderr
  if (!input.isTTY) {
    const rl = createInterface({ input })
    for await (const line of rl) {
      rl.close()
      return line
    }
    return ''
  }
  output.write(question)
  input.setRawMode(true)
  input.resume()
  let value = ''
  return new Promise((resolve) => {
    const onData = (buf: Buffer): void => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.setRawMode(false)
          input.pause()
          input.off('data', onData)
          output.write('\n')
          resolve(value)
          return
        }
        if (ch === '\u0003') process.exit(130)
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch
      }
    }
    input.on('data', onData)
  })
}
