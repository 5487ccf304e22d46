// Registry of CLI verbs. Each verb lives in its own module, imported only when the verb runs (start-up
// time: a module imported here would load on every `choreo` call). Adding a verb = one entry below.
import type { Command, CommandEntry } from './command.js';

export type { Command, CommandEntry };

export const commands: CommandEntry[] = [
  {
    name: 'server',
    summary: 'start [DIR]: serve Choreo Studio in the browser; apply URL DIR REF [BRANCH]: apply a remote project',
    load: async () => (await import('./server.js')).serverCommand,
  },
  {
    name: 'git',
    summary: 'status|diff|add|reset|commit|push|pull|fetch|merge --abort|log|branch|checkout|stash|init|identity|repair: the git loop',
    load: async () => (await import('./git.js')).gitCommand,
  },
  { name: 'get', summary: 'print objects of a kind from the project store (-o yaml|json)', load: async () => (await import('./get.js')).getCommand },
  { name: 'api-resources', summary: 'list the APIs (kinds) the project knows', load: async () => (await import('./api-resources.js')).apiResourcesCommand },
  { name: 'apply', summary: 'validate objects and write them into in/ (-f FILE|DIR|-)', load: async () => (await import('./apply.js')).applyCommand },
  { name: 'delete', summary: 'remove an object from in/ (delete <plural>.<group> NAME)', load: async () => (await import('./delete.js')).deleteCommand },
  { name: 'dev', summary: 'dev parse DIR: generate in/ files from reconcilers/ and libs/', load: async () => (await import('./dev.js')).devCommand },
  { name: 'run', summary: 'once|start|stop|result|list|diff|deps: run the project, inspect snapshots', load: async () => (await import('./run.js')).runCommand },
  {
    name: 'debug',
    summary: 'debug reconcilers: --break FILE:LINE [--object KIND/NAME] [--reconcile KIND/NAME [--snapshot ID]]; prompt c n s o p bt',
    load: async () => (await import('./debug.js')).debugCommand,
  },
  {
    name: 'explain',
    summary: 'explain <plural>.<group> NAME [--field .spec.x]: who wrote each field, from which line, when it changed',
    load: async () => (await import('./explain.js')).explainCommand,
  },
  { name: 'plan', summary: 'what a run of the project as it is now would change (+ ~ -), writing nothing; exit 2 on changes', load: async () => (await import('./plan.js')).planCommand },
  { name: 'starlark', summary: 'run a Starlark file (print to stdout, errors with traceback to stderr)', load: async () => (await import('./starlark.js')).starlarkCommand },
  { name: 'env', summary: 'list, create, rename, order and delete environments', load: async () => (await import('./env.js')).envCommand },
  { name: 'config', summary: 'set, unset and list configuration values and secrets per environment (or all)', load: async () => (await import('./config.js')).configCommand },
  { name: 'build', summary: 'build a commit once into an immutable, deployable artifact', load: async () => (await import('./build.js')).buildCommand },
  { name: 'deploy', summary: 'deploy a build to an environment (health-checked)', load: async () => (await import('./deploy.js')).deployCommand },
  { name: 'promote', summary: 'promote the build of one environment to the next (zero downtime)', load: async () => (await import('./promote.js')).promoteCommand },
  { name: 'rollback', summary: 'roll an environment back to a previous deployment', load: async () => (await import('./rollback.js')).rollbackCommand },
  { name: 'history', summary: 'list executions (builds, deploys, promotions, runs) with filters', load: async () => (await import('./history.js')).historyCommand },
  { name: 'logs', summary: "print an execution's log", load: async () => (await import('./logs.js')).logsCommand },
];
