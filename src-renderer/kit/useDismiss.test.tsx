// @vitest-environment jsdom
// A popup closes on a press outside it (not inside, not on its toggle), on Escape, and on its window event.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDismiss } from './useDismiss';

afterEach(cleanup);

function Popup(props: { onClose(): void; alsoOn: 'blur' | 'resize' }) {
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, props.onClose, { alsoOn: props.alsoOn, keepOpenOn: '.toggle' });
  return (
    <>
      <button className="toggle">toggle</button>
      <span>outside</span>
      <div ref={ref}>
        <button>inside</button>
      </div>
    </>
  );
}

describe('useDismiss', () => {
  it('a press inside or on the toggle keeps it; outside, Escape and the window event close it', () => {
    const onClose = vi.fn();
    render(<Popup onClose={onClose} alsoOn="resize" />);
    fireEvent.mouseDown(screen.getByText('inside'));
    fireEvent.mouseDown(screen.getByText('toggle'));
    fireEvent.keyDown(window, { key: 'Enter' });
    fireEvent(window, new Event('blur'));
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.mouseDown(screen.getByText('outside'));
    fireEvent.keyDown(window, { key: 'Escape' });
    fireEvent(window, new Event('resize'));
    expect(onClose).toHaveBeenCalledTimes(3);
  });

  it('stops listening when the popup goes', () => {
    const onClose = vi.fn();
    const { unmount } = render(<Popup onClose={onClose} alsoOn="blur" />);
    unmount();
    fireEvent.keyDown(window, { key: 'Escape' });
    fireEvent(window, new Event('blur'));
    expect(onClose).not.toHaveBeenCalled();
  });
});
