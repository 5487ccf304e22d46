// What the explorer shows for an empty folder: not an empty tree, but the offer to create a Choreo
// project there (a CRD, an input, a reconciler and a library that run green on the first Run once).
import { useState } from 'react';
import { EmptyState } from '../../kit/EmptyState';
import { createChoreoProject } from './project-controller';

export function CreateProjectOffer() {
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    try {
      await createChoreoProject();
    } finally {
      setBusy(false);
    }
  };
  return (
    <EmptyState title="This folder is empty" testId="create-project-offer">
      <p>Start a Choreo project here: a CRD in crds/, an input in in/, a reconciler in reconcilers/ and a library in libs/, ready to run.</p>
      <button className="btn primary" onClick={() => void create()} disabled={busy} data-testid="create-project">
        {busy ? 'Creating…' : 'Create a Choreo project'}
      </button>
    </EmptyState>
  );
}
