// A one-line bar whose items never overlap: each item has a priority, and when the bar is too narrow the
// lowest ones move into an overflow menu (⋯), as in VS Code's status bar. The title bar and the status bar
// are built on it; the items themselves are listed in app/bar-items.tsx.
//
// Every item is rendered exactly once: in the bar, or (hidden) measured off-flow, or in the open menu, so
// test ids and component state stay unique. Widths are re-measured when the bar resizes or any item's
// content changes (ResizeObserver + MutationObserver), and the fit is the pure rule of priority-bar.ts.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ComponentType } from 'react';
import { createPortal } from 'react-dom';
import { useDismiss } from './useDismiss';
import { hiddenBarItems, sameSet, type FitItem } from './priority-bar';

export interface BarItemDef {
  /** Unique within its bar; also `data-bar-item` on its slot. */
  id: string;
  /** Which end of the bar it sits at. */
  align: 'start' | 'end';
  /** Higher stays longer (100 = never hidden before anything else). */
  priority: number;
  /**
   * Set for an item that may shrink with an ellipsis (a path, a message): it needs at least this many px,
   * and takes what is left beyond that. Its content should be plain text (one element).
   */
  minWidth?: number;
  /** The item; it reads its own stores and may render nothing. */
  component: ComponentType;
}

/** The ⋯ button's width (an .icon-btn) reserved when something overflows. */
const OVERFLOW_WIDTH = 24;

export function PriorityBar(props: { items: readonly BarItemDef[]; testId: string; label: string; menuPlacement: 'above' | 'below' }) {
  const { items } = props;
  const bar = useRef<HTMLDivElement>(null);
  const slots = useRef(new Map<string, HTMLElement>());
  const widths = useRef(new Map<string, number>());
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [menu, setMenu] = useState<DOMRect | null>(null);
  const menuOpen = useRef(false);
  menuOpen.current = !!menu;

  const measure = useCallback(() => {
    const el = bar.current;
    if (!el) return;
    const gap = parseFloat(getComputedStyle(el).columnGap) || 0;
    const fit: FitItem[] = items.map((it) => {
      const slot = slots.current.get(it.id);
      const child = slot?.firstElementChild as HTMLElement | null | undefined;
      // An item shown in the open menu keeps the width it had in the bar.
      if (slot && !(menuOpen.current && slot.dataset.off === 'true')) {
        widths.current.set(it.id, !child ? 0 : it.minWidth !== undefined ? Math.max(slot.offsetWidth, child.scrollWidth) : slot.offsetWidth);
      }
      return { id: it.id, priority: it.priority, width: widths.current.get(it.id) ?? 0, ...(it.minWidth !== undefined ? { minWidth: it.minWidth } : {}) };
    });
    // The spacer between the two ends is a flex item too: one more gap.
    const next = hiddenBarItems(fit, el.clientWidth - gap, gap, OVERFLOW_WIDTH);
    setHidden((prev) => (sameSet(prev, next) ? prev : next));
  }, [items]);

  useLayoutEffect(() => {
    const el = bar.current;
    if (!el) return;
    measure();
    let frame = 0;
    const later = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), measure()));
    };
    const resize = new ResizeObserver(later);
    resize.observe(el);
    for (const s of slots.current.values()) resize.observe(s);
    const mutation = new MutationObserver(later);
    mutation.observe(el, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'style'] });
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      mutation.disconnect();
    };
  }, [measure]);

  // Nothing left to show in the menu (the window grew): close it.
  useEffect(() => {
    if (!hidden.size) setMenu(null);
  }, [hidden]);

  const slot = (it: BarItemDef) => {
    const off = hidden.has(it.id);
    const Item = it.component;
    const natural = widths.current.get(it.id) ?? 0;
    return (
      <div
        key={it.id}
        ref={(e) => {
          if (e) slots.current.set(it.id, e);
          else slots.current.delete(it.id);
        }}
        className={`pbar-slot${it.minWidth !== undefined ? ' shrink' : ''}${off ? ' off' : ''}`}
        style={it.minWidth !== undefined && !off ? { minWidth: Math.min(it.minWidth, natural) } : undefined}
        data-bar-item={it.id}
        data-off={off}
        aria-hidden={off || undefined}
        inert={off || undefined}
      >
        {!(off && menu) && <Item />}
      </div>
    );
  };

  const shownInMenu = items.filter((it) => hidden.has(it.id));
  return (
    <div className="pbar" ref={bar} data-testid={props.testId} role="toolbar" aria-label={props.label}>
      {items.filter((it) => it.align === 'start').map(slot)}
      <span className="pbar-spacer" />
      {items.filter((it) => it.align === 'end').map(slot)}
      {hidden.size > 0 && (
        <button
          className="icon-btn pbar-more"
          aria-haspopup="menu"
          aria-expanded={!!menu}
          aria-label={`${shownInMenu.length} more item${shownInMenu.length === 1 ? '' : 's'}`}
          title={`${shownInMenu.length} more (the window is too narrow to show them)`}
          data-testid={`${props.testId}-overflow`}
          onClick={(e) => setMenu(menu ? null : e.currentTarget.getBoundingClientRect())}
        >
          ⋯
        </button>
      )}
      {menu &&
        createPortal(
          <OverflowMenu anchor={menu} placement={props.menuPlacement} testId={`${props.testId}-menu`} onClose={() => setMenu(null)}>
            {shownInMenu.map((it) => (
              <div key={it.id} className="pbar-menu-item" data-bar-item={it.id} role="menuitem">
                <it.component />
              </div>
            ))}
          </OverflowMenu>,
          document.body,
        )}
    </div>
  );
}

function OverflowMenu(props: { anchor: DOMRect; placement: 'above' | 'below'; testId: string; onClose(): void; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const { onClose } = props;
  useDismiss(ref, onClose, { alsoOn: 'resize', keepOpenOn: '.pbar-more' });
  const right = Math.max(4, window.innerWidth - props.anchor.right);
  const style = props.placement === 'above' ? { right, bottom: window.innerHeight - props.anchor.top + 4 } : { right, top: props.anchor.bottom + 4 };
  return (
    <div
      ref={ref}
      className="pbar-menu"
      role="menu"
      style={style}
      data-testid={props.testId}
      // An item's own action runs first; then the menu gets out of the way.
      onClick={(e) => (e.target as Element).closest('button, a') && setTimeout(onClose, 0)}
    >
      {props.children}
    </div>
  );
}
