import { describe, expect, it } from 'vitest'
import { selectTags } from './tags.js'

type Case = [nodeTags: string[], tags: string[], skipTags: string[], runs: boolean]

// each row: the node's effective tags, --tags, --skip-tags, whether it runs (checked against ansible-playbook's rules)
const cases: Case[] = [
  [[], [], [], true],
  [['web'], [], [], true],
  [['always'], [], [], true],
  [['never'], [], [], false],
  [['never', 'debug'], [], [], false],
  [['web'], ['web'], [], true],
  [['db'], ['web'], [], false],
  [[], ['web'], [], false],
  [['always'], ['web'], [], true],
  [['always'], ['web'], ['always'], false],
  [['always', 'web'], [], ['web'], false],
  [['never', 'debug'], ['debug'], [], true],
  [['never', 'debug'], ['never'], [], true],
  [['never', 'debug'], ['web'], [], false],
  [['never'], ['all'], [], false],
  [['web'], ['all'], [], true],
  [['web'], ['tagged'], [], true],
  [[], ['tagged'], [], false],
  [['never', 'x'], ['tagged'], [], false],
  [[], ['untagged'], [], true],
  [['web'], ['untagged'], [], false],
  [['always'], ['untagged'], [], true],
  [['web'], [], ['web'], false],
  [['web'], ['web'], ['web'], false],
  [['web', 'db'], ['web'], ['db'], false],
  [['web'], [], ['db'], true],
  [[], [], ['untagged'], false],
  [['web'], [], ['untagged'], true],
  [['web'], [], ['tagged'], false],
  [[], [], ['tagged'], true],
  [['web'], [], ['all'], false],
  [['always'], [], ['all'], true],
  [['always'], [], ['all', 'always'], false],
  [['always'], ['never'], [], true],
  [['web', 'etcd'], ['etcd', 'certs'], [], true],
  [['never', 'etcd'], ['all'], [], false],
]

describe('selectTags', () => {
  it.each(cases)('tags %j with --tags %j --skip-tags %j -> %s', (nodeTags, tags, skipTags, runs) => {
    expect(selectTags(nodeTags, { tags, skipTags })).toBe(runs)
  })
})
