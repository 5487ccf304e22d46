// @vitest-environment jsdom
// The shared modal frame: the heading names the dialog, the first focus, Escape cancels, Tab stays inside,
// a form dialog submits, and a press on the dim area closes only when asked to.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Modal } from './Modal';

afterEach(cleanup);

describe('Modal', () => {
  it('is a modal dialog named by its title, with message and detail, focusing the first field', () => {
    render(
      <Modal title="Sign in" message="The remote wants credentials." detail="https://example.com/repo.git" onCancel={() => {}} testId="m">
        <input aria-label="user" />
        <button>OK</button>
      </Modal>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Sign in' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('The remote wants credentials.');
    expect(dialog.querySelector('.detail')?.textContent).toBe('https://example.com/repo.git');
    expect(document.activeElement).toBe(screen.getByLabelText('user'));
  });

  it('focuses what initialFocus picks', () => {
    render(
      <Modal title="Q" onCancel={() => {}} initialFocus={(d) => d.querySelector<HTMLElement>('[data-primary]')}>
        <button>No</button>
        <button data-primary>Yes</button>
      </Modal>,
    );
    expect(document.activeElement).toBe(screen.getByText('Yes'));
  });

  it('Escape cancels; Tab and Shift+Tab wrap around inside the dialog', () => {
    const onCancel = vi.fn();
    render(
      <Modal title="Q" onCancel={onCancel}>
        <input aria-label="a" />
        <button disabled>skipped</button>
        <button>last</button>
      </Modal>,
    );
    const first = screen.getByLabelText('a');
    const last = screen.getByText('last');
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.keyDown(last, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('with onSubmit the dialog is a form; Enter in a field submits it', () => {
    const onSubmit = vi.fn((e: { preventDefault(): void }) => e.preventDefault());
    render(
      <Modal title="Name" onCancel={() => {}} onSubmit={onSubmit}>
        <input aria-label="name" />
        <button type="submit">Save</button>
      </Modal>,
    );
    expect(screen.getByRole('dialog').tagName).toBe('FORM');
    fireEvent.submit(screen.getByLabelText('name'));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('a press on the dim area cancels only with closeOnOutside, never a press inside', () => {
    const onCancel = vi.fn();
    const { rerender } = render(<Modal title="Q" onCancel={onCancel} />);
    const overlay = screen.getByRole('dialog').parentElement!;
    fireEvent.mouseDown(overlay);
    expect(onCancel).not.toHaveBeenCalled();
    rerender(<Modal title="Q" onCancel={onCancel} closeOnOutside />);
    fireEvent.mouseDown(screen.getByRole('dialog'));
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.mouseDown(overlay);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
