import { KrunError } from '../core/errors.js'

/**
 * Ansible's StrictUndefined: what a template gets for a name or attribute that does not
 * exist. Tests (`is defined`) and `default` look at it; any other use (output, arithmetic,
 * comparison, iteration, truthiness, a filter) throws E_UNDEFINED with its message.
 * Attribute access on it returns itself, so `foo.bar is defined` is false, not an error.
 */
export class Undefined {
  constructor(readonly message: string) {}

  /** Throws the error this undefined stands for. */
  fail(): never {
    throw new KrunError('E_UNDEFINED', this.message)
  }

  [Symbol.toPrimitive](): never {
    return this.fail()
  }

  toString(): string {
    return this.fail()
  }

  toJSON(): never {
    return this.fail()
  }
}

/** The undefined for a missing variable: `'name' is undefined`. */
export function undefinedVar(name: string): Undefined {
  return new Undefined(`'${name}' is undefined`)
}

/** True when value is a template undefined. */
export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined
}

/**
 * Throws when value, or anything inside its lists and dicts, is undefined (a native result
 * must not carry one out of the template). `skip` says which objects not to enter (scopes).
 */
export function assertDefined(value: unknown, skip: (v: object) => boolean = () => false): void {
  if (value instanceof Undefined) value.fail()
  if (typeof value !== 'object' || value === null || skip(value)) return
  if (Array.isArray(value)) for (const v of value) assertDefined(v, skip)
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const k of Object.keys(value)) assertDefined((value as Record<string, unknown>)[k], skip)
}
