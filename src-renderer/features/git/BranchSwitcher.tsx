// The branch switcher (title bar ⎇ chip, "Git: Switch Branch…"): a quick pick in the palette's style.
// Type to filter; Enter checks out the highlighted branch, or creates the typed name when nothing
// matches. Local branches can be deleted from their row.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useGit, patchGit } from './git-store';
import { branchItems, branchNameProblem } from './git-model';
import { checkout, createBranch, deleteBranch } from './git-branch-controller';
import { IconBranch, IconPlus, IconTrash } from './git-icons';

type Item = { kind: 'create'; name: string } | { kind: 'local' | 'remote'; name: string; current: boolean; upstream?: string };

export function BranchSwitcher() {
  const open = useGit((s) => s.switcherOpen);
  if (!open) return null;
  return <SwitcherBody />;
}

function SwitcherBody() {
  const branches = useGit((s) => s.branches);
  const [filter, setFilter] = useState('');
  // null until the user moves: then the first matching branch is highlighted (Enter checks it out).
  const [index, setIndex] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const items = useMemo<Item[]>(() => {
    const list: Item[] = branchItems(branches, filter);
    const typed = filter.trim();
    const exists = branches?.local.some((b) => b.name === typed);
    const create: Item[] = typed && !exists && !branchNameProblem(typed, []) ? [{ kind: 'create', name: typed }] : [{ kind: 'create', name: '' }];
    return [...create, ...list];
  }, [branches, filter]);
  const close = () => patchGit({ switcherOpen: false });
  const choose = (it: Item | undefined) => {
    if (!it) return;
    if (it.kind === 'create') void createBranch(it.name);
    else if (it.current) close();
    else void checkout(it.name);
  };
  const firstBranch = items.findIndex((it) => it.kind !== 'create');
  const sel = Math.min(index ?? (firstBranch >= 0 ? firstBranch : 0), items.length - 1);
  return (
    <div className="overlay" onMouseDown={close}>
      <div className="palette git-switcher" role="dialog" aria-label="Switch branch" onMouseDown={(e) => e.stopPropagation()} data-testid="branch-switcher">
        <input
          ref={input}
          value={filter}
          placeholder="Select a branch to check out, or type a new branch name"
          aria-label="Branch"
          onChange={(e) => {
            setFilter(e.target.value);
            setIndex(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setIndex(Math.min(sel + 1, items.length - 1));
            else if (e.key === 'ArrowUp') setIndex(Math.max(sel - 1, 0));
            else if (e.key === 'Enter') choose(items[sel]);
            else return;
            e.preventDefault();
          }}
          data-testid="branch-filter"
        />
        <ul role="listbox">
          {items.map((it, i) => (
            <li
              key={`${it.kind}:${it.name}`}
              role="option"
              aria-selected={i === sel}
              className={i === sel ? 'selected' : ''}
              onMouseEnter={() => setIndex(i)}
              onClick={() => choose(it)}
              data-testid={it.kind === 'create' ? 'branch-create' : `branch-item-${it.name}`}
            >
              {it.kind === 'create' ? (
                <>
                  <IconPlus />
                  <span className="label">{it.name ? `Create new branch "${it.name}"` : 'Create new branch…'}</span>
                </>
              ) : (
                <>
                  <IconBranch />
                  <span className="label mono">{it.name}</span>
                  {it.current && <span className="cat">current</span>}
                  {it.kind === 'remote' && <span className="cat">remote · checks out a local copy</span>}
                  {it.kind === 'local' && it.upstream && <span className="why">{it.upstream}</span>}
                  {it.kind === 'local' && !it.current && (
                    <button
                      className="icon-btn"
                      title={`Delete branch ${it.name}`}
                      aria-label={`Delete branch ${it.name}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        void deleteBranch(it.name);
                      }}
                    >
                      <IconTrash />
                    </button>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
        {!branches && <div className="none">Loading branches…</div>}
      </div>
    </div>
  );
}
