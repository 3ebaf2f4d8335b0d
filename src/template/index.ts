/** The template layer: nunjucks configured to behave like Ansible's Jinja2. */
export type { Scope, Templar } from './types.js'
export { createTemplar, type TemplarOptions } from './templar.js'
export { makeScope, isScope, RESERVED } from './scope.js'
export { OMIT } from './globals.js'
export { LOOKUPS, findFile, type LookupContext, type LookupFn } from './lookups.js'
export { Undefined, isUndefined } from './undefined.js'
export { ansibleTruthy } from './tests.js'
export { templateSyntaxError } from './syntax-check.js'
