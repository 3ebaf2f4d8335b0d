/** `krun --help`. */
export const HELP = `krun — agentless task runner for Linux fleets

Usage:
  krun PLAYBOOK... [-i INVENTORY] [options]     run playbooks
  krun adhoc PATTERN -i INVENTORY -m MODULE [-a ARGS] [options]
  krun inventory --list|--graph [GROUP] [-i INVENTORY]
  krun lab up|down|status [...]                 a local fleet of test hosts

Options (as ansible-playbook):
  -i, --inventory INV        inventory file, directory or 'h1,h2,' (repeatable)
  -l, --limit PATTERN        narrow hosts: groups, hosts, globs, !excluded, &intersection, @file
  -e, --extra-vars VARS      key=value, JSON/YAML, or @file (repeatable)
  -C, --check                show what would change; change nothing
  -D, --diff                 show file changes line by line
  -t, --tags TAGS            only tasks tagged so (and 'always')
      --skip-tags TAGS       skip tasks tagged so
  -f, --forks N              hosts at once per task (default: all)
      --list-hosts | --list-tasks | --list-tags | --syntax-check
      --start-at-task NAME   start at the first task with that name
  -u, --user USER            remote user;   --private-key FILE   key file
  -b, --become               run as root via sudo; --become-user USER; -K ask for the sudo password
  -k, --ask-pass             ask for the SSH password
  -T, --timeout SECONDS      SSH connect timeout (default 10)
      --accept-new-host-keys trust and record keys of hosts not in known_hosts
      --force-handlers       run notified handlers even after a failure
      --json | --plain       one JSON event per line | one line per host per task
  -v, -vv, -vvv              more detail

Exit codes: 0 ok, 1 usage or input error, 2 a host failed, 4 a host was unreachable.
`
