/** The tags chosen on the command line (`--tags`, `--skip-tags`). Empty `tags` means `all`. */
export interface TagSelection {
  tags: string[]
  skipTags: string[]
}

/**
 * Whether a node with these effective tags runs, with ansible-playbook's semantics
 * (Taggable.evaluate_tags):
 * - no `--tags` means `all`, which selects every node except those tagged `never`;
 * - `always` runs unless `always` itself (or one of the node's other tags) is skipped;
 * - `never` runs only when one of the node's tags (or `never`) is selected by name;
 * - `tagged` selects nodes with any tag except `never`, `untagged` those with none;
 * - a skip always wins over a selection.
 * Tags are matched after templating; the caller renders templated tags first.
 */
export function selectTags(nodeTags: string[], opts: TagSelection): boolean {
  // an untagged node answers to the pseudo-tag `untagged`, so set tests work for it too
  const tags = new Set(nodeTags.length > 0 ? nodeTags : ['untagged'])
  const untagged = nodeTags.length === 0
  const only = new Set(opts.tags.length > 0 ? opts.tags : ['all'])
  const skip = new Set(opts.skipTags)
  const meets = (set: Set<string>): boolean => [...tags].some((t) => set.has(t))

  let run: boolean
  if (tags.has('always')) run = true
  else if (only.has('all') && !tags.has('never')) run = true
  else if (meets(only)) run = true
  else run = only.has('tagged') && !untagged && !tags.has('never')

  if (run && skip.size > 0) {
    if (skip.has('all')) {
      if (!tags.has('always') || skip.has('always')) run = false
    } else if (meets(skip)) run = false
    else if (skip.has('tagged') && !untagged) run = false
  }
  return run
}
