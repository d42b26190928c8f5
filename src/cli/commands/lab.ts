// Placeholder until the lab command lands; replaced by its implementation.
export async function run(..._args: unknown[]): Promise<number> {
  process.stderr.write('runbook lab: not implemented yet\n');
  return 1;
}
