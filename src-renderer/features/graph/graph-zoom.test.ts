import { describe, expect, it } from 'vitest';
import { clampZoom, fitZoom, MAX_ZOOM, MIN_FIT_ZOOM, MIN_ZOOM, stepZoom } from './graph-zoom';

describe('fitZoom', () => {
  it('shrinks a graph to the canvas', () => {
    expect(fitZoom(1000, 500, 950, 1000)).toBeCloseTo(0.95);
  });

  it('never shrinks below a readable zoom: a big graph is panned instead', () => {
    expect(fitZoom(1500, 1100, 1075, 480)).toBe(MIN_FIT_ZOOM);
  });

  it('never blows a small graph up, and copes with a canvas not measured yet', () => {
    expect(fitZoom(300, 100, 1000, 800)).toBe(1);
    expect(fitZoom(300, 100, 0, 0)).toBe(1);
  });
});

describe('zoom steps', () => {
  it('steps in and out from any zoom, and stops at the ends', () => {
    expect(stepZoom(0.85, 1)).toBe(1);
    expect(stepZoom(0.85, -1)).toBe(0.7);
    expect(stepZoom(0.92, 1)).toBe(1);
    expect(stepZoom(0.92, -1)).toBe(0.85);
    expect(stepZoom(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
    expect(clampZoom(10)).toBe(MAX_ZOOM);
    expect(clampZoom(0.01)).toBe(MIN_ZOOM);
  });
});
