// Every string in a playbook, task, handler or vars file that holds `{{ }}` or `{% %}` is rendered at some
// point, so compile parses each one now: `validate` never passes a template that `apply` would reject after
// its first task already changed a host. A string still written in Handlebars' helper syntax works, with a
// warning that shows the Jinja2 to write instead.

import type { Loc, Problem } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { templateEngineOf, templateSyntaxProblem } from '../expressions/template.js';

function walk(value: unknown, loc: Loc | undefined, visit: (text: string, loc: Loc | undefined) => void): void {
  if (typeof value === 'string') return visit(value, loc);
  if (Array.isArray(value)) return value.forEach((v, i) => walk(v, locOf(value, i) ?? loc, visit));
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, locOf(value, k) ?? loc, visit);
  }
}

/** Problems (syntax, unknown filters and tests) and warnings (deprecated syntax) of the strings in `value`. */
export function templateProblems(value: unknown, at: Loc | undefined): { problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  walk(value, at, (text, loc) => {
    const engine = templateEngineOf(text);
    if (!engine) return;
    const p = templateSyntaxProblem(text);
    if (p) {
      const where = p.line === undefined ? '' : text.trimEnd().includes('\n') ? ` (line ${p.line}, column ${p.col} of the template)` : ` (column ${p.col} of the template)`;
      problems.push({ loc, message: p.message + where, hint: "templates are Jinja2, as in Ansible: {{ name | default('x') }}, {% if x %}…{% endif %}" });
    }
    else if (engine === 'handlebars') {
      warnings.push({ loc, message: `Handlebars helper syntax in ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)} is deprecated`, hint: "write Jinja2, as Ansible does: {{ x | default('a') }}, {{ list | join(',') }}, {{ 'a' if c else 'b' }}" });
    }
  });
  return { problems, warnings };
}
