// The icon factory draws each shape as its own element on the grid (so an icon looks exactly as the SVG it
// was written from), stroked in currentColor, or filled.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { circle, lineIcon, rect } from './icons';

describe('lineIcon', () => {
  it('one element per shape, with the grid as viewBox, size and stroke width', () => {
    const Icon = lineIcon({ side: 16, size: 14, stroke: 1.4 }, [circle(4, 4, 1.5), rect(1, 2, 3, 4, 0.5), 'M1 1h2']);
    expect(renderToStaticMarkup(<Icon />)).toBe(
      '<svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">' +
        '<circle cx="4" cy="4" r="1.5"></circle><rect x="1" y="2" width="3" height="4" rx="0.5"></rect><path d="M1 1h2"></path></svg>',
    );
  });

  it('a size of its own; filled paints the shape instead of the outline', () => {
    const Icon = lineIcon({ side: 24, size: 20, stroke: 1.6 }, 'M7 5v14l11-7z', { size: 13, filled: true });
    const html = renderToStaticMarkup(<Icon />);
    expect(html).toContain('width="13" height="13" viewBox="0 0 24 24" fill="currentColor" stroke="none"');
    expect(html).toContain('<path d="M7 5v14l11-7z"></path>');
  });
});
