// The plan controller against the fake host, which answers plan.compute from the buffers it is sent: an
// unsaved edit of a file the engine reads is planned with its text, the newest text wins, a save empties the
// plan, and latestOnly never runs two tasks at once nor queues stale ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName, Request, Response } from '../../../src-shared/ipc/contract';
import { freshWorkspace, FakeHost, until } from '../../testing/fake-project-host';
import { setApiClient } from '../../api';
import { openFile, saveFile } from '../editor/editor-controller';
import { installPlan, latestOnly } from './plan-controller';
import { initialPlanState, usePlan } from './plan-store';

/** Answers plan.compute with one changed object per planned buffer; remembers every request. */
class PlanningHost extends FakeHost {
  plans: Request<'plan.compute'>[] = [];
  override async invoke<C extends ChannelName>(channel: C, req: Request<C>): Promise<Response<C>> {
    if (channel !== 'plan.compute') return super.invoke(channel, req);
    const r = req as Request<'plan.compute'>;
    this.plans.push(r);
    const files = r.source === 'buffers' ? (r.buffers ?? []).map((b) => b.path) : [];
    const answer: Response<'plan.compute'> = {
      planId: `p${this.plans.length}`,
      source: r.source,
      files,
      against: 'abc',
      success: true,
      message: 'execution success',
      items: [],
      counts: { add: 0, change: files.length, destroy: 0 },
      durationMs: 1,
    };
    return answer as Response<C>;
  }
}

let host: PlanningHost;
let models: Awaited<ReturnType<typeof freshWorkspace>>['models'];
let stop: () => void;
let uninstall: () => void;

beforeEach(async () => {
  usePlan.setState({ ...initialPlanState });
  const ws = await freshWorkspace();
  host = new PlanningHost();
  host.files = ws.host.files;
  setApiClient(host);
  models = ws.models;
  stop = ws.stop;
  uninstall = installPlan();
});
afterEach(() => {
  uninstall();
  stop();
});

describe('plan controller', () => {
  it('plans an unsaved edit of an input with its newest text, and forgets the plan once it is saved', async () => {
    await openFile('in/a.yaml');
    models.edit('in/a.yaml', 'a: 2\n');
    models.edit('in/a.yaml', 'a: 3\n');
    await until(() => usePlan.getState().buffers.state === 'ready');
    const last = host.plans.at(-1)!;
    expect(last).toEqual({ source: 'buffers', buffers: [{ path: 'in/a.yaml', content: 'a: 3\n' }] });
    expect(usePlan.getState().buffers.result?.counts.change).toBe(1);
    expect(await saveFile('in/a.yaml')).toBe(true);
    await until(() => usePlan.getState().buffers.result === null);
    expect(usePlan.getState().buffers.state).toBe('idle');
  });
});

describe('latestOnly', () => {
  it('runs one task at a time and once more after it when asked meanwhile, however often', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const gates: (() => void)[] = [];
    const request = latestOnly(async () => {
      running++;
      most = Math.max(most, running);
      runs++;
      await new Promise<void>((r) => gates.push(r));
      running--;
    });
    void request();
    void request();
    void request();
    void request();
    expect(runs).toBe(1);
    gates.shift()!();
    await until(() => runs === 2);
    gates.shift()!();
    await until(() => running === 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });

  it('a request made while a task runs settles after the follow-up run, which started after it', async () => {
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const request = latestOnly(async () => {
      started.push(started.length + 1);
      await new Promise<void>((r) => gates.push(r));
    });
    const first = request();
    let secondDone = false;
    const second = request().then(() => (secondDone = true));
    gates.shift()!();
    await first;
    await until(() => started.length === 2);
    expect(secondDone).toBe(false);
    gates.shift()!();
    await second;
    expect(started).toEqual([1, 2]);
  });

  it('keeps going after a task fails', async () => {
    let runs = 0;
    const request = latestOnly(async () => {
      runs++;
      if (runs === 1) throw new Error('boom');
    });
    await request();
    await request();
    expect(runs).toBe(2);
  });
});
