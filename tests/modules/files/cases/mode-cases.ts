// File modes as data: the mode asked for, the path's current mode, whether it is a directory and the
// umask in; the mode to set out. Symbolic cases are checked against ansible-core's _symbolic_mode_to_octal
// by `oracle.ts`.

export interface ModeCase {
  mode: string | number;
  current: number;
  isDir?: boolean;
  umask?: number;
  want: number;
}

export const modeCases: ModeCase[] = [
  { mode: 0o644, current: 0o600, want: 0o644 },
  { mode: 420, current: 0, want: 0o644 },
  { mode: '0644', current: 0o777, want: 0o644 },
  { mode: '644', current: 0, want: 0o644 },
  { mode: '0o750', current: 0, want: 0o750 },
  { mode: '2775', current: 0, want: 0o2775 },
  { mode: 'u+x', current: 0o644, want: 0o744 },
  { mode: 'u=rw,g=r,o=', current: 0o777, want: 0o640 },
  { mode: 'a-w', current: 0o666, want: 0o444 },
  { mode: 'go-rwx', current: 0o755, want: 0o700 },
  { mode: 'u=rwX,g=rX,o=rX', current: 0o600, want: 0o644 },
  { mode: 'u=rwX,g=rX,o=rX', current: 0o700, want: 0o755 },
  { mode: 'u=rwX,g=rX,o=rX', current: 0o600, isDir: true, want: 0o755 },
  { mode: '+x', current: 0o644, umask: 0o022, want: 0o755 },
  { mode: '+w', current: 0o444, umask: 0o022, want: 0o644 },
  { mode: 'g=u', current: 0o740, want: 0o770 },
  { mode: 'o=g', current: 0o750, want: 0o755 },
  { mode: 'u+s,g+s', current: 0o755, want: 0o6755 },
  { mode: 'o+t', current: 0o777, isDir: true, want: 0o1777 },
  { mode: 'u=rw-x+X', current: 0o744, want: 0o744 },
  { mode: 'u-x+r,g=', current: 0o775, want: 0o605 },
];

export const badModes: (string | number)[] = ['rwx', 'z+x', 'ua+x', 'u+q', '99999', 0o17777, -1];
