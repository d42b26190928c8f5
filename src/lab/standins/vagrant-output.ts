// What `vagrant status` prints, human and machine-readable (Vagrant 2.3: one `timestamp,target,type,data`
// line per fact; commas in data as %!(VAGRANT_COMMA), newlines as \n).

export type MachineState = 'not_created' | 'poweroff' | 'running';

const HUMAN: Record<MachineState, [string, string]> = {
  not_created: ['not created', 'The environment has not yet been created. Run `vagrant up` to\ncreate the environment.'],
  poweroff: ['poweroff', 'The VM is powered off. To restart the VM, simply run `vagrant up`'],
  running: [
    'running',
    'The VM is running. To stop this VM, you can run `vagrant halt` to\nshut it down forcefully, or you can run `vagrant suspend` to simply\nsuspend the virtual machine. In either case, to restart it again,\nsimply run `vagrant up`.',
  ],
};

export function machineReadableLine(target: string, type: string, data: string[], now = Date.now()): string {
  const fields = data.map((d) => d.replace(/,/g, '%!(VAGRANT_COMMA)').replace(/\n/g, '\\n'));
  return `${Math.floor(now / 1000)},${target},${type},${fields.join(',')}\n`;
}

export function statusText(machine: string, st: MachineState, machineReadable: boolean, now = Date.now()): string {
  const [short, long] = HUMAN[st];
  const table = `Current machine states:\n\n${machine.padEnd(25)} ${short} (virtualbox)\n\n${long}`;
  if (!machineReadable) return `${table}\n`;
  const line = (target: string, type: string, ...data: string[]) => machineReadableLine(target, type, data, now);
  return (
    line(machine, 'metadata', 'provider', 'virtualbox') +
    line(machine, 'provider-name', 'virtualbox') +
    line(machine, 'state', st) +
    line(machine, 'state-human-short', short) +
    line(machine, 'state-human-long', long) +
    line('', 'ui', 'info', table)
  );
}
