// The .sources file deb822_repository writes, byte for byte as Ansible's module does: one field per
// parameter that is set, in the sorted order of the parameter names, booleans as yes/no, lists joined by
// spaces, a multi-line value (an inline key) indented on the lines after its field, empty lines as `.`.

export interface Deb822Fields {
  [param: string]: string | number | boolean | string[] | undefined;
}

function fieldName(param: string): string {
  if (param === 'name') return 'X-Repolib-Name';
  if (param === 'uris') return 'URIs';
  // Python's str.title(): every run of letters capitalised.
  return param.replace(/_/g, '-').toLowerCase().replace(/[a-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1));
}

function multiline(v: string): string {
  const lines = v.trim().split(/\r?\n/).map((l) => l.trim() || '.');
  return `\n${lines.map((l) => `    ${l}`).join('\n')}`;
}

export function deb822Text(fields: Deb822Fields): string {
  let out = '';
  for (const key of Object.keys(fields).sort()) {
    const raw = fields[key];
    if (raw === undefined) continue;
    let v = typeof raw === 'boolean' ? (raw ? 'yes' : 'no') : Array.isArray(raw) ? raw.join(' ') : String(raw);
    if (v.includes('\n')) v = multiline(v);
    out += v.startsWith('\n') ? `${fieldName(key)}:${v}\n` : `${fieldName(key)}: ${v}\n`;
  }
  return out;
}

/** The file's name: Ansible's slug (`name` with spaces as dashes), or the legacy one when that file exists. */
export function deb822Slugs(name: string): { slug: string; legacy: string } {
  return { slug: name.replace(/ /g, '-'), legacy: name.toLowerCase().replace(/[_\s]+/g, '-').replace(/[^a-z0-9-]+/g, '') };
}
