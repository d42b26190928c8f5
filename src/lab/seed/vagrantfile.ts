// What the vagrant stand-in reads from a Vagrantfile: the few settings that shape the lab VM. A Vagrantfile
// is Ruby; this reads the literal forms the seed (and the vagrant-vm role's template) use, and refuses
// anything it cannot read rather than guessing.

export interface VagrantfileSettings {
  box: string;
  hostname?: string;
  /** private_network address and netmask. */
  privateIp?: string;
  netmask: string;
  name?: string;
  memory?: string;
}

const str = (text: string, re: RegExp) => re.exec(text)?.[1];

export function parseVagrantfile(text: string): VagrantfileSettings {
  const code = text.split('\n').map((l) => l.replace(/^\s*#.*$/, '')).join('\n');
  const box = str(code, /config\.vm\.box\s*=\s*["']([^"']+)["']/);
  if (!box) throw new Error('the Vagrantfile sets no config.vm.box');
  const net = /config\.vm\.network\s+["']private_network["']\s*,([^\n]*)/.exec(code)?.[1] ?? '';
  const privateIp = str(net, /\bip:\s*["']([^"']+)["']/);
  return {
    box,
    hostname: str(code, /config\.vm\.hostname\s*=\s*["']([^"']+)["']/),
    privateIp,
    netmask: str(net, /\bnetmask:\s*["']([^"']+)["']/) ?? '255.255.255.0',
    name: str(code, /\bv\.name\s*=\s*["']([^"']+)["']/),
    memory: str(code, /\bv\.memory\s*=\s*["']?(\d+)["']?/),
  };
}

export function prefixLength(netmask: string): number {
  const bits = netmask.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
  if (!/^1*0*$/.test(bits) || bits.length !== 32) throw new Error(`not a netmask: ${netmask}`);
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

const toInt = (ip: string) => ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;

/** Is `ip` inside `cidr` (a.b.c.d/len)? */
export function inSubnet(ip: string, cidr: string): boolean {
  const [base, len] = cidr.split('/');
  const mask = Number(len) === 0 ? 0 : (0xffffffff << (32 - Number(len))) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base!) & mask) >>> 0);
}
