#!/usr/bin/env node
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code },
  (err) => { process.stderr.write(`krun: internal error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 1 },
)
