// Configuration and secrets of one scope (an environment, or `all`). Secrets are write-only: the UI never
// receives their values, it can only replace or remove them. An environment shows the global values it
// inherits (greyed); its own value for a key wins.
import { useState } from 'react';
import { effectiveConfig, useDelivery } from './delivery-store';
import { setConfigValue, unsetConfigValue } from './delivery-controller';

export function ConfigEditor({ scope }: { scope: string }) {
  const entries = useDelivery((s) => s.config);
  const busy = useDelivery((s) => s.busy !== null);
  const rows = scope === 'all' ? entries.filter((e) => e.scope === 'all').map((e) => ({ ...e, inherited: false })) : effectiveConfig(entries, scope);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [secret, setSecret] = useState(false);
  const [replacing, setReplacing] = useState<string | null>(null);
  const [replacement, setReplacement] = useState('');
  const tid = `cfg-${scope}`;
  return (
    <div className="dlv-config" data-testid={tid}>
      <ul className="dlv-list">
        {rows.length === 0 && <li className="muted">no values</li>}
        {rows.map((e) => (
          <li key={`${e.scope}:${e.key}`} className={e.inherited ? 'dlv-inherited' : ''} data-testid={`${tid}-row`} data-key={e.key}>
            <span className="mono">{e.key}</span>
            <span className="dlv-val mono" title={e.inherited ? 'from all environments' : undefined}>
              {e.secret ? '•••••• secret' : JSON.stringify(e.value ?? '')}
              {e.inherited ? ' (all)' : ''}
            </span>
            <span className="dlv-spacer" />
            {!e.inherited && e.secret && replacing !== e.key && (
              <button className="btn ghost" disabled={busy} onClick={() => (setReplacing(e.key), setReplacement(''))} title="Enter a new value (the current one is never shown)">
                Replace
              </button>
            )}
            {!e.inherited && (
              <button className="btn ghost danger" disabled={busy} onClick={() => void unsetConfigValue(e.scope, e.key)} title="Remove">
                ✕
              </button>
            )}
            {replacing === e.key && (
              <form
                className="dlv-row"
                onSubmit={(ev) => {
                  ev.preventDefault();
                  void setConfigValue(e.scope, e.key, replacement, true).then(() => setReplacing(null));
                }}
              >
                <input className="dlv-input" type="password" autoComplete="new-password" value={replacement} onChange={(ev) => setReplacement(ev.target.value)} aria-label={`New value of ${e.key}`} autoFocus />
                <button className="btn" type="submit" disabled={!replacement || busy}>
                  Save
                </button>
                <button className="btn ghost" type="button" onClick={() => setReplacing(null)}>
                  Cancel
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form
        className="dlv-row"
        onSubmit={(ev) => {
          ev.preventDefault();
          void setConfigValue(scope, key.trim(), value, secret).then((r) => {
            if (r) {
              setKey('');
              setValue('');
              setSecret(false);
            }
          });
        }}
      >
        <input className="dlv-input dlv-key" placeholder="key" value={key} onChange={(e) => setKey(e.target.value)} data-testid={`${tid}-key`} aria-label="Key" />
        <input
          className="dlv-input"
          placeholder={secret ? 'secret value' : 'value'}
          type={secret ? 'password' : 'text'}
          autoComplete={secret ? 'new-password' : 'off'}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid={`${tid}-value`}
          aria-label="Value"
        />
        <label className="dlv-check" title="Encrypted at rest, write-only, redacted in logs and snapshots">
          <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} data-testid={`${tid}-secret`} /> secret
        </label>
        <button className="btn" type="submit" disabled={!key.trim() || busy} data-testid={`${tid}-save`}>
          Set
        </button>
      </form>
    </div>
  );
}
