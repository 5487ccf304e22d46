// Problems in open files. Each line links to its place (ui.md: errors lead somewhere).
import { openFile } from '../editor/editor-controller';
import { EmptyState } from '../../kit/EmptyState';
import { sortProblems, useProblems } from './problems-store';

const glyph = { error: '⊗', warning: '⚠', info: 'ⓘ' } as const;

export function ProblemsPanel() {
  const items = useProblems((s) => s.items);
  if (!items.length) {
    return (
      <EmptyState icon="✓" title="No problems in open files">
        <p>YAML syntax and schema errors of the files you open show here; click one to jump to it. Run errors join them once the engine exists.</p>
      </EmptyState>
    );
  }
  return (
    <ul className="problems" data-testid="problems-list">
      {sortProblems(items).map((p, i) => (
        <li
          key={i}
          tabIndex={0}
          onClick={() => void openFile(p.path, { line: p.line, column: p.column })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void openFile(p.path, { line: p.line, column: p.column });
            else if (e.key === 'ArrowDown') (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
            else if (e.key === 'ArrowUp') (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
            else return;
            e.preventDefault();
          }}
          title={`${p.path}:${p.line}:${p.column}`}
        >
          <span className={`sev-${p.severity}`}>{glyph[p.severity]}</span>
          <span>{p.message}</span>
          <span className="where">
            {p.path}:{p.line}:{p.column}
          </span>
        </li>
      ))}
    </ul>
  );
}
