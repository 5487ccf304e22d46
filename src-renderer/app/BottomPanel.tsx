import { useLayout, PANEL_MIN } from '../state/layout';
import { IconClose, IconMaximize, IconRestore } from '../kit/icons';
import { Sash } from '../kit/Sash';
import { shortcutLabel } from '../kit/Shortcut';
import { panels, type PanelDef } from './views';

function PanelTabButton({ def, active }: { def: PanelDef; active: boolean }) {
  const badge = def.useBadge?.() ?? null;
  const key = shortcutLabel(`view.panel.${def.id}`);
  return (
    <button
      className={`panel-tab${active ? ' active' : ''}`}
      role="tab"
      aria-selected={active}
      data-testid={`panel-tab-${def.id}`}
      title={`${def.title}${key ? ` (${key})` : ''}`}
      onClick={() => useLayout.getState().showPanel(def.id)}
    >
      {def.title}
      {badge && <span className={`badge${badge.tone === 'error' ? ' error' : ''}`}>{badge.count}</span>}
    </button>
  );
}

export function BottomPanel() {
  const tab = useLayout((s) => s.panelTab);
  const height = useLayout((s) => s.panelHeight);
  const maximized = useLayout((s) => s.panelMaximized);
  const def = panels.find((p) => p.id === tab) ?? panels[0];
  const Body = def.component;
  return (
    <>
      {!maximized && (
        <Sash
          direction="horizontal"
          size={height}
          invert
          label="Resize panel"
          // Keep at least 120 px of editor above the panel.
          onResize={(h) => useLayout.getState().setPanelHeight(Math.min(h, Math.max(PANEL_MIN, window.innerHeight - 220)))}
        />
      )}
      <section className={`panel${maximized ? ' maximized' : ''}`} style={maximized ? undefined : { height }} data-testid="bottom-panel">
        <div className="panel-tabs" role="tablist">
          {panels.map((p) => (
            <PanelTabButton key={p.id} def={p} active={p.id === def.id} />
          ))}
          <span className="spacer" />
          <button
            className="icon-btn"
            title={maximized ? 'Restore panel size' : 'Maximize panel'}
            aria-label={maximized ? 'Restore panel size' : 'Maximize panel'}
            onClick={() => useLayout.getState().toggleMaximizePanel()}
          >
            {maximized ? <IconRestore /> : <IconMaximize />}
          </button>
          <button className="icon-btn" title={`Hide panel (${shortcutLabel('view.togglePanel')})`} aria-label="Hide panel" onClick={() => useLayout.getState().togglePanel()}>
            <IconClose />
          </button>
        </div>
        <div className="panel-body" role="tabpanel" data-testid={`panel-${def.id}`}>
          <Body />
        </div>
      </section>
    </>
  );
}
