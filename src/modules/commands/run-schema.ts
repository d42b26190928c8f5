// The parameters command and shell share, written once.

export const runSchema = {
  chdir: { type: 'string', description: 'Change into this directory before running (and before checking creates/removes). ~ and $VARS are expanded on the host, as in Ansible.' },
  creates: { type: 'string', description: 'A path or glob: when something matches it, the command is not run (this also lets check mode decide). ~ and $VARS are expanded on the host, as in Ansible.' },
  removes: { type: 'string', description: 'A path or glob: when nothing matches it, the command is not run (this also lets check mode decide). ~ and $VARS are expanded on the host, as in Ansible.' },
  stdin: { type: 'string', description: 'Text written to the command’s standard input.' },
  stdin_add_newline: { type: 'boolean', default: true, description: 'Add a newline at the end of stdin.' },
  strip_empty_ends: { type: 'boolean', default: true, description: 'Remove trailing newlines from stdout and stderr in the result.' },
} as const;
