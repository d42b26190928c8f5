// The edit community.general.ini_file makes, line for line (its algorithm, kept in its order so that the
// same file gets the same bytes): find the section between a fake first section and a fake last one,
// rewrite matching option lines, drop the extra ones (exclusive), add the missing values after the
// section's last non-blank, non-comment line, or append the section at the end of the file.

export interface IniParams {
  section?: string | null;
  option?: string;
  values: (string | null)[];
  state: 'present' | 'absent';
  exclusive: boolean;
  no_extra_spaces: boolean;
  ignore_spaces: boolean;
  allow_no_value: boolean;
  modify_inactive_option: boolean;
}

export interface IniEdit {
  text: string;
  changed: boolean;
  msg: string;
}

const FAKE = 'ad01e11446efb704fcdbdb21f2c43757423d91c5';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Python's `re.match('([#;]?)( |\t)*(OPTION)( |\t)*(=|$)( |\t)*(.*)', line)`: group 7 is the value. */
function matchOpt(option: string, line: string, activeOnly: boolean): RegExpExecArray | null {
  return new RegExp(`^(${activeOnly ? '' : '[#;]?'})( |\\t)*(${esc(option)})( |\\t)*(=|$)( |\\t)*(.*)`, 'm').exec(line.replace(/\n$/, '')) ?? null;
}

/** Python's readlines(): lines with their newline, the last one maybe without. */
function readlines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function editIni(original: string | null, p: IniParams): IniEdit {
  let changed = false;
  let msg = 'OK';
  const values = [...p.values];
  const lines = readlines(original ?? '');
  // An empty file is one blank line; a last line without its newline gets one (that alone is a change).
  if (lines.length === 0) lines.push('\n');
  if (!lines[lines.length - 1]!.endsWith('\n')) {
    lines[lines.length - 1] += '\n';
    changed = true;
  }
  lines.unshift(`[${FAKE}]`);
  lines.push('[');
  const section = p.section ? p.section : FAKE;
  let within = false;
  let start = 0;
  let end = 0;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith(`[${section}]`)) {
      within = true;
      start = i;
    } else if (line.startsWith('[') && within) {
      end = i;
      break;
    }
  }
  const before = lines.slice(0, start);
  let sect = lines.slice(start, end);
  const after = lines.slice(end);
  const changedLines = sect.map(() => false);
  const assign = (v: string | null) => (p.no_extra_spaces ? `${p.option}=${v}\n` : `${p.option} = ${v}\n`);
  const match = (line: string) => matchOpt(p.option!, line, !p.modify_inactive_option);
  let noValuePresent = false;
  const update = (index: number, newline: string) => {
    let differs: boolean | undefined;
    if (p.ignore_spaces) {
      const old = matchOpt(p.option!, sect[index]!, false);
      if (old && !old[1]) differs = old[7] !== matchOpt(p.option!, newline, false)?.[7];
    }
    differs ??= sect[index] !== newline;
    if (differs) {
      sect[index] = newline;
      changed = true;
      msg = 'option changed';
    }
    changedLines[index] = true;
  };

  if (p.state === 'present' && p.option) {
    for (const [i, line] of sect.entries()) {
      const m = match(line);
      if (!m) continue;
      const current = m[7]!;
      if (values.length > 0 && values.includes(current)) {
        update(i, !current && p.allow_no_value ? `${p.option}\n` : assign(current));
        if (!current && p.allow_no_value) noValuePresent = true;
        values.splice(values.indexOf(current), 1);
      } else if (values.length === 0 && p.allow_no_value) {
        update(i, `${p.option}\n`);
        noValuePresent = true;
        break;
      }
    }
    if (p.exclusive && !p.allow_no_value) {
      if (values.length > 0) {
        for (const [i, line] of sect.entries()) {
          if (!changedLines[i] && match(line)) {
            update(i, assign(values.shift()!));
            if (values.length === 0) break;
          }
        }
      }
      for (let i = sect.length - 1; i > 0; i--) {
        if (!changedLines[i] && match(sect[i]!)) {
          sect.splice(i, 1);
          changedLines.splice(i, 1);
          changed = true;
          msg = 'option changed';
        }
      }
    }
  }
  if (p.state === 'present') {
    for (let i = sect.length; i > 0; i--) {
      if (/^[ \t]*([#;].*)?$/.test(sect[i - 1]!.replace(/\n$/, ''))) continue;
      if (p.option && values.length > 0) {
        for (const v of [...values].reverse()) {
          if (v === null && !p.allow_no_value) continue;
          sect.splice(i, 0, v === null ? `${p.option}\n` : assign(v));
          msg = 'option added';
          changed = true;
        }
      } else if (p.option && values.length === 0 && p.allow_no_value && !noValuePresent) {
        sect.splice(i, 0, `${p.option}\n`);
        msg = 'option added';
        changed = true;
      }
      break;
    }
  }
  if (p.state === 'absent') {
    if (p.option) {
      const active = (line: string) => matchOpt(p.option!, line, true);
      const kept = p.exclusive ? sect.filter((l) => !active(l)) : values.length > 0 ? sect.filter((l) => !(active(l) && values.includes(active(l)![7]!))) : sect;
      if (kept.length !== sect.length) {
        sect = kept;
        changed = true;
        msg = 'option changed';
      }
    } else if (sect.length > 0) {
      sect = [];
      msg = 'section removed';
      changed = true;
    }
  }
  const out = [...before, ...sect, ...after].slice(1, -1);
  if (!within && p.state === 'present') {
    out.push(`[${section}]\n`);
    msg = 'section and option added';
    if (p.option && values.length > 0) for (const v of values) out.push(assign(v));
    else if (p.option && values.length === 0 && p.allow_no_value) out.push(`${p.option}\n`);
    else msg = 'only section added';
    changed = true;
  }
  return { text: out.join(''), changed, msg };
}
