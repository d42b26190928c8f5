// What the sysctl module does, as a pure function: a port of ansible.posix.sysctl's SysctlModule on Linux —
// the file's lines stripped, `key=value` normalised, a key's later duplicates dropped, the key added at the
// end — and its decision table for `changed`, the live value compared word by word.

export interface SysctlWanted {
  name: string;
  /** Already as Ansible parses it (_parse_value): booleans to 1/0, stripped. '' for state=absent. */
  value: string;
  state: 'present' | 'absent';
  reload: boolean;
  sysctl_set: boolean;
}

export interface SysctlDecision {
  changed: boolean;
  /** The file's new text, when it must be written. */
  fileText?: string;
  /** Set the live value (sysctl -w). */
  setLive: boolean;
  /** Reload the file (sysctl -p FILE): whenever something changed and reload is on. */
  reload: boolean;
  /** The value the file had for the key (undefined: not there). */
  fileValue?: string;
}

const TRUE = ['y', 'yes', 'on', '1', 'true', 't'];
const FALSE = ['n', 'no', 'off', '0', 'false', 'f'];

/** Ansible's _parse_value of a `type: str` argument (a YAML boolean or number arrives as its str()). */
export function parseSysctlValue(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const s = typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  if (TRUE.includes(s.toLowerCase())) return '1';
  if (FALSE.includes(s.toLowerCase())) return '0';
  return s.trim();
}

/** _values_is_equal: the same words in the same order. */
export function sameWords(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const [x, y] = [a.trim().split(/\s+/).filter(Boolean), b.trim().split(/\s+/).filter(Boolean)];
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

const isSetting = (line: string) => !!line && !line.startsWith('#') && !line.startsWith(';') && line.includes('=');

/** Python's readlines() + strip(): every line of the file, whitespace trimmed. */
function fileLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/).filter((l) => l !== '');
  return lines.map((l) => l.trim());
}

/** `live`: the kernel's value (undefined when the key does not exist); `text`: the file ('' when missing). */
export function decideSysctl(w: SysctlWanted, text: string, live: string | undefined): SysctlDecision {
  const lines = fileLines(text);
  const values = new Map<string, string>();
  for (const line of lines) {
    if (!isSetting(line)) continue;
    const at = line.indexOf('=');
    values.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  // fix_lines: the first occurrence of each key kept (normalised), the asked key set or dropped, added at the end.
  const seen = new Set<string>();
  const fixed: string[] = [];
  for (const line of lines) {
    if (!isSetting(line)) {
      fixed.push(line);
      continue;
    }
    const at = line.indexOf('=');
    const [k, v] = [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    if (seen.has(k)) continue;
    seen.add(k);
    if (k !== w.name) fixed.push(`${k}=${v}`);
    else if (w.state === 'present') fixed.push(`${k}=${w.value}`);
  }
  if (!seen.has(w.name) && w.state === 'present') fixed.push(`${w.name}=${w.value}`);
  const fileValue = values.get(w.name);
  let changed = false;
  let write = false;
  let setLive = false;
  if (fileValue === undefined) {
    if (w.state === 'present') changed = write = true;
  } else if (fileValue && w.state === 'absent') changed = write = true;
  else if (fileValue !== w.value) changed = write = true;
  else if (w.reload && !sameWords(live, w.value)) changed = true;
  if (w.sysctl_set && w.state === 'present' && !sameWords(live, w.value)) {
    changed = true;
    setLive = live !== undefined;
  }
  return {
    changed,
    fileText: write ? fixed.map((l) => `${l.trim()}\n`).join('') : undefined,
    setLive,
    reload: changed && w.reload,
    fileValue,
  };
}
