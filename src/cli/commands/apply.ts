// Placeholder until the apply command lands; replaced by its implementation.
export async function run(..._args: unknown[]): Promise<number> {
  process.stderr.write('runbook apply: not implemented yet\n');
  return 1;
}
