import { describe, expect, it } from 'vitest'
import { renderDiff } from './diff.js'
import type { FileDiff } from '../modules/types.js'

describe('renderDiff', () => {
  it.each<[string, FileDiff, string]>([
    [
      'a modified file',
      { path: '/etc/x', before: 'a\nb\nc\n', after: 'a\nB\nc\n' },
      '--- before: /etc/x\n+++ after: /etc/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    ],
    [
      'a created file',
      { path: '/etc/x', before: null, after: 'one\ntwo\n' },
      '--- before: /etc/x (absent)\n+++ after: /etc/x\n@@ -0,0 +1,2 @@\n+one\n+two\n',
    ],
    [
      'a removed file',
      { path: '/etc/x', before: 'one\n', after: null },
      '--- before: /etc/x\n+++ after: /etc/x (absent)\n@@ -1,1 +0,0 @@\n-one\n',
    ],
    [
      'a trailing newline added',
      { path: '/etc/x', before: 'a', after: 'a\n' },
      '--- before: /etc/x\n+++ after: /etc/x\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n',
    ],
    [
      'a trailing newline removed',
      { path: '/etc/x', before: 'a\n', after: 'a' },
      '--- before: /etc/x\n+++ after: /etc/x\n@@ -1,1 +1,1 @@\n-a\n+a\n\\ No newline at end of file\n',
    ],
    ['no content change', { path: '/etc/x', before: 'same\n', after: 'same\n' }, ''],
  ])('renders %s', (_name, d, expected) => {
    expect(renderDiff(d, false)).toBe(expected)
  })

  it('keeps only three lines of context around a change', () => {
    const before = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\n'
    const text = renderDiff({ path: '/x', before, after: before.replace('l8', 'L8') }, false)
    expect(text).toContain('@@ -5,4 +5,4 @@\n l5\n l6\n l7\n-l8\n+L8\n')
    expect(text).not.toContain(' l4')
  })

  it('colours removals red, additions green and hunk headers cyan', () => {
    const text = renderDiff({ path: '/etc/x', before: 'a\n', after: 'b\n' }, true)
    expect(text).toBe(
      '\x1b[31m--- before: /etc/x\x1b[0m\n\x1b[32m+++ after: /etc/x\x1b[0m\n' +
        '\x1b[36m@@ -1,1 +1,1 @@\x1b[0m\n\x1b[31m-a\x1b[0m\n\x1b[32m+b\x1b[0m\n',
    )
  })

  it('prints no escape when colour is off', () => {
    expect(renderDiff({ path: '/etc/x', before: 'a\n', after: 'b\n' }, false)).not.toContain('\x1b')
  })

  it.each([true, false])('prints only the summary of a redacted diff (colour %s)', (color) => {
    const d: FileDiff = {
      path: '/etc/kubernetes/pki/ca-key.pem',
      before: '-----BEGIN OLD KEY-----\nold-secret\n',
      after: '-----BEGIN NEW KEY-----\nnew-secret\n',
      redacted: 'private key changed (content hidden)',
    }
    const text = renderDiff(d, color)
    expect(text).toContain('private key changed (content hidden)')
    expect(text).toContain('/etc/kubernetes/pki/ca-key.pem')
    for (const secret of ['old-secret', 'new-secret', 'BEGIN']) expect(text).not.toContain(secret)
  })
})
