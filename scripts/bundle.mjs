// Bundles the CLI into dist/krun.mjs (run after tsc: it reads the modules' schemas from dist/).
// One minified file with precompiled validators: `krun --version` in ~325 ms on the 2-core VM
// where `node -e 0` takes ~150 ms (README, "how commands reach a host").
import { rmSync } from 'node:fs'
import { build } from 'esbuild'
import { Ajv } from 'ajv'
import standalone from 'ajv/dist/standalone/index.js'
import { MODULES } from '../dist/modules/index.js'
import { AJV_OPTIONS } from '../dist/playbook/validate-args.js'

/** Every module's argument validator as ajv standalone code, exported as v_<module name>. */
function validatorsSource() {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } })
  const exports = {}
  for (const m of Object.values(MODULES)) {
    ajv.addSchema(m.schema, m.name)
    exports[`v_${m.name}`] = m.name
  }
  return standalone.default(ajv, exports)
}

// The bundle's entry: the validators registered, then the CLI. Virtual files, nothing on disk.
const virtual = {
  name: 'krun-virtual',
  setup(b) {
    b.onResolve({ filter: /^krun:/ }, (a) => ({ path: a.path, namespace: 'krun' }))
    b.onLoad({ filter: /^krun:entry$/, namespace: 'krun' }, () => ({
      resolveDir: process.cwd(),
      loader: 'js',
      contents: [
        "import * as validators from 'krun:validators'",
        "import { usePrecompiledValidators } from './src/playbook/validate-args.ts'",
        'usePrecompiledValidators(Object.fromEntries(Object.entries(validators).map(([k, v]) => [k.slice(2), v])))',
        "export * from './src/cli/main.ts'",
      ].join('\n'),
    }))
    b.onLoad({ filter: /^krun:validators$/, namespace: 'krun' }, () => ({ resolveDir: process.cwd(), loader: 'js', contents: validatorsSource() }))
  },
}

// ssh2 is bundled too; its optional native parts stay outside, loaded through the package at
// run time as ssh2 itself does (each in a try: without them ssh2 uses its JavaScript code).
const ssh2Native = {
  name: 'ssh2-native',
  setup(b) {
    b.onResolve({ filter: /sshcrypto\.node$/ }, () => ({ path: 'ssh2/lib/protocol/crypto/build/Release/sshcrypto.node', external: true }))
  },
}

rmSync('dist/chunks', { recursive: true, force: true })
await build({
  entryPoints: { krun: 'krun:entry' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  // What a run may never need (the x509 stack behind the cfssl module, `krun lab`) goes to
  // chunks loaded by import() on first use, so a playbook without them never parses them.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  minifyWhitespace: true,
  minifySyntax: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['cpu-features'],
  plugins: [virtual, ssh2Native],
  // CommonJS dependencies (nunjucks, yaml, ssh2) call require() for node: built-ins; ssh2's
  // poly1305 (WebAssembly, emscripten) reads __dirname
  banner: {
    js: [
      "import { createRequire as krunCreateRequire } from 'node:module'",
      "import { fileURLToPath as krunFileURLToPath } from 'node:url'",
      'const require = krunCreateRequire(import.meta.url)',
      'const __filename = krunFileURLToPath(import.meta.url)',
      "const __dirname = krunFileURLToPath(new URL('.', import.meta.url))",
    ].join('; ') + ';',
  },
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
})
