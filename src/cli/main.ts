// The `runbook` command line. Only commander is loaded at start-up; each subcommand's implementation is
// imported when it runs, so `runbook --version` and `--help` stay fast.

import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { ExitCode, RunbookError } from '../engine/errors.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const EXAMPLES = `
Examples:
  runbook apply playbooks/site.yaml                       run the whole playbook
  runbook apply playbooks/site.yaml --check --diff        show what would change, change nothing
  runbook apply playbooks/site.yaml -t dns -l dockervm    only tasks tagged dns, only on dockervm
  runbook apply playbooks/site.yaml --list-tasks -t dns   print the tasks that would run
  runbook apply site.yaml -e vm_ip=192.168.33.1 -e @extra.yaml
  runbook plan site.yaml -o site.plan --format markdown   save what would change (review it), then:
  runbook apply site.plan                                 apply exactly that, or exit 5 if anything moved
  runbook validate playbooks/*.yaml                       check syntax, schema, roles, handlers
  runbook inventory --graph                               groups and hosts as a tree
  runbook apply site.yaml -J                              ask the vault password (vaulted vars, !vault)
  runbook vault encrypt group_vars/all/secrets.yaml       encrypt in place (ansible-vault's format)
  runbook vault encrypt_string --name db_password         a !vault value from stdin, for a vars file
  runbook modules copy                                    a module's parameters
  runbook roles install                                   roles of requirements.yaml from git, pinned
  runbook lab up --hosts 3 --systemd 1                    throwaway hosts on this machine (Linux, root)
  runbook lab doctor --install                            install what the lab needs (Debian/Ubuntu)

Exit codes:
  0 done, nothing failed     1 invalid input or usage, no host touched     2 a task failed
  3 check mode found changes pending     4 a host was unreachable     130 interrupted
  5 apply PLANFILE: a host, the playbook or runbook moved since the plan; nothing was changed
`;

type Runner = (...args: never[]) => Promise<number>;

/** Import a subcommand lazily and turn its result (or error) into the process exit code. */
function lazy(load: () => Promise<{ run: Runner }>) {
  return async (...args: unknown[]) => {
    try {
      const { run } = await load();
      process.exitCode = await (run as (...a: unknown[]) => Promise<number>)(...args);
    } catch (e) {
      process.exitCode = reportFatal(e);
    }
  };
}

function reportFatal(e: unknown): number {
  if (e instanceof RunbookError) {
    process.stderr.write(`runbook: ${e.describe()}\n`);
    return e.code === 'interrupted' ? ExitCode.interrupted : ExitCode.invalid;
  }
  process.stderr.write(`runbook: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return ExitCode.invalid;
}

// `runbook modules | head`: a reader that goes away is not an error. A terminal that was closed (EIO,
// after SIGHUP) is not one either: the run is stopping and must finish cleaning up, unseen.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  if (e.code === 'EIO') return;
  throw e;
});
process.stderr.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EIO' && e.code !== 'EPIPE') throw e;
});

const collect = (value: string, previous: string[] = []) => [...previous, value];
const INVENTORY_HELP =
  'inventory: a YAML or INI file, a directory, an executable script or host1,host2, (repeatable; default: the inventory of runbook.cfg/ansible.cfg, else ./inventory.yaml)';

const VAULT_COMMANDS = ['apply', 'plan', 'validate', 'inventory', 'vault encrypt', 'vault decrypt', 'vault view', 'vault edit', 'vault rekey', 'vault encrypt_string'];

/** The vault password options of every command that loads playbooks, inventories or vars files. */
function withVaultOptions(cmd: Command): Command {
  return cmd
    .option('--vault-id <label@source>', 'a vault password under a label: label@FILE, label@prompt, or FILE (repeatable)', collect)
    .option('--vault-password-file <file>', 'the vault password: a file, or an executable that prints it (repeatable; default: vault_password_file of the config)', collect)
    .option('-J, --ask-vault-pass', 'ask for the vault password on the terminal');
}

const program = new Command('runbook')
  .description('Agentless task runner: YAML inventories, playbooks and roles; modules that change only what differs.')
  .version(pkg.version, '-V, --version')
  .addHelpText('after', EXAMPLES)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((err) => {
    // Usage errors exit 1 like any invalid input; --help and --version exit 0.
    process.exit(err.exitCode === 0 ? 0 : ExitCode.invalid);
  });

program
  .command('apply')
  .description('run a playbook against the inventory')
  .argument('<playbook>', 'playbook file (YAML), or a plan file made by runbook plan (applied exactly, or exit 5)')
  .option('-i, --inventory <source>', INVENTORY_HELP, collect)
  .option('-l, --limit <pattern>', 'further limit the hosts (same pattern syntax as hosts:)')
  .option('-t, --tags <tags>', 'only run tasks with these tags (comma-separated)', collect)
  .option('--skip-tags <tags>', 'skip tasks with these tags (comma-separated)', collect)
  .option('-C, --check', 'plan only: report what would change, change nothing (exit 3 if anything would)')
  .option('-D, --diff', 'show the differences of every change')
  .option('-e, --extra-vars <var>', 'k=v, a JSON/YAML mapping, or @file.yaml (repeatable; highest precedence)', collect)
  .option('-f, --forks <n>', 'how many hosts to work on at once', (v) => Number.parseInt(v, 10))
  .option('--json', 'print events as NDJSON instead of a live view')
  .option('--list-hosts', 'print the hosts each play would run on; connect to nothing')
  .option('--list-tasks', 'print the tasks that would run, with their tags; connect to nothing')
  .option('--list-tags', 'print the tags in the playbook; connect to nothing')
  .option('--start-at-task <name>', 'start with the first task of this name')
  .option('--wait-lock <seconds>', "if another run holds a host's run lock, wait up to this long for it", (v) => Number.parseFloat(v), 0)
  .option('--shard <K/N>', 'run slice K of N of the hosts (stable: by a hash of each name); merge the slices\' --json streams with `runbook events merge`')
  .option('-K, --ask-become-pass', 'ask for the sudo password once, on the terminal (for hosts with become and no become_password)')
  .action(lazy(() => import('./commands/apply.js')));

program
  .command('plan')
  .description('save what a run would change, for review and for applying exactly (apply PLANFILE); exits like --check')
  .argument('<playbook>', 'playbook file (YAML)')
  .option('-o, --output <file>', 'write the plan file here (JSON: runbook version, fingerprint, each host\'s reads and changes)')
  .option('--format <format>', 'text: the usual run output; markdown: a summary for a pull request comment', 'text')
  .option('-i, --inventory <source>', INVENTORY_HELP, collect)
  .option('-l, --limit <pattern>', 'further limit the hosts (same pattern syntax as hosts:)')
  .option('-t, --tags <tags>', 'only run tasks with these tags (comma-separated)', collect)
  .option('--skip-tags <tags>', 'skip tasks with these tags (comma-separated)', collect)
  .option('-D, --diff', 'show the differences of every change')
  .option('-e, --extra-vars <var>', 'k=v, a JSON/YAML mapping, or @file.yaml (repeatable; highest precedence)', collect)
  .option('-f, --forks <n>', 'how many hosts to work on at once', (v) => Number.parseInt(v, 10))
  .option('--json', 'print events as NDJSON instead of a live view')
  .option('-K, --ask-become-pass', 'ask for the sudo password once, on the terminal (for hosts with become and no become_password)')
  .action(lazy(() => import('./commands/plan.js')));

program
  .command('events')
  .description('work with the NDJSON event streams of `apply --json`')
  .argument('<action>', 'merge: one recap and one exit code from the streams of all slices of a run (--shard)')
  .argument('<files...>', 'NDJSON files, one per slice')
  .option('--json', 'print the merged recap and run-end as NDJSON')
  .action(lazy(() => import('./commands/events.js')));

program
  .command('validate')
  .description('check playbooks (YAML, schema, roles, templates, handlers) without touching any host')
  .argument('<playbooks...>', 'playbook files')
  .option('-i, --inventory <source>', `${INVENTORY_HELP}; validated too`, collect)
  .action(lazy(() => import('./commands/validate.js')));

program
  .command('inventory')
  .description('show the inventory: hosts, groups and variables')
  .option('-i, --inventory <source>', INVENTORY_HELP, collect)
  .option('--playbook-dir <dir>', "also read group_vars/ and host_vars/ beside the playbook (as ansible-inventory's)")
  .option('--graph', 'groups and hosts as a tree')
  .option('--host <name>', 'all variables of one host')
  .option('--list', 'every host with its variables, as JSON')
  .action(lazy(() => import('./commands/inventory.js')));

program
  .command('modules')
  .description('list modules, or show the parameters of one')
  .argument('[name]', 'module name')
  .option('--playbook-dir <dir>', "also the project's own modules, in <dir>/library (default: the current folder)")
  .action(lazy(() => import('./commands/modules.js')));

program
  .command('schemas')
  .description("write editor schemas (JSON Schema) for this project: the built-in modules and the project's own (library/)")
  .requiredOption('-o, --output <dir>', 'folder to write playbook, tasks, handlers, vars, role-meta and inventory .schema.json into')
  .option('--playbook-dir <dir>', 'the folder whose library/ holds the modules (default: the current folder)')
  .action(lazy(() => import('./commands/schemas.js')));

program
  .command('roles')
  .description('install the roles of requirements.yaml from git into .runbook/roles, pinned by requirements.lock.yaml')
  .argument('<action>', 'install')
  .option('-r, --role-file <file>', 'the requirements file (default: requirements.yaml or requirements.yml here)')
  .option('--update', 'resolve every version again (branches move forward) and rewrite the lock')
  .option('--force', 'clone again even the roles already installed at their locked commit')
  .action(lazy(() => import('./commands/roles.js')));

program
  .command('lab')
  .description('throwaway hosts on this machine: network namespaces with sshd (Linux, root)')
  .argument('<action>', 'up | down | status | doctor (what this machine lacks for the lab; --install installs it)')
  .option('--hosts <n>', 'plain hosts (sshd as init)', (v) => Number.parseInt(v, 10), 3)
  .option('--systemd <n>', 'how many of them run systemd as PID 1', (v) => Number.parseInt(v, 10), 0)
  .option('--seed', 'the seed topology: workstation + Docker VM (systemd, dockerd, eth1)')
  .option('--inventory <file>', 'where to write the lab inventory')
  .option('--wait <seconds>', 'if another lab is up, wait for it to go away (bounded) instead of failing', (v) => Number.parseFloat(v), 0)
  .option('--owner <pid>', 'the lab belongs to this process: once it exits, the next lab up removes the lab', (v) => Number.parseInt(v, 10))
  .option('--force', 'lab down: also take down a lab that a running test holds')
  .option('--install', 'lab doctor: install what is missing (Debian/Ubuntu, root: playbooks/lab-prerequisites.yaml)')
  .action(lazy(() => import('./commands/lab.js')));

const vault = program
  .command('vault')
  .description("encrypt and decrypt files and values in ansible-vault's format (either tool reads what the other writes)");
/** A `runbook vault` action, loaded lazily like every command. */
const vaultAction = (name: 'encrypt' | 'decrypt' | 'view' | 'edit' | 'rekey' | 'encryptString') =>
  lazy(() => import('./commands/vault.js').then((m) => ({ run: m[name] as Runner })));
const VAULT_OUTPUT = 'write here instead of in place (- for stdout)';
const ENCRYPT_ID = 'the vault id to encrypt with, when several are given';

vault
  .command('encrypt')
  .description('encrypt files in place (none or -: stdin to stdout)')
  .argument('[files...]')
  .option('--output <file>', VAULT_OUTPUT)
  .option('--encrypt-vault-id <label>', ENCRYPT_ID)
  .action(vaultAction('encrypt'));
vault
  .command('decrypt')
  .description('decrypt files in place (none or -: stdin to stdout)')
  .argument('[files...]')
  .option('--output <file>', VAULT_OUTPUT)
  .action(vaultAction('decrypt'));
vault.command('view').description('print the decrypted content of files').argument('<files...>').action(vaultAction('view'));
vault
  .command('edit')
  .description('decrypt into $EDITOR; encrypt again (atomically) when saved with changes')
  .argument('<file>')
  .option('--encrypt-vault-id <label>', 'the vault id to encrypt with (default: the one the file has)')
  .action(vaultAction('edit'));
vault
  .command('rekey')
  .description('encrypt files again with a new password')
  .argument('<files...>')
  .option('--new-vault-id <label@source>', 'the new password, under a label')
  .option('--new-vault-password-file <file>', 'the new password (default: asked twice)')
  .action(vaultAction('rekey'));
vault
  .command('encrypt_string')
  .description('print a `!vault |` value for a playbook or vars file')
  .argument('[strings...]', 'the values (default: stdin)')
  .option('-n, --name <var>', 'the variable name of each string, in order (repeatable)', collect)
  .option('-p, --prompt', 'ask for the string on the terminal, hidden')
  .option('--stdin-name <var>', 'read the value from stdin, under this name')
  .option('--output <file>', 'write here instead of stdout')
  .option('--encrypt-vault-id <label>', ENCRYPT_ID)
  .action(vaultAction('encryptString'));

// Every command that loads playbooks, inventories or vars files can be given vault passwords.
for (const path of VAULT_COMMANDS) {
  const cmd = path.split(' ').reduce<Command>((parent, name) => parent.commands.find((c) => c.name() === name)!, program);
  withVaultOptions(cmd);
}

program.parseAsync(process.argv).catch((e: unknown) => {
  process.exitCode = reportFatal(e);
});
