// jsdom lays nothing out: every element is 0 px high and cannot scroll, so a virtualized list renders no
// row. This gives every element a height, a scroll height (its first child's inline height: the spacer a
// virtualized list sizes) and a scrollTo that moves scrollTop and says so, as a browser would; component
// tests then run the real virtualizer (kit/VirtualRows, kit/VirtualTree) and see only the rows in view.
import { afterAll, beforeAll } from 'vitest';

/** Registers the hooks that give elements this layout for the test file (every element `viewHeight` px high). */
export function withScrollLayout(viewHeight: number): void {
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => viewHeight });
    Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '') || 0;
      },
    });
    HTMLElement.prototype.scrollTo = function (this: HTMLElement, options?: ScrollToOptions | number) {
      if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
      this.dispatchEvent(new Event('scroll'));
    } as HTMLElement['scrollTo'];
  });
  afterAll(() => {
    for (const name of ['clientHeight', 'scrollHeight', 'scrollTo']) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
  });
}
