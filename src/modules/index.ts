// The module registry: an explicit literal, no directory scanning. Add a module here and regenerate the
// schemas (`npm run schemas`).

import type { ModuleRegistry } from '../engine/module-api/registry.js';
import { assert } from './controller/assert.js';
import { blockinfile } from './files/blockinfile.js';
import { command } from './commands/command.js';
import { copy } from './files/copy.js';
import { debug } from './controller/debug.js';
import { fail } from './controller/fail.js';
import { file } from './files/file.js';
import { fileTemplate, template } from './files/file-template.js';
import { jsonFile } from './files/json-file.js';
import { lineinfile } from './files/lineinfile.js';
import { setFact } from './controller/set-fact.js';
import { shell } from './commands/shell.js';
import { stat } from './files/stat.js';
import { waitFor } from './network/wait-for.js';
import { bridgePort } from './network/bridge-port.js';
import { dockerContainer } from './docker/docker-container.js';
import { dockerImage } from './docker/docker-image.js';
import { dockerMachine } from './virtualbox/docker-machine.js';
import { dockerNetwork } from './docker/docker-network.js';
import { vagrant } from './virtualbox/vagrant.js';
import { vboxHostonly } from './virtualbox/vbox-hostonly.js';
import { hostname } from './system/hostname.js';
import { packageModule } from './packages/package.js';
import { packageFacts } from './packages/package-facts.js';
import { reboot } from './system/reboot.js';
import { service } from './services/service.js';
import { serviceFacts } from './services/service-facts.js';
import { systemd } from './services/systemd.js';
import { user } from './system/user.js';
// Files and content (issue 12)
import { replace } from './files/replace.js';
import { fetch } from './files/fetch.js';
import { find } from './files/find.js';
import { slurp } from './files/slurp.js';
// System modules (issue 12)
import { group } from './system/group.js';
import { cron } from './system/cron.js';
import { sysctl } from './system/sysctl.js';
import { mount } from './system/mount.js';
import { authorizedKey } from './system/authorized-key.js';
import { knownHosts } from './system/known-hosts.js';
import { timezone } from './system/timezone.js';
import { localeGen } from './system/locale-gen.js';
import { modprobe } from './system/modprobe.js';
// Issue 12, packages/network/scm (mpkgs):
import { apt } from './packages/apt.js';
import { dnf, yum } from './packages/dnf.js';
import { getUrl } from './network/get-url.js';
import { uri } from './network/uri.js';
import { git } from './scm/git.js';
import { pip } from './packages/pip.js';
import { tempfile } from './files/tempfile.js';
import { unarchive } from './files/unarchive.js';
import { archive } from './files/archive.js';
import { aptRepository } from './packages/apt-repository.js';
import { deb822Repository } from './packages/deb822-repository.js';
import { aptKey } from './packages/apt-key.js';
// content: include_vars, setup, wait_for_connection, raw, ini_file, getent
import { includeVars } from './controller/include-vars.js';
import { setup } from './system/setup.js';
import { waitForConnection } from './network/wait-for-connection.js';
import { raw } from './commands/raw.js';
import { iniFile } from './files/ini-file.js';
import { htpasswd } from './files/htpasswd.js';
import { getent } from './system/getent.js';

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
  package_facts: packageFacts,
  reboot,
  service,
  service_facts: serviceFacts,
  systemd,
  user,
  // Files and content (issue 12)
  replace,
  fetch,
  find,
  slurp,
  // System modules (issue 12)
  group,
  cron,
  sysctl,
  mount,
  authorized_key: authorizedKey,
  known_hosts: knownHosts,
  timezone,
  locale_gen: localeGen,
  modprobe,
  // Issue 12, packages/network/scm (mpkgs):
  apt,
  dnf,
  yum,
  get_url: getUrl,
  uri,
  git,
  pip,
  // content
  include_vars: includeVars,
  tempfile,
  unarchive,
  archive,
  apt_repository: aptRepository,
  deb822_repository: deb822Repository,
  apt_key: aptKey,
  setup,
  wait_for_connection: waitForConnection,
  raw,
  ini_file: iniFile,
  htpasswd,
  getent,
} satisfies ModuleRegistry;

export type ModuleName = keyof typeof modules;
