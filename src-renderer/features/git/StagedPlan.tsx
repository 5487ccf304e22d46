// The plan of what is staged, under the commit box (issue 13 item 2): what a run of the commit would change
// against the last run, planned again after every status answer while something is staged. Clicking it
// opens the whole plan in the Plan panel.
import { useEffect } from 'react';
import { clearStagedPlan, schedulePlanStaged, showPlan } from '../plan/plan-controller';
import { changedCount, countsText } from '../plan/plan-model';
import { usePlan } from '../plan/plan-store';
import { useGit } from './git-store';
import '../plan/plan.css';

export function StagedPlan() {
  const status = useGit((s) => s.status);
  const staged = status?.isRepo ? status.entries.filter((e) => e.staged).length : 0;
  const slot = usePlan((s) => s.staged);
  // every status answer may mean other staged content (a file staged again): plan the index again
  useEffect(() => {
    if (staged) schedulePlanStaged();
    else clearStagedPlan();
  }, [status, staged]);
  if (!staged) return null;
  const r = slot.result;
  let text: string;
  let tone = '';
  if (slot.error) {
    text = slot.error;
    tone = 'dot-error';
  } else if (!r) text = 'planning what the commit would change…';
  else if (r.loadError) {
    text = 'the staged files do not load — show why';
    tone = 'dot-error';
  } else if (!r.success) {
    text = `the run of the staged files fails — show why`;
    tone = 'dot-error';
  } else if (changedCount(r) === 0) text = 'the commit would change no object';
  else text = `the commit would change ${changedCount(r)} object${changedCount(r) === 1 ? '' : 's'} (${countsText(r)})`;
  return (
    <button
      className={`git-staged-plan ${tone}`}
      onClick={() => void showPlan('staged')}
      title="Plan of the staged files against the last run: open it in the Plan panel"
      data-testid="git-staged-plan"
      data-state={slot.state}
    >
      <span className="git-staged-plan-label">Plan</span> {text}
      {/* staging more files plans again: the last plan stays, with a quiet mark that never moves the text */}
      {r && (
        <span className={`plan-busy${slot.state === 'planning' ? ' on' : ''}`} data-testid="git-staged-plan-busy" aria-hidden={slot.state !== 'planning'}>
          ⟳
        </span>
      )}
    </button>
  );
}
