// The modal form for the head of the git prompt queue (identity, credentials, branch name, stash
// message). Enter sends when every field is valid; Escape cancels.
import { useState } from 'react';
import { Modal } from '../../kit/Modal';
import { fieldProblems, initialValues, useGitPrompt, type PromptValues } from './git-prompt-store';
import { BranchSwitcher } from './BranchSwitcher';

/** Everything the Git panel shows above the workbench; mounted once in App. */
export function GitOverlays() {
  return (
    <>
      <BranchSwitcher />
      <GitPrompt />
    </>
  );
}

export function GitPrompt() {
  const head = useGitPrompt((s) => s.queue[0]);
  if (!head) return null;
  return <PromptForm key={head.id} />;
}

function PromptForm() {
  const head = useGitPrompt((s) => s.queue[0])!;
  const [values, setValues] = useState<PromptValues>(() => initialValues(head.fields));
  const [touched, setTouched] = useState(false);
  const problems = fieldProblems(head.fields, values);
  const ok = Object.keys(problems).length === 0;
  const cancel = () => useGitPrompt.getState().answer(null);
  return (
    <Modal
      title={head.title}
      message={head.message}
      detail={head.detail}
      onCancel={cancel}
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (ok) useGitPrompt.getState().answer(values);
      }}
      initialFocus={firstEmptyField}
      className="git-prompt"
      testId="git-prompt"
    >
      {head.fields.map((f) =>
        f.type === 'checkbox' ? (
          <label key={f.id} className="git-prompt-check">
            <input type="checkbox" checked={values[f.id] === true} onChange={(e) => setValues({ ...values, [f.id]: e.target.checked })} data-testid={`git-prompt-${f.id}`} />
            {f.label}
          </label>
        ) : (
          <label key={f.id} className="git-prompt-field">
            <span>{f.label}</span>
            <input
              className="text-input"
              type={f.type === 'password' ? 'password' : 'text'}
              value={String(values[f.id] ?? '')}
              placeholder={f.placeholder}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setValues({ ...values, [f.id]: e.target.value })}
              data-testid={`git-prompt-${f.id}`}
            />
            {touched && problems[f.id] && <span className="form-error">{problems[f.id]}</span>}
          </label>
        ),
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={cancel} data-testid="git-prompt-cancel">
          Cancel
        </button>
        <button type="submit" className="btn primary" data-testid="git-prompt-submit">
          {head.submitLabel}
        </button>
      </div>
    </Modal>
  );
}

/** The first empty text field (the name is often known already), else the first one. */
function firstEmptyField(dialog: HTMLElement): HTMLInputElement | undefined {
  const inputs = [...dialog.querySelectorAll<HTMLInputElement>('input:not([type=checkbox])')];
  return inputs.find((i) => !i.value) ?? inputs[0];
}
