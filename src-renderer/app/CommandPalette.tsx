// Command palette (Ctrl/Cmd+Shift+P) and quick open (Ctrl/Cmd+P) in one box: a leading `>` means
// commands, anything else searches file names.
import { useEffect, useMemo, useRef, useState } from 'react';
import { allFiles } from '../features/project/tree-model';
import { useLayout } from '../state/layout';
import { useProject } from '../state/project';
import { commandScore, commands, fileScore } from '../kit/commands';
import { shortcutLabel } from '../kit/Shortcut';
import { useCommandRegistryVersion } from '../kit/useCommandState';
import { openFile } from '../features/editor/editor-controller';

interface Item {
  key: string;
  label: string;
  category?: string;
  /** The alias the query matched, when it was not the title. */
  alias?: string;
  hint?: string;
  disabled?: string;
  run(): void;
}

export function CommandPalette() {
  const open = useLayout((s) => s.paletteOpen);
  const mode = useLayout((s) => s.paletteMode);
  const seq = useLayout((s) => s.paletteSeq);
  if (!open) return null;
  return <PaletteBox key={seq} initial={mode === 'commands' ? '>' : ''} />;
}

function PaletteBox({ initial }: { initial: string }) {
  const [query, setQuery] = useState(initial);
  const [sel, setSel] = useState(0);
  const tree = useProject((s) => s.tree);
  const version = useCommandRegistryVersion();
  const listRef = useRef<HTMLUListElement>(null);
  const close = () => useLayout.getState().closePalette();

  const items = useMemo<Item[]>(() => {
    if (query.startsWith('>')) {
      const q = query.slice(1);
      return commands
        .all()
        .map((c) => ({ c, ...commandScore(q, c) }))
        .filter((x) => x.score >= 0)
        .sort((a, b) => b.score - a.score)
        .map(({ c, alias }) => ({
          key: c.id,
          label: c.title,
          category: c.category,
          alias,
          hint: shortcutLabel(c.id),
          disabled: commands.disabledReason(c.id),
          run: () => void commands.execute(c.id),
        }));
    }
    return allFiles(tree)
      .map((p) => ({ p, score: fileScore(query, p) }))
      .filter((x) => x.score >= 0)
      .sort((a, b) => b.score - a.score || a.p.localeCompare(b.p))
      .slice(0, 200)
      .map(({ p }) => ({ key: p, label: p.slice(p.lastIndexOf('/') + 1), hint: p, run: () => void openFile(p) }));
    // version: re-list when commands are registered while the palette is open
  }, [query, tree, version]);

  useEffect(() => setSel(0), [query]);
  useEffect(() => {
    listRef.current?.querySelector('li.selected')?.scrollIntoView({ block: 'nearest' });
  }, [sel]);

  const choose = (item: Item | undefined) => {
    if (!item || item.disabled) return;
    close();
    item.run();
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="command-palette">
        <input
          autoFocus
          value={query}
          aria-label={query.startsWith('>') ? 'Type a command' : 'Type a file name'}
          placeholder={query.startsWith('>') ? 'Type a command' : 'Search files by name (type > for commands)'}
          spellCheck={false}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setSel((s) => Math.min(items.length - 1, s + 1));
            else if (e.key === 'ArrowUp') setSel((s) => Math.max(0, s - 1));
            else if (e.key === 'Enter') choose(items[sel]);
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <ul ref={listRef} role="listbox">
          {items.map((it, i) => (
            <li
              key={it.key}
              role="option"
              aria-selected={i === sel}
              aria-disabled={!!it.disabled}
              className={`${i === sel ? 'selected' : ''}${it.disabled ? ' disabled' : ''}`}
              title={it.disabled}
              onMouseMove={() => setSel(i)}
              onClick={() => choose(it)}
            >
              <span className="label">
                {it.category && <span className="cat">{it.category}: </span>}
                {it.label}
                {it.alias && <span className="alias"> — {it.alias}</span>}
              </span>
              {it.disabled ? <span className="why">{it.disabled}</span> : it.hint && <span className="why mono">{it.hint}</span>}
            </li>
          ))}
          {!items.length && <li className="none">{query.startsWith('>') ? 'No matching commands' : tree ? 'No matching files' : 'Open a folder first'}</li>}
        </ul>
      </div>
    </div>
  );
}

