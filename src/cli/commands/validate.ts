// Placeholder until the validate command lands; replaced by its implementation.
export async function run(..._args: unknown[]): Promise<number> {
  process.stderr.write('runbook validate: not implemented yet\n');
  return 1;
}
