// docker-machine's store as the stand-in keeps it: <storage>/machines/<name>/config.json in docker-machine
// 0.16's layout (libmachine/host.Host, ConfigVersion 3, the generic driver's fields) and id_rsa, the key
// copied at create. The storage is $MACHINE_STORAGE_PATH or ~/.docker/machine — in the lab always under
// the lab's HOME, never the machine's real ~/.docker (refused otherwise).

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { STATE_DIR } from '../spec.js';

export function storePath(): string {
  const path = process.env.MACHINE_STORAGE_PATH || join(process.env.HOME || homedir(), '.docker', 'machine');
  if (!path.startsWith(`${STATE_DIR}/`)) throw new Error(`stand-in: refusing to use ${path}: the store must be under the lab (${STATE_DIR}); HOME is the lab's`);
  return path;
}

export const machineDir = (name: string) => join(storePath(), 'machines', name);

export interface MachineConfig {
  ConfigVersion: number;
  Driver: {
    IPAddress: string;
    MachineName: string;
    SSHUser: string;
    SSHPort: number;
    SSHKeyPath: string;
    StorePath: string;
    SwarmMaster: boolean;
    SwarmHost: string;
    SwarmDiscovery: string;
    EnginePort: number;
    SSHKey: string;
  };
  DriverName: string;
  HostOptions: {
    Driver: string;
    Memory: number;
    Disk: number;
    EngineOptions: Record<string, unknown> & { RegistryMirror: string[] };
    SwarmOptions: Record<string, unknown>;
    AuthOptions: Record<string, unknown>;
  };
  Name: string;
}

export interface CreateFlags {
  name: string;
  ip: string;
  user: string;
  port: number;
  key: string;
  mirrors: string[];
}

export function newConfig(f: CreateFlags): MachineConfig {
  const store = storePath();
  const dir = machineDir(f.name);
  return {
    ConfigVersion: 3,
    Driver: {
      IPAddress: f.ip, MachineName: f.name, SSHUser: f.user, SSHPort: f.port, SSHKeyPath: join(dir, 'id_rsa'), StorePath: store,
      SwarmMaster: false, SwarmHost: '', SwarmDiscovery: '', EnginePort: 2376, SSHKey: f.key,
    },
    DriverName: 'generic',
    HostOptions: {
      Driver: '', Memory: 0, Disk: 0,
      EngineOptions: {
        ArbitraryFlags: [], Dns: null, GraphDir: '', Env: [], Ipv6: false, InsecureRegistry: [], Labels: [], LogLevel: '',
        StorageDriver: '', SelinuxEnabled: false, TlsVerify: true, RegistryMirror: f.mirrors, InstallURL: 'https://get.docker.com',
      },
      SwarmOptions: {
        IsSwarm: false, Address: '', Discovery: '', Agent: false, Master: false, Host: 'tcp://0.0.0.0:3376', Image: 'swarm:latest',
        Strategy: 'spread', Heartbeat: 0, Overcommit: 0, ArbitraryFlags: [], ArbitraryJoinFlags: [], Env: null, IsExperimental: false,
      },
      AuthOptions: {
        CertDir: join(store, 'certs'), CaCertPath: join(store, 'certs', 'ca.pem'), CaPrivateKeyPath: join(store, 'certs', 'ca-key.pem'),
        CaCertRemotePath: '', ServerCertPath: join(dir, 'server.pem'), ServerKeyPath: join(dir, 'server-key.pem'),
        ClientKeyPath: join(store, 'certs', 'key.pem'), ServerCertRemotePath: '', ServerKeyRemotePath: '',
        ClientCertPath: join(store, 'certs', 'cert.pem'), ServerCertSANs: [], StorePath: dir,
      },
    },
    Name: f.name,
  };
}

/** Machines by name, with the config or why it cannot be read (a broken machine is listed in Error). */
export function listMachines(): { name: string; config?: MachineConfig; error?: string }[] {
  const base = join(storePath(), 'machines');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .sort()
    .map((name) => {
      try {
        return { name, config: JSON.parse(readFileSync(join(base, name, 'config.json'), 'utf8')) as MachineConfig };
      } catch (e) {
        return { name, error: (e as Error).message };
      }
    });
}

export function saveConfig(c: MachineConfig): void {
  mkdirSync(machineDir(c.Name), { recursive: true });
  writeFileSync(join(machineDir(c.Name), 'config.json'), JSON.stringify(c, null, 4));
}
