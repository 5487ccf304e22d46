// Registry of CLI verbs. Each verb lives in its own module; add one import and one array entry here.
import type { Command } from './command.js';
import { serverCommand } from './server.js';

export type { Command };

export const commands: Command[] = [
  serverCommand,
];
