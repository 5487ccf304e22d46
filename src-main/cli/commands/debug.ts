// `choreo debug [DIR] --break FILE:LINE [--object KIND/NAME] …`: the Starlark debugger on the command line.
// The debuggee runs in a worker thread (host/workers/debug-client.ts, as in the app); this thread prints
// stops and reads line-mode commands (c, n, s, o, p EXPR, bt, …), so it works over ssh and from a pipe.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { objectLabel, parseObjectFilter } from '../../../src-shared/debug/object-filter.js';
import type { DebugTarget, LaunchRequest, Scope, SourceBreakpoint, StackFrame, Variable } from '../../../src-shared/ipc/channels/debug.js';
import { placeBreakpoints, type DebugEventMessage, type DebugRequest, type DebugResponse } from '../../engine/index.js';
import { DebugClient } from '../../host/workers/debug-client.js';
import { intFlag, parseFlags, UsageError, withUsage } from '../flags.js';
import { foldersFrom, FOLDER_FLAGS_USAGE, withFolderFlags } from '../folder-flags.js';
import type { Command } from './command.js';
import { projectDir } from './data-common.js';

/** Where the prompt reads its lines: stdin, or a script in tests. null = end of input. */
export interface LineSource {
  next(prompt: string): Promise<string | null>;
  close(): void;
}

const HELP = `usage: choreo debug [DIR] --break FILE:LINE [--break …] [options]

Runs the project once under the Starlark debugger (or reconciles one object, now or against a snapshot)
and stops at the breakpoints. Nothing is written: the store, snapshots and last-run.json stay as they are.

options:
  --break FILE:LINE[ if COND]   a breakpoint in a .star file of the project (repeatable); COND is a Starlark
                                expression, e.g. --break 'libs/x.star:12 if language == "nl"'
  --object KIND/NAME            stop only while reconciling matching objects (KIND/NAMESPACE/NAME, * globs)
  --reconcile KIND/NAME         reconcile only this object (KIND/NAMESPACE/NAME) instead of a whole run
  --snapshot ID                 with --reconcile: replay against this snapshot's store state (latest, an id)
  --reconciler NAME             with --reconcile: only this reconciler
  --stop-on-entry               stop at the first statement of the first reconcile
  --no-stop-on-error            do not stop where an error leaves Starlark code
  --max-steps N                 Starlark steps one reconcile may take
  ${FOLDER_FLAGS_USAGE}

at a stop:
  c, continue      run to the next breakpoint       p EXPR          evaluate EXPR in the current frame
  n, next          step over                        bt, where       the call stack
  s, step          step into (load()ed libraries)   up, down        select the caller / callee frame
  o, out           step out                         l, list         source around the current line
  locals, globals  variables of the current frame   b FILE:LINE[ if COND]  add a breakpoint
  q, quit          stop the debug session           h, help         this list
Ctrl+C while the program runs pauses it.

exit code: 0 when the debuggee ended successfully (or you quit), 1 when it failed, 2 usage or load error.`;

const FLAGS = withFolderFlags({
  lists: { '--break': 'break' },
  values: { '--object': 'object', '--reconcile': 'reconcile', '--snapshot': 'snapshot', '--reconciler': 'reconciler', '--max-steps': 'maxSteps' },
  bools: { '--stop-on-entry': 'entry', '--no-stop-on-error': 'noStopOnError' },
});

/** `FILE:LINE` or `FILE:LINE if COND`, FILE relative to the project (or to the current folder, inside it). */
export function parseBreak(spec: string, dir: string): { source: string; breakpoint: SourceBreakpoint } {
  const m = /^(.+?):(\d+)(?:\s+if\s+(.+))?$/s.exec(spec.trim());
  if (!m) throw new UsageError(`--break ${spec}: write FILE:LINE (e.g. libs/util.star:12), optionally followed by "if CONDITION"`);
  const [, file, line, condition] = m as unknown as [string, string, string, string | undefined];
  const fromCwd = path.resolve(file);
  const rel = path.relative(dir, fromCwd);
  const source = !rel.startsWith('..') && !path.isAbsolute(rel) && rel !== '' ? rel.split(path.sep).join('/') : file.replace(/^\.\//, '');
  if (source.startsWith('../') || path.isAbsolute(source)) throw new UsageError(`--break ${spec}: ${file} is not inside the project ${dir}`);
  return { source, breakpoint: { line: intFlag(line, `--break ${spec} line`, 1), ...(condition ? { condition } : {}) } };
}

function parseTarget(text: string): DebugTarget {
  const f = parseObjectFilter(text);
  if ('error' in f) throw new UsageError(`--reconcile: ${f.error}`);
  if (f.kind.includes('*') || f.name.includes('*') || f.namespace?.includes('*')) throw new UsageError('--reconcile names one object: no * in it');
  return { kind: f.kind, name: f.name, ...(f.namespace !== undefined ? { namespace: f.namespace } : {}) };
}

/** Parses the arguments into a launch (and the project folder). */
export function launchOf(args: string[]): { dir: string; launch: LaunchRequest; maxSteps?: number; folders: ReturnType<typeof foldersFrom> } {
  const p = parseFlags(args, FLAGS);
  if (p.positional.length > 1) throw new UsageError(`unexpected argument ${p.positional[1]}`);
  if (p.positional.length && p.dirGiven) throw new UsageError('give the project as DIR or --dir DIR, not both');
  const dir = projectDir(p.positional[0] ?? p.dir);
  const bySource = new Map<string, SourceBreakpoint[]>();
  for (const b of p.lists.break ?? []) {
    const { source, breakpoint } = parseBreak(b, dir);
    bySource.set(source, [...(bySource.get(source) ?? []), breakpoint]);
  }
  if (p.values.object !== undefined) {
    const f = parseObjectFilter(p.values.object);
    if ('error' in f) throw new UsageError(`--object: ${f.error}`);
  }
  if (p.values.snapshot !== undefined && p.values.reconcile === undefined) throw new UsageError('--snapshot replays one object: give it with --reconcile KIND/NAME');
  if (p.values.reconciler !== undefined && p.values.reconcile === undefined) throw new UsageError('--reconciler goes with --reconcile KIND/NAME');
  const mode = p.values.reconcile === undefined ? 'run' : p.values.snapshot !== undefined ? 'replay' : 'reconcile';
  const launch: LaunchRequest = {
    mode,
    breakpoints: [...bySource].map(([source, breakpoints]) => ({ source, breakpoints })),
    ...(p.values.reconcile !== undefined ? { target: parseTarget(p.values.reconcile) } : {}),
    ...(p.values.snapshot !== undefined ? { snapshot: p.values.snapshot } : {}),
    ...(p.values.reconciler !== undefined ? { reconciler: p.values.reconciler } : {}),
    ...(p.values.object !== undefined ? { objectFilter: p.values.object } : {}),
    ...(p.bools.has('entry') ? { stopOnEntry: true } : {}),
    ...(p.bools.has('noStopOnError') ? { stopOnError: false } : {}),
  };
  return { dir, launch, folders: foldersFrom(p.values), ...(p.values.maxSteps !== undefined ? { maxSteps: intFlag(p.values.maxSteps, '--max-steps', 1) } : {}) };
}

/** The terminal: prompts on stdout, lines from stdin (a TTY or a pipe). */
function stdinLines(onInterrupt: () => void): LineSource {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const queue: string[] = [];
  let waiting: ((line: string | null) => void) | undefined;
  let closed = false;
  rl.on('line', (line) => (waiting ? (waiting(line), (waiting = undefined)) : queue.push(line)));
  rl.on('close', () => {
    closed = true;
    waiting?.(null);
    waiting = undefined;
  });
  rl.on('SIGINT', onInterrupt);
  return {
    next(prompt) {
      process.stdout.write(prompt);
      if (queue.length) return Promise.resolve(queue.shift()!);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => (waiting = resolve));
    },
    close: () => rl.close(),
  };
}

export const debugCommand: Command = {
  name: 'debug',
  run: (args) =>
    withUsage(HELP, async () => {
      if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(HELP + '\n');
        return 0;
      }
      let prompt: DebugPrompt | undefined;
      const lines = stdinLines(() => prompt?.interrupt());
      try {
        return await runDebugCli(args, lines, (p) => (prompt = p));
      } finally {
        lines.close();
      }
    }),
};

/** The debugger on a line source: the CLI's body (tests give it a scripted source). */
export async function runDebugCli(args: string[], lines: LineSource, onPrompt: (p: DebugPrompt) => void = () => {}): Promise<number> {
  const { dir, launch, maxSteps, folders } = launchOf(args);
  const breakpoints = [];
  for (const b of launch.breakpoints) {
    const placed = await placeBreakpoints(dir, b.source, b.breakpoints);
    for (const p of placed) {
      if (!p.result.verified) process.stderr.write(`breakpoint ${b.source}:${p.spec.line} not set: ${p.result.message}\n`);
      else if (p.result.line !== p.spec.line) process.stdout.write(`breakpoint ${b.source}:${p.spec.line} moved to line ${p.result.line}, the next statement\n`);
    }
    breakpoints.push({ source: b.source, breakpoints: placed });
  }
  if (launch.mode === 'run') process.stdout.write(`debugging a run once of ${dir} (nothing is written)\n`);
  else process.stdout.write(`debugging the reconcile of ${objectLabel({ kind: launch.target!.kind, namespace: launch.target!.namespace ?? '', name: launch.target!.name })}${launch.mode === 'replay' ? ` against snapshot ${launch.snapshot}` : ''} (nothing is written)\n`);
  const prompt = new DebugPrompt(dir, lines, launch.breakpoints);
  onPrompt(prompt);
  const client = new DebugClient({ dir, launch, breakpoints, options: { folders, ...(maxSteps !== undefined ? { limits: { maxSteps } } : {}) }, onEvent: (e) => prompt.onEvent(e) });
  prompt.attach(client);
  await client.ended;
  await prompt.done;
  return prompt.exitCode;
}

/** Prints what the debuggee reports and runs the commands typed at each stop. */
export class DebugPrompt {
  private client!: DebugClient;
  private frame = 0;
  private frames: StackFrame[] = [];
  private quit = false;
  /** Every breakpoint per file, the launch's and those added at the prompt (DAP replaces a file's list whole). */
  private readonly added = new Map<string, SourceBreakpoint[]>();
  exitCode = 0;
  private stops: Promise<void> = Promise.resolve();
  private finished!: () => void;
  /** Resolves when the last stop's commands are done and the end was printed. */
  readonly done = new Promise<void>((resolve) => (this.finished = resolve));

  constructor(
    private readonly dir: string,
    private readonly lines: LineSource,
    launched: LaunchRequest['breakpoints'] = [],
  ) {
    for (const b of launched) this.added.set(b.source, [...b.breakpoints]);
  }

  attach(client: DebugClient): void {
    this.client = client;
  }

  /** Ctrl+C: pause a running program; at a prompt, end the session. */
  interrupt(): void {
    if (this.client.state === 'running') {
      process.stdout.write('\npausing…\n');
      this.client.pause();
    } else if (this.client.state === 'stopped') {
      this.quit = true;
      void this.client.disconnect();
    }
  }

  onEvent(e: DebugEventMessage): void {
    switch (e.event) {
      case 'output':
        (e.body.category === 'stderr' ? process.stderr : process.stdout).write(e.body.source ? `${e.body.source.path}:${e.body.line}: ${e.body.output}\n` : e.body.output);
        return;
      case 'stopped':
        this.stops = this.stops.then(() => this.atStop(e.body));
        return;
      case 'continued':
        return;
      case 'terminated':
        this.stops = this.stops.then(() => {
          process.stdout.write(`${e.body.message}\n`);
          if (!this.quit && e.body.success === false) this.exitCode = 1;
          this.finished();
        });
        return;
    }
  }

  private async ask<T>(request: DebugRequest): Promise<T> {
    const r: DebugResponse = await this.client.request(request);
    if (!r.ok) throw new Error(r.message);
    return r.body as T;
  }

  private async atStop(stop: Extract<DebugEventMessage, { event: 'stopped' }>['body']): Promise<void> {
    if (this.quit) return;
    this.frames = (await this.ask<{ stackFrames: StackFrame[] }>({ command: 'stackTrace' }).catch(() => ({ stackFrames: [] }))).stackFrames;
    this.frame = 0;
    const top = this.frames[0];
    const what = stop.reason === 'exception' ? `on error: ${stop.text}` : stop.reason === 'breakpoint' ? 'at a breakpoint' : stop.reason === 'entry' ? 'on entry' : stop.reason === 'pause' ? 'paused' : 'after a step';
    const obj = stop.reconcile ? ` reconciling ${objectLabel(stop.reconcile)} (${stop.reconcile.reconciler})` : '';
    process.stdout.write(`stopped ${what} in ${top?.name ?? '?'} at ${top ? `${top.source.path}:${top.line}` : '?'}${obj}\n`);
    if (top) this.showLine(top.source.path, top.line);
    for (;;) {
      const line = await this.lines.next('(choreo-debug) ');
      if (line === null) {
        this.quit = true;
        await this.client.disconnect();
        return;
      }
      if (await this.command(line.trim())) return;
    }
  }

  /** Runs one command; true when the program goes on (or the session ends). */
  private async command(line: string): Promise<boolean> {
    const word = line.split(/\s+/, 1)[0] ?? '';
    const rest = line.slice(word.length).trim();
    try {
      switch (word) {
        case '':
          return false;
        case 'c':
        case 'continue':
          return this.resume('continue');
        case 'n':
        case 'next':
          return this.resume('next');
        case 's':
        case 'step':
          return this.resume('stepIn');
        case 'o':
        case 'out':
        case 'finish':
          return this.resume('stepOut');
        case 'p':
        case 'print': {
          if (!rest) throw new Error('p needs an expression, e.g. p spec["name"]');
          const r = await this.ask<{ result: string; type: string }>({ command: 'evaluate', expression: rest, frameId: this.frame + 1, context: 'repl' });
          process.stdout.write(`${r.result}\n`);
          return false;
        }
        case 'bt':
        case 'where':
        case 'backtrace':
          this.frames.forEach((f, i) => process.stdout.write(`${i === this.frame ? '>' : ' '} #${i} ${f.name} at ${f.source.path}:${f.line}\n`));
          return false;
        case 'up':
        case 'down': {
          const next = this.frame + (word === 'up' ? 1 : -1);
          if (next < 0 || next >= this.frames.length) throw new Error(word === 'up' ? 'this is the outermost frame' : 'this is the innermost frame');
          this.frame = next;
          const f = this.frames[next]!;
          process.stdout.write(`#${next} ${f.name} at ${f.source.path}:${f.line}\n`);
          this.showLine(f.source.path, f.line);
          return false;
        }
        case 'l':
        case 'list': {
          const f = this.frames[this.frame];
          if (f) this.showLine(f.source.path, f.line, 5);
          return false;
        }
        case 'locals':
        case 'globals': {
          const { scopes } = await this.ask<{ scopes: Scope[] }>({ command: 'scopes', frameId: this.frame + 1 });
          const scope = scopes.find((s) => s.name.toLowerCase() === word)!;
          const { variables } = await this.ask<{ variables: Variable[] }>({ command: 'variables', variablesReference: scope.variablesReference });
          for (const v of variables) process.stdout.write(`${v.name} = ${v.value}${v.presentationHint?.attributes?.includes('readOnly') ? '  (frozen)' : ''}\n`);
          if (!variables.length) process.stdout.write(`(no ${word})\n`);
          return false;
        }
        case 'b':
        case 'break': {
          const { source, breakpoint } = parseBreak(rest, this.dir);
          this.added.set(source, [...(this.added.get(source) ?? []), breakpoint]);
          const placed = await placeBreakpoints(this.dir, source, this.added.get(source)!);
          const last = placed[placed.length - 1]!;
          if (!last.result.verified) throw new Error(last.result.message ?? 'cannot set it there');
          await this.ask({ command: 'setBreakpoints', source, breakpoints: placed });
          process.stdout.write(`breakpoint at ${source}:${last.result.line}${breakpoint.condition ? ` if ${breakpoint.condition}` : ''}\n`);
          return false;
        }
        case 'q':
        case 'quit':
        case 'exit':
          this.quit = true;
          await this.client.disconnect();
          return true;
        case 'h':
        case 'help':
        case '?':
          process.stdout.write(HELP.slice(HELP.indexOf('at a stop:')) + '\n');
          return false;
        default:
          throw new Error(`unknown command "${word}" (h for help)`);
      }
    } catch (e) {
      process.stdout.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return false;
    }
  }

  private async resume(command: 'continue' | 'next' | 'stepIn' | 'stepOut'): Promise<boolean> {
    await this.ask({ command });
    return true;
  }

  private showLine(source: string, line: number, around = 0): void {
    let text: string[];
    try {
      text = readFileSync(path.join(this.dir, source), 'utf8').split('\n');
    } catch {
      return;
    }
    for (let l = Math.max(1, line - around); l <= Math.min(text.length, line + around); l++) {
      process.stdout.write(`${l === line ? '->' : '  '} ${String(l).padStart(4)}  ${text[l - 1]}\n`);
    }
  }
}
