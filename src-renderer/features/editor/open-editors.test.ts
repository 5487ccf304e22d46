import { describe, expect, it } from 'vitest';
import { parseOpenEditors, serializeOpenEditors } from './open-editors';

describe('open editors', () => {
  it('round-trips the tab list and the active tab', () => {
    const s = { order: ['in/a.yaml', 'reconcilers/r.star'], active: 'reconcilers/r.star' };
    expect(parseOpenEditors(serializeOpenEditors(s))).toEqual(s);
  });
  it('drops malformed entries, duplicates and an active tab that is not in the list', () => {
    expect(parseOpenEditors('{"order":["a","a",3,""],"active":"b"}')).toEqual({ order: ['a'], active: null });
    expect(parseOpenEditors('nope')).toEqual({ order: [], active: null });
    expect(parseOpenEditors(null)).toEqual({ order: [], active: null });
  });
});
