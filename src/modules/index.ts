// The module registry: an explicit literal, no directory scanning. Add a module here and regenerate the
// schemas (`npm run schemas`).

import type { AnyModule } from './types.js';
import { assert } from './assert.js';
import { blockinfile } from './blockinfile.js';
import { command } from './command.js';
import { copy } from './copy.js';
import { debug } from './debug.js';
import { fail } from './fail.js';
import { file } from './file.js';
import { fileTemplate, template } from './file-template.js';
import { jsonFile } from './json-file.js';
import { lineinfile } from './lineinfile.js';
import { setFact } from './set-fact.js';
import { shell } from './shell.js';
import { stat } from './stat.js';
import { waitFor } from './wait-for.js';
import { bridgePort } from './bridge-port.js';
import { dockerContainer } from './docker-container.js';
import { dockerImage } from './docker-image.js';
import { dockerMachine } from './docker-machine.js';
import { dockerNetwork } from './docker-network.js';
import { vagrant } from './vagrant.js';
import { vboxHostonly } from './vbox-hostonly.js';
import { hostname } from './hostname.js';
import { packageModule } from './package.js';
import { reboot } from './reboot.js';
import { service } from './service.js';
import { systemd } from './systemd.js';
import { user } from './user.js';

export const modules = {
  assert,
  blockinfile,
  command,
  copy,
  debug,
  fail,
  file,
  file_template: fileTemplate,
  json_file: jsonFile,
  lineinfile,
  set_fact: setFact,
  shell,
  stat,
  template,
  wait_for: waitFor,
  bridge_port: bridgePort,
  docker_container: dockerContainer,
  docker_image: dockerImage,
  docker_machine: dockerMachine,
  docker_network: dockerNetwork,
  vagrant,
  vbox_hostonly: vboxHostonly,
  hostname,
  package: packageModule,
  reboot,
  service,
  systemd,
  user,
} satisfies Record<string, AnyModule>;

export type ModuleName = keyof typeof modules;

export function findModule(name: string): AnyModule | undefined {
  return Object.hasOwn(modules, name) ? (modules as Record<string, AnyModule>)[name] : undefined;
}
