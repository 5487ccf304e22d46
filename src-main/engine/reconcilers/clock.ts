// Time source for the work queue. Run once uses a virtual clock so `requeueAfter` and backoff delays are
// jumped over instead of slept through (deterministic, no waiting in tests); prod mode uses real time.

export interface Clock {
  /** Milliseconds; only differences matter. */
  now(): number;
}

export class RealClock implements Clock {
  now(): number {
    return performance.now();
  }
}

/** A clock that only moves when told to. */
export class VirtualClock implements Clock {
  private t = 0;
  now(): number {
    return this.t;
  }
  advanceTo(t: number): void {
    if (t > this.t) this.t = t;
  }
}
