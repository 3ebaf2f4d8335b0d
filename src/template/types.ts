/**
 * The Jinja2 layer. Values are rendered lazily against a scope: a variable whose value is a
 * template is rendered when read, as in Ansible.
 */
export interface Templar {
  /** Renders every string inside value (deep). A string that is one `{{ expr }}` keeps the native type. */
  render(value: unknown, scope: Scope): unknown
  /** Renders to text. */
  renderString(text: string, scope: Scope): string
  /** Evaluates a bare expression (`when`, `changed_when`, `until`...) to its native value. */
  evaluate(expr: string, scope: Scope): unknown
  /** A condition: evaluates and applies Ansible's truthiness (the strings "false", "no", "0"... are false). */
  test(expr: string, scope: Scope): boolean
  /** Renders a template file's source (template module, lookup('template')); `name` is for errors and includes. */
  renderTemplate(source: string, name: string, scope: Scope, searchPaths?: string[]): string
  /** True when the string contains template syntax. */
  isTemplate(value: string): boolean
}

/**
 * The variables a template sees: layers from lowest to highest precedence; reading a name
 * returns the highest layer's value, rendered. Built with template's makeScope().
 */
export type Scope = Readonly<Record<string, unknown>>
