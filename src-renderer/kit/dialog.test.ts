import { describe, expect, it } from 'vitest';
import { useDialog } from './dialog';

describe('dialog store', () => {
  it('queues requests and resolves each with the chosen id, in order', async () => {
    const req = (title: string) => ({ title, message: '', choices: [{ id: 'ok', label: 'OK' }], cancel: 'cancel' });
    const first = useDialog.getState().ask(req('one'));
    const second = useDialog.getState().ask(req('two'));
    expect(useDialog.getState().queue.map((q) => q.title)).toEqual(['one', 'two']);
    useDialog.getState().answer('ok');
    useDialog.getState().answer('cancel');
    expect(await first).toBe('ok');
    expect(await second).toBe('cancel');
    expect(useDialog.getState().queue).toEqual([]);
  });
});
