import { describe, expect, it } from 'vitest';
import { fieldProblems, initialValues, useGitPrompt, type PromptField } from './git-prompt-store';

const fields: PromptField[] = [
  { id: 'name', label: 'Name', value: 'Ada', validate: (v) => (v.trim() ? undefined : 'Type your name.') },
  { id: 'token', label: 'Token', type: 'password', validate: (v) => (v ? undefined : 'Type the token.') },
  { id: 'remember', label: 'Remember', type: 'checkbox', checked: true },
];

describe('git prompt forms', () => {
  it('starts with the given values and reports problems per field', () => {
    const v = initialValues(fields);
    expect(v).toEqual({ name: 'Ada', token: '', remember: true });
    expect(fieldProblems(fields, v)).toEqual({ token: 'Type the token.' });
    expect(fieldProblems(fields, { ...v, token: 't' })).toEqual({});
  });

  it('answers prompts one at a time, in order; cancel gives null', async () => {
    const first = useGitPrompt.getState().ask({ title: 'a', message: '', fields, submitLabel: 'OK' });
    const second = useGitPrompt.getState().ask({ title: 'b', message: '', fields, submitLabel: 'OK' });
    expect(useGitPrompt.getState().queue.map((q) => q.title)).toEqual(['a', 'b']);
    useGitPrompt.getState().answer({ name: 'x' });
    useGitPrompt.getState().answer(null);
    expect(await first).toEqual({ name: 'x' });
    expect(await second).toBeNull();
    expect(useGitPrompt.getState().queue).toEqual([]);
  });
});
