import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { splitArgs } from './shlex.js'

describe('splitArgs', () => {
  it.each([
    ['ls -l /tmp', ['ls', '-l', '/tmp']],
    ["echo 'a b'  c", ['echo', 'a b', 'c']],
    ['echo "a \\"q\\" $HOME"', ['echo', 'a "q" $HOME']],
    ['echo a\\ b', ['echo', 'a b']],
    ["echo ''", ['echo', '']],
    ['echo $HOME *.txt | wc > out', ['echo', '$HOME', '*.txt', '|', 'wc', '>', 'out']],
    ['  spaced\tout\n', ['spaced', 'out']],
    ['a"b"\'c\'d', ['abcd']],
  ])('%j', (line, argv) => {
    expect(splitArgs(line)).toEqual(argv)
  })
  it.each(["echo 'open", 'echo "open', 'echo \\'])('%j is an error', (line) => {
    expect(() => splitArgs(line)).toThrow(/cannot split command line/)
  })
  it("splits exactly as Python's shlex.split, which Ansible's command module uses", () => {
    const line = `one "two  three" 'fo"ur' fi\\ ve "s\\$x" '' a#b`
    const py = execFileSync('python3', ['-c', 'import json,shlex,sys; print(json.dumps(shlex.split(sys.argv[1])))', line]).toString()
    expect(splitArgs(line)).toEqual(JSON.parse(py))
  })
})
