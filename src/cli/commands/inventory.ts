// Placeholder until the inventory command lands; replaced by its implementation.
export async function run(..._args: unknown[]): Promise<number> {
  process.stderr.write('runbook inventory: not implemented yet\n');
  return 1;
}
