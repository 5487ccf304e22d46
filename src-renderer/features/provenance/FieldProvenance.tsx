// The provenance of the field under the cursor in an object's YAML (issue 13): a view passes the object
// (key and snapshot) and its text, gets PlaceHooks for its YamlView/DiffView and a card to put under it.
// Clicking a field shows the card (who wrote it, links to the reconciler line, where the value was built
// and the trigger's input file, its managers and last change); hovering a field shows the same in short.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExplainResponse } from '../../../src-shared/ipc/channels/insight';
import { errorMessage } from '../../kit/ipc-errors';
import type { PlaceHooks } from '../../kit/monaco-views';
import { relativeTime, useNow } from '../../kit/relative-time';
import { openFile } from '../editor/editor-controller';
import { explainField, fieldAt, registerOpenFileCommand, type ProvenanceSource } from './provenance-controller';
import { at, fieldStory, hoverMarkdown } from './provenance-model';
import './provenance.css';

interface Card {
  path: string;
  answer?: ExplainResponse;
  error?: string;
}

/** How many fields the card lists (a map's key line explains every field below it). */
const CARD_FIELDS = 12;

export function useFieldProvenance(source: ProvenanceSource | null, text: string, why?: string): { places: PlaceHooks | undefined; card: React.ReactNode } {
  const [card, setCard] = useState<Card | null>(null);
  const asked = useRef(0);
  const latest = useRef({ source, text });
  latest.current = { source, text };
  // another object or text: the card was about the old one
  useEffect(() => setCard(null), [source?.key, source?.snapshot, text]);
  useEffect(registerOpenFileCommand, []);

  const places = useMemo<PlaceHooks | undefined>(() => {
    if (!source && !why) return undefined;
    return {
      onPick(line, column) {
        const { source: src, text: t } = latest.current;
        const path = fieldAt(t, line, column);
        if (!path) return;
        if (!src) return setCard({ path, error: why });
        const seq = ++asked.current;
        setCard({ path });
        explainField(src, path).then(
          (answer) => seq === asked.current && setCard({ path, answer }),
          (err: unknown) => seq === asked.current && setCard({ path, error: errorMessage(err) }),
        );
      },
      async hover(line, column) {
        const { source: src, text: t } = latest.current;
        const path = fieldAt(t, line, column);
        if (!path) return null;
        if (!src) return why ? `_${why}_` : null;
        try {
          return hoverMarkdown(await explainField(src, path));
        } catch (err) {
          return `_${errorMessage(err)}_`;
        }
      },
    };
  }, [!!source, why]); // eslint-disable-line react-hooks/exhaustive-deps

  return { places, card: card && <ProvenanceCard card={card} onClose={() => setCard(null)} /> };
}

function ProvenanceCard({ card, onClose }: { card: Card; onClose(): void }) {
  const now = useNow();
  const a = card.answer;
  return (
    <section className="prov-card" data-testid="provenance-card" aria-label={`Provenance of ${card.path}`}>
      <div className="prov-head">
        <span className="prov-title">
          Why <span className="mono">{card.path}</span>
        </span>
        {a && <span className="eng-meta">run {a.fields[0]?.run.snapshotId.slice(0, 8)}</span>}
        <button className="icon-btn" onClick={onClose} aria-label="Close the provenance" title="Close">
          ✕
        </button>
      </div>
      {card.error ? (
        <div className="eng-empty-note dot-error" data-testid="provenance-error">
          {card.error}
        </div>
      ) : !a ? (
        <div className="eng-empty-note">Asking who wrote it…</div>
      ) : (
        <div className="prov-body">
          {!a.recorded && <div className="eng-meta">This run recorded no provenance (a prod session or an older run): field managers only. Run once (F5) to record it.</div>}
          {a.fields.slice(0, CARD_FIELDS).map((f) => {
            const s = fieldStory(f, a.inputs);
            return (
              <div className="prov-field" key={s.path} data-testid="provenance-field" data-path={s.path}>
                <div className="mono">
                  <b>{s.path}</b> = {s.value}
                </div>
                <div data-testid="provenance-writer">written by {s.writer}</div>
                {s.links.length > 0 && (
                  <div className="prov-links">
                    {s.links.map((l) => (
                      <button key={l.label} className="eng-link" onClick={() => void openFile(l.place.file, { line: l.place.line, column: l.place.col })} title={`Open ${at(l.place)}`} data-testid="provenance-link">
                        {l.label} {at(l.place)}
                      </button>
                    ))}
                  </div>
                )}
                <div className="eng-meta">
                  managers {s.managers} · {s.change.text}
                  {s.change.at ? ` (${relativeTime(s.change.at, now)})` : ''}
                </div>
              </div>
            );
          })}
          {a.fields.length > CARD_FIELDS && <div className="eng-meta">…and {a.fields.length - CARD_FIELDS} more; click a line further down.</div>}
        </div>
      )}
    </section>
  );
}
