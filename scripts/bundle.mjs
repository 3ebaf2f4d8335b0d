// Bundles the CLI into dist/krun.mjs: one file loads in ~150 ms where ~470 separate
// modules (dist/ and node_modules/) took ~240 ms. ssh2 stays external: it loads its
// optional native parts by path.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/krun.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['ssh2'],
  // CommonJS dependencies (nunjucks, ajv, yaml) call require() for node: built-ins
  banner: { js: "import { createRequire as krunCreateRequire } from 'node:module'; const require = krunCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
})
