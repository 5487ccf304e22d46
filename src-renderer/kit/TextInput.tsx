// A one-line text field for paths, URLs, names and patterns: its label is its accessible name, its
// onChange gets the new text, and it never spell-checks (a path is not a word).
import type { InputHTMLAttributes, Ref } from 'react';

export type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & {
  /** The accessible name (aria-label). */
  label: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
  ref?: Ref<HTMLInputElement>;
};

export function TextInput({ label, testId, onChange, className = 'text-input', ...rest }: TextInputProps) {
  return <input className={className} aria-label={label} data-testid={testId} spellCheck={false} {...rest} onChange={(e) => onChange(e.target.value)} />;
}
