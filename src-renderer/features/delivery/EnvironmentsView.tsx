// The Environments view ("build once, deploy many"): one column per environment with its active
// deployment (build, commit, time, health), Promote and Rollback with a preview of what changes (the
// snapshot diff between the two builds), the environment's configuration and write-only secrets, its
// deployments and where they are published (GitOps); below them the global configuration and the build list. Host calls go through
// delivery-controller.ts.
import { useEffect, useState } from 'react';
import type { BuildRecord, EnvironmentOverview, Health } from '../../../src-shared/ipc/channels/delivery';
import { CommandButton } from '../../kit/CommandButton';
import { nextEnvironment, rollbackTarget, shortId, useDelivery } from './delivery-store';
import {
  buildRevision,
  compareEnvironment,
  createEnvironment,
  deleteEnvironment,
  deployBuild,
  installDelivery,
  moveEnvironment,
  openLog,
  renameEnvironment,
  requestPromote,
  requestRollback,
  setAutoBuild,
  setBuiltInBackends,
  setKeepDeploymentsRunning,
  updateSettings,
} from './delivery-controller';
import { useProject } from '../../state/project';
import { StatusDot } from '../../kit/status-dot';
import { relativeTime, useNow } from '../../kit/relative-time';
import { ConfigEditor } from './ConfigEditor';
import { GitOpsSettings, PublishedCommit } from './GitOpsSettings';
import { PreviewDialog } from './PreviewDialog';
import { PopupMenu } from '../../kit/PopupMenu';
import '../../kit/engine-views.css';
import './delivery.css';

export function EnvironmentsView() {
  const s = useDelivery();
  // only the desktop app chooses: in browser mode the server already is the project's host
  const desktop = useProject((p) => p.app?.transport === 'electron');
  useEffect(() => {
    installDelivery();
  }, []);
  const [newEnv, setNewEnv] = useState('');
  const [rev, setRev] = useState('');
  const succeeded = s.builds.filter((b) => b.status === 'succeeded');
  return (
    <div className="dlv" data-testid="environments-view">
      <div className="dlv-toolbar">
        <CommandButton id="delivery.build" className="btn primary" testId="dlv-build">
          {s.busy === 'build' ? 'Building…' : 'Build HEAD'}
        </CommandButton>
        <form
          className="dlv-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (rev.trim()) void buildRevision(rev.trim()).then(() => setRev(''));
          }}
        >
          <input className="dlv-input dlv-key" placeholder="or REV…" title="Build a branch, tag or commit (Enter)" value={rev} onChange={(e) => setRev(e.target.value)} data-testid="dlv-build-rev" aria-label="Revision to build" />
        </form>
        <label className="dlv-check" title="Build every new commit on the current branch and deploy successful builds to the first environment">
          <input type="checkbox" data-testid="dlv-autobuild" checked={s.settings?.autoBuild ?? false} onChange={(e) => void setAutoBuild(e.target.checked)} /> Auto build
        </label>
        <label
          className="dlv-check"
          title="Builds check and run the project with the engine's built-in backends (IP and ID indexes, as `choreo run once -r`); each build records it and its deployments run with them too (choreo build -r / --backends on|off)"
        >
          <input type="checkbox" data-testid="dlv-backends" disabled={s.busy === 'settings'} checked={s.settings?.internalReconcilers ?? false} onChange={(e) => void setBuiltInBackends(e.target.checked)} /> Built-in backends
        </label>
        {desktop && (
          <label
            className="dlv-check"
            title="Run this project's deployments in its background host (the one the choreo CLI uses), so they keep serving after the app closes and come back after a reboot on the next start. The project's secrets are then kept in that host's store, sealed with its key file instead of the OS keychain."
          >
            <input type="checkbox" data-testid="dlv-keep-running" disabled={s.busy === 'settings'} checked={s.settings?.keepDeploymentsRunning ?? false} onChange={(e) => void setKeepDeploymentsRunning(e.target.checked)} /> Keep deployments
            running when the app closes
          </label>
        )}
        <span className="dlv-spacer" />
        {s.host && (
          <span className="muted" data-testid="dlv-runs-in" title={s.host.projectHost ? "The project's host (.choreo/host.json) keeps serving until `choreo server stop`" : 'The deployments stop when the app closes'}>
            {s.host.projectHost ? `runs in the project's host (pid ${s.host.pid})` : `runs in the app (pid ${s.host.pid})`}
          </span>
        )}
        <span className="muted" data-testid="dlv-count30" title="Executions in the last 30 days">
          {s.count30} runs / 30 d
        </span>
      </div>
      {s.error && (
        <div className="dlv-error" role="alert" data-testid="dlv-error">
          {s.error}
        </div>
      )}
      {s.runningNow.length > 0 && (
        <div className="dlv-running" data-testid="dlv-running">
          Running now:{' '}
          {s.runningNow.map((e) => (
            <button key={e.id} className="btn ghost mono" onClick={() => void openLog(e.id)}>
              {e.kind}
              {e.env ? ` · ${e.env}` : ''}
            </button>
          ))}
        </div>
      )}
      {!s.loaded ? (
        <div className="muted dlv-pad">Loading environments…</div>
      ) : (
        <div className="dlv-columns" data-testid="dlv-columns">
          {s.environments.map((ov, i) => (
            <EnvColumn key={ov.env.id} ov={ov} index={i} count={s.environments.length} builds={succeeded} />
          ))}
        </div>
      )}
      <form
        className="dlv-row dlv-pad"
        onSubmit={(e) => {
          e.preventDefault();
          if (newEnv.trim()) void createEnvironment(newEnv.trim()).then(() => setNewEnv(''));
        }}
      >
        <input className="dlv-input" placeholder="new environment, e.g. staging" value={newEnv} onChange={(e) => setNewEnv(e.target.value)} data-testid="dlv-new-env" />
        <button className="btn" type="submit" disabled={!newEnv.trim()}>
          Add environment
        </button>
      </form>
      <section className="dlv-section">
        <h4>All environments (global configuration)</h4>
        <ConfigEditor scope="all" />
      </section>
      <BuildList builds={s.builds} />
      {s.settings && <SettingsForm retention={s.settings.historyRetentionDays} timeout={s.settings.healthTimeoutMs} />}
      {s.pending && <PreviewDialog />}
    </div>
  );
}

/** "Compare with…": what this environment serves against another environment's deployment, the last run or a picked side. */
function CompareButton({ ov, others }: { ov: EnvironmentOverview; others: EnvironmentOverview[] }) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const id = ov.env.id;
  return (
    <>
      <button
        className="btn ghost"
        data-testid={`env-${id}-compare`}
        disabled={!ov.active}
        title={ov.active ? `Compare what ${ov.env.name} serves with another environment, the last run or a snapshot` : 'Nothing deployed here yet'}
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setMenu({ x: r.left, y: r.bottom + 2 });
        }}
      >
        Compare with…
      </button>
      {menu && (
        <PopupMenu
          x={menu.x}
          y={menu.y}
          title={`${ov.env.name} (build ${ov.active ? shortId(ov.active.buildId) : '—'}) against`}
          testId={`env-${id}-compare-menu`}
          onClose={() => setMenu(null)}
          items={[
            ...others.map((o) => ({
              label: o.env.name,
              hint: o.active ? `build ${shortId(o.active.buildId)}` : 'nothing deployed',
              disabledReason: o.active ? undefined : `Nothing is deployed to ${o.env.name}`,
              testId: `env-${id}-compare-env-${o.env.id}`,
              run: () => compareEnvironment(ov.env, o.env),
            })),
            ...(others.length ? (['sep'] as const) : []),
            { label: 'The Last Run', testId: `env-${id}-compare-last`, run: () => compareEnvironment(ov.env, 'last-run') },
            { label: 'A Snapshot, Revision or Environment…', testId: `env-${id}-compare-pick`, run: () => compareEnvironment(ov.env, 'pick') },
          ]}
        />
      )}
    </>
  );
}

function EnvColumn({ ov, index, count, builds }: { ov: EnvironmentOverview; index: number; count: number; builds: BuildRecord[] }) {
  const now = useNow();
  const s = useDelivery();
  const next = nextEnvironment(s.environments, ov.env.id);
  const a = ov.active;
  const back = rollbackTarget(s.deployments, ov.env.id, a?.id);
  const [pick, setPick] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const busy = s.busy !== null;
  const history = s.deployments.filter((d) => d.env === ov.env.id).slice(0, 5);
  const healthy = a?.health?.healthy;
  return (
    <div className="dlv-col" data-testid={`env-${ov.env.id}`}>
      <div className="dlv-col-head">
        {renaming === null ? (
          <strong title="Double-click to rename" onDoubleClick={() => setRenaming(ov.env.name)} data-testid={`env-${ov.env.id}-name`}>
            {ov.env.name}
          </strong>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (renaming.trim() && renaming.trim() !== ov.env.name) void renameEnvironment(ov.env.id, renaming.trim());
              setRenaming(null);
            }}
          >
            <input className="dlv-input" value={renaming} autoFocus onChange={(e) => setRenaming(e.target.value)} onBlur={() => setRenaming(null)} onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)} aria-label={`New name of ${ov.env.name}`} />
          </form>
        )}
        <span className="dlv-spacer" />
        <button className="btn ghost" title="Move left in the promotion order" disabled={index === 0 || busy} onClick={() => void moveEnvironment(ov.env.id, -1)}>
          ◀
        </button>
        <button className="btn ghost" title="Move right in the promotion order" disabled={index === count - 1 || busy} onClick={() => void moveEnvironment(ov.env.id, 1)}>
          ▶
        </button>
        <button className="btn ghost danger" title="Delete this environment (its runner stops, its configuration is forgotten)" disabled={count <= 1 || busy} onClick={() => void deleteEnvironment(ov.env.id)}>
          ✕
        </button>
      </div>
      <div className="dlv-active" data-testid={`env-${ov.env.id}-active`}>
        {a ? (
          <>
            <div>
              <StatusDot status={healthy ? 'True' : 'False'} title={a.health?.message} />{' '}
              <span data-testid={`env-${ov.env.id}-health`}>{healthy ? 'healthy' : 'unhealthy'}</span>
              <span className="muted"> · runner {ov.runner}</span>
            </div>
            {a.health && <HealthDetail envId={ov.env.id} health={a.health} />}
            <div className="mono" title={a.buildId}>
              build {shortId(a.buildId)} · {shortId(a.commit)}
            </div>
            <div className="muted" title={a.createdAt}>
              {a.reason} {relativeTime(a.createdAt, now)} · {a.id}
            </div>
            {a.published && <PublishedCommit published={a.published} testId={`env-${ov.env.id}-published`} />}
          </>
        ) : (
          <div className="muted">No deployment yet. Build, then deploy a build here.</div>
        )}
        {ov.missingKeys.length > 0 && (
          <div className="dlv-warn" data-testid={`env-${ov.env.id}-missing`}>
            Missing for the active build: {ov.missingKeys.join(', ')}
          </div>
        )}
      </div>
      <div className="dlv-row">
        {next && (
          <button className="btn primary" data-testid={`env-${ov.env.id}-promote`} disabled={!a || busy} onClick={() => void requestPromote(ov.env.id)} title={a ? `Promote build ${shortId(a.buildId)} to ${next.env.name}` : 'Nothing deployed here yet'}>
            {s.busy === `promote:${ov.env.id}` ? 'Promoting…' : `Promote → ${next.env.name}`}
          </button>
        )}
        <button className="btn" data-testid={`env-${ov.env.id}-rollback`} disabled={!back || busy} onClick={() => void requestRollback(ov.env.id)} title={back ? `Roll back to ${back.id} (build ${shortId(back.buildId)})` : 'No earlier deployment'}>
          {s.busy === `rollback:${ov.env.id}` ? 'Rolling back…' : 'Rollback'}
        </button>
        <CompareButton ov={ov} others={s.environments.filter((o) => o.env.id !== ov.env.id)} />
      </div>
      <div className="dlv-row">
        <select className="dlv-input" value={pick} onChange={(e) => setPick(e.target.value)} data-testid={`env-${ov.env.id}-build-select`} aria-label={`Build to deploy to ${ov.env.name}`}>
          <option value="">build to deploy…</option>
          {builds.map((b) => (
            <option key={b.id} value={b.id}>
              {shortId(b.id)} · {shortId(b.commit)} · {relativeTime(b.createdAt, now)}
            </option>
          ))}
        </select>
        <button className="btn" data-testid={`env-${ov.env.id}-deploy`} disabled={!(pick || builds[0]) || busy} onClick={() => void deployBuild(ov.env.id, pick || builds[0]!.id)}>
          {s.busy === `deploy:${ov.env.id}` ? 'Deploying…' : 'Deploy'}
        </button>
      </div>
      <h5>GitOps</h5>
      <GitOpsSettings env={ov.env} />
      <h5>Configuration</h5>
      <ConfigEditor scope={ov.env.id} />
      <h5>Deployments</h5>
      <ul className="dlv-list" data-testid={`env-${ov.env.id}-deployments`}>
        {history.length === 0 && <li className="muted">none</li>}
        {history.map((d) => (
          <li key={d.id} className={`dlv-dep dlv-dep-${d.status}`}>
            <span className="mono" title={d.id}>
              {shortId(d.buildId)}
            </span>{' '}
            <span className="muted">
              {d.reason} · {d.status} · {relativeTime(d.createdAt, now)}
            </span>
            <span className="dlv-spacer" />
            <button className="btn ghost" title="Open the deployment's log" onClick={() => void openLog(d.executionId)}>
              log
            </button>
            {d.status === 'superseded' && (
              <button className="btn ghost" disabled={busy} onClick={() => void requestRollback(ov.env.id, d.id)} title="Roll back to this deployment (its build and configuration)">
                ↶
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SettingsForm({ retention, timeout }: { retention: number; timeout: number }) {
  const [days, setDays] = useState(String(retention));
  const [secs, setSecs] = useState(String(timeout / 1000));
  const valid = Number.isInteger(Number(days)) && Number(days) >= 1 && Number(secs) >= 0.1 && Number(secs) <= 600;
  return (
    <details className="dlv-section">
      <summary className="muted">Settings</summary>
      <form
        className="dlv-row dlv-pad"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void updateSettings({ historyRetentionDays: Number(days), healthTimeoutMs: Math.round(Number(secs) * 1000) });
        }}
      >
        <label className="dlv-check">
          keep history <input className="dlv-input dlv-num" type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} /> days
        </label>
        <label className="dlv-check">
          health timeout <input className="dlv-input dlv-num" type="number" min={0.1} step={0.1} value={secs} onChange={(e) => setSecs(e.target.value)} /> s
        </label>
        <button className="btn" type="submit" disabled={!valid}>
          Save
        </button>
      </form>
    </details>
  );
}

function BuildList({ builds }: { builds: BuildRecord[] }) {
  const now = useNow();
  return (
    <section className="dlv-section" data-testid="dlv-builds">
      <h4>Builds</h4>
      {builds.length === 0 && <div className="muted">No builds yet. “Build HEAD” builds the current commit in an isolated checkout.</div>}
      <ul className="dlv-list">
        {builds.map((b) => (
          <li key={b.id} data-testid="dlv-build-row" data-status={b.status}>
            <StatusDot status={b.status === 'succeeded' ? 'True' : 'False'} title={b.message} />{' '}
            <span className="mono" title={`digest ${b.digest}`}>
              {shortId(b.id)}
            </span>{' '}
            <span className="mono muted">{shortId(b.commit)}</span> <span className="muted">{relativeTime(b.createdAt, now)}</span>
            {b.internalReconcilers && (
              <span className="eng-chip" data-testid="dlv-build-backends" title="Built with the engine's built-in backends: its deployments run with them">
                backends
              </span>
            )}
            <span className="dlv-spacer" />
            <span className="muted dlv-ellipsis" title={[b.message, ...b.findings.map((f) => `${f.where ?? ''} ${f.message}`)].join('\n')}>
              {b.message}
            </span>
            <button className="btn ghost" onClick={() => void openLog(b.executionId)} title="Open the build log">
              log
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

const DOT = { Current: 'True', Failed: 'False', InProgress: 'Unknown' } as const;

/** Why each object counts as healthy or not (the kstatus rule of src-main/delivery/health-rules.ts). */
function HealthDetail({ envId, health }: { envId: string; health: Health }) {
  const objects = health.objects ?? health.failing.map((f) => ({ resource: f.resource, status: f.status ?? 'InProgress', why: f.why ?? f.conditions.map((c) => `${c.type}=${c.status}`).join(', ') }));
  if (!objects.length) return null;
  const c = health.counts;
  return (
    <details className="dlv-health" data-testid={`env-${envId}-health-detail`} open={!health.healthy}>
      <summary>{c ? `${c.Current} Current · ${c.InProgress} InProgress · ${c.Failed} Failed` : `${objects.length} not ready`}</summary>
      <ul className="dlv-list">
        {objects.map((o) => (
          <li key={o.resource} title={o.why}>
            <StatusDot status={DOT[o.status]} title={o.status} /> <span className="mono dlv-ellipsis">{o.resource}</span> <span className="muted dlv-why">{o.why}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
