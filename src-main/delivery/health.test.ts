// Issue 15's case end to end: a reconciler whose CEL selector leaves an object unselected; that object never
// gets a condition, and a correct project must still deploy (kstatus: no conditions, not targeted = Current).
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { commitFile, makeDeliveryProject } from '../testing/delivery-project.js';
import { inProcessDeliveryRunners } from '../testing/in-process-runners.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { Delivery } from './delivery.js';

let tmp: { dir: string; cleanup: () => void };
let delivery: Delivery;

const SELECT_ENGLISH = `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
spec:
  for:
    group: studio.example.com
    version: v1alpha1
    kind: Greeter
    selector:
      matchExpressions:
      - expression: spec.language == "en"
        operator: Equals
        values: ["true"]
  owns:
  - group: studio.example.com
    version: v1alpha1
    kind: Message
`;

beforeEach(async () => {
  tmp = makeTempDir('choreo-health-');
  const root = path.join(tmp.dir, 'project');
  await makeDeliveryProject(root);
  await commitFile(root, 'reconcilers/studio.example.com.greeters.greeter.yaml', SELECT_ENGLISH, 'select English greeters only');
  delivery = await Delivery.open({ projectRoot: root, appDataDir: path.join(tmp.dir, 'app'), offline: true, runners: inProcessDeliveryRunners() });
  await delivery.updateSettings({ healthTimeoutMs: 5000 });
  await delivery.setConfig('all', 'api-token', 'tok', true, { redeploy: false });
});

afterEach(async () => {
  await delivery.close();
  tmp.cleanup();
});

it('deploys a project whose selector leaves an object unselected, and says why each object is healthy', async () => {
  const build = await delivery.build();
  expect(build.status).toBe('succeeded');
  expect(build.kinds[0]?.selector).toEqual({ matchExpressions: [{ expression: 'spec.language == "en"', operator: 'Equals', values: ['true'] }] });
  const d = await delivery.deploy('development', build.id);
  expect(d.status).toBe('active');
  expect(d.health?.healthy).toBe(true);
  expect(d.health?.objects).toEqual(
    expect.arrayContaining([
      { resource: 'Greeter/default/world', status: 'Current', why: expect.stringMatching(/^Ready=True/) },
      { resource: 'Greeter/default/team', status: 'Current', why: 'no reconciler selects it and it reports no conditions' },
    ]),
  );
  // and a selected object that fails is still refused
  await delivery.setConfig('development', 'mode', 'broken', false, { redeploy: false });
  const refused = await delivery.deploy('development', build.id).catch((e: Error & { details?: { health?: { failing: Array<{ resource: string; status?: string }> } } }) => e);
  expect(refused).toBeInstanceOf(Error);
  expect((refused as { details: { health: { failing: unknown[] } } }).details.health.failing).toEqual([expect.objectContaining({ resource: 'Greeter/default/world', status: 'Failed' })]);
});
