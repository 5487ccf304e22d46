import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.js';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('dedups waiting keys and keeps FIFO order', () => {
    const q = new WorkQueue(new VirtualClock());
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.get()).toBe('a');
    expect(q.get()).toBe('b');
    expect(q.get()).toBeUndefined();
  });
  it('re-queues a key added while it is processed, once, after done()', () => {
    const q = new WorkQueue(new VirtualClock());
    q.add('a');
    expect(q.get()).toBe('a');
    q.add('a');
    q.add('a');
    expect(q.get()).toBeUndefined();
    q.done('a');
    expect(q.get()).toBe('a');
    q.done('a');
    expect(q.idle()).toBe(true);
  });
  it('delays addAfter keys until the clock reaches them', () => {
    const clock = new VirtualClock();
    const q = new WorkQueue(clock);
    q.addAfter('late', 5000);
    q.addAfter('early', 10);
    expect(q.get()).toBeUndefined();
    expect(q.idle()).toBe(false);
    expect(q.nextDue()).toBe(10);
    clock.advanceTo(10);
    expect(q.get()).toBe('early');
    q.done('early');
    clock.advanceTo(q.nextDue()!);
    expect(q.get()).toBe('late');
  });
  it('backs off exponentially per key and forget() resets it', () => {
    const clock = new VirtualClock();
    const q = new WorkQueue(clock);
    q.addRateLimited('a');
    expect(q.nextDue()).toBe(5);
    clock.advanceTo(5);
    expect(q.get()).toBe('a');
    q.done('a');
    q.addRateLimited('a');
    expect(q.nextDue()).toBe(15);
    clock.advanceTo(15);
    q.get();
    q.done('a');
    q.forget('a');
    q.addRateLimited('a');
    expect(q.nextDue()).toBe(20);
  });
});
