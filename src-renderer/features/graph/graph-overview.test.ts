import { describe, expect, it } from 'vitest';
import { overflows, OVERVIEW_MAX_H, OVERVIEW_MAX_W, overviewScale, scrollToCentre, visibleRect, type CanvasView, type Drawing } from './graph-overview';

// A drawing the size of a ~60-node project's graph at the canvas of a 1440x900 window.
const big: Drawing = { width: 1900, height: 1500, pad: 16 };
const view = (v: Partial<CanvasView> = {}): CanvasView => ({
  scrollLeft: 0,
  scrollTop: 0,
  clientWidth: 1060,
  clientHeight: 500,
  zoom: 0.85,
  ...v,
});

describe('overviewScale', () => {
  it('fits the whole drawing in the overview box', () => {
    const s = overviewScale(big);
    expect(big.width * s).toBeLessThanOrEqual(OVERVIEW_MAX_W + 1e-9);
    expect(big.height * s).toBeLessThanOrEqual(OVERVIEW_MAX_H + 1e-9);
    expect(Math.max(big.width * s - OVERVIEW_MAX_W, big.height * s - OVERVIEW_MAX_H)).toBeCloseTo(0);
  });

  it('is 0 for an empty drawing', () => {
    expect(overviewScale({ width: 0, height: 0, pad: 16 })).toBe(0);
  });
});

describe('overflows', () => {
  it('is true for a big graph at a readable zoom, false for one that fits', () => {
    expect(overflows(big, view())).toBe(true);
    expect(overflows({ width: 600, height: 200, pad: 16 }, view({ zoom: 1 }))).toBe(false);
  });
});

describe('visibleRect', () => {
  it('is the top-left part of the drawing when the canvas is not scrolled, in graph units', () => {
    const r = visibleRect(big, view());
    expect(r.x).toBe(-16);
    expect(r.y).toBe(-16);
    expect(r.width).toBeCloseTo(1060 / 0.85);
    expect(r.height).toBeCloseTo(500 / 0.85);
  });

  it('moves with the scroll and is clipped to the drawing', () => {
    const r = visibleRect(big, view({ scrollLeft: 1900 * 0.85 - 1060, scrollTop: 1500 * 0.85 - 500 }));
    expect(r.x + 16 + r.width).toBeCloseTo(1900);
    expect(r.y + 16 + r.height).toBeCloseTo(1500);
  });

  it('covers the whole width of a drawing narrower than the canvas (centred there)', () => {
    const narrow: Drawing = { width: 800, height: 1500, pad: 16 };
    const r = visibleRect(narrow, view({ zoom: 1 }));
    expect(r.x).toBe(-16);
    expect(r.width).toBe(800);
  });
});

describe('scrollToCentre', () => {
  it('centres a point and round-trips with visibleRect', () => {
    const v = view();
    const s = scrollToCentre(big, v, 900, 700);
    const r = visibleRect(big, { ...v, scrollLeft: s.left, scrollTop: s.top });
    expect(r.x + r.width / 2).toBeCloseTo(900);
    expect(r.y + r.height / 2).toBeCloseTo(700);
  });

  it('stops at the edges the canvas can scroll to', () => {
    const v = view();
    expect(scrollToCentre(big, v, -16, -16)).toEqual({ left: 0, top: 0 });
    const far = scrollToCentre(big, v, 5000, 5000);
    expect(far.left).toBeCloseTo(1900 * 0.85 - 1060);
    expect(far.top).toBeCloseTo(1500 * 0.85 - 500);
  });
});
