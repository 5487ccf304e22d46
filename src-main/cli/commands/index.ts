// Registry of CLI verbs. Each verb lives in its own module; add one import and one array entry here.
import type { Command } from './command.js';
import { serverCommand } from './server.js';
import { gitCommand } from './git.js';
import { getCommand } from './get.js';
import { apiResourcesCommand } from './api-resources.js';
import { applyCommand } from './apply.js';
import { deleteCommand } from './delete.js';
import { devCommand } from './dev.js';
import { runCommand } from './run.js';
import { starlarkCommand } from './starlark.js';
import { envCommand } from './env.js';
import { configCommand } from './config.js';
import { buildCommand } from './build.js';
import { deployCommand } from './deploy.js';
import { promoteCommand } from './promote.js';
import { rollbackCommand } from './rollback.js';
import { historyCommand } from './history.js';
import { logsCommand } from './logs.js';

export type { Command };

export const commands: Command[] = [
  serverCommand,
  gitCommand,
  getCommand,
  apiResourcesCommand,
  applyCommand,
  deleteCommand,
  devCommand,
  runCommand,
  starlarkCommand,
  envCommand,
  configCommand,
  buildCommand,
  deployCommand,
  promoteCommand,
  rollbackCommand,
  historyCommand,
  logsCommand,
];
