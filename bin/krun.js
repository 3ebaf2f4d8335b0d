#!/usr/bin/env node
// Node 22+ caches compiled code between runs; Node 20 has no such cache and skips this.
import module from 'node:module'
module.enableCompileCache?.()
import('../dist/krun.mjs').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code },
  (err) => { process.stderr.write(`krun: internal error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 1 },
)
