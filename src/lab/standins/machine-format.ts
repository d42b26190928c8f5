// How the docker-machine stand-in prints `ls`: a row per machine with docker-machine 0.16's fields
// (commands/ls.go HostListItem), as a `--format` Go template ({{.Field}} only) or the default table.

export interface MachineRow {
  Name: string;
  Active: string;
  DriverName: string;
  State: string;
  URL: string;
  Swarm: string;
  Error: string;
  DockerVersion: string;
  ResponseTime: string;
}

export function formatRow(template: string, r: MachineRow): string {
  return template.replace(/\\t/g, '\t').replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String((r as unknown as Record<string, string>)[k] ?? ''));
}

export function lsTable(rows: readonly MachineRow[]): string {
  const table = [
    ['NAME', 'ACTIVE', 'DRIVER', 'STATE', 'URL', 'SWARM', 'DOCKER', 'ERRORS'],
    ...rows.map((r) => [r.Name, r.Active, r.DriverName, r.State, r.URL, r.Swarm, r.DockerVersion, r.Error]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((t) => t[c]!.length)) + 3);
  return table.map((t) => `${t.map((v, c) => v.padEnd(widths[c]!)).join('').trimEnd()}\n`).join('');
}
