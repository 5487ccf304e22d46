// GitOps for deployments (issue 15 items 5 and 6): when an environment has a GitOps target, each of its
// deployments (deploy, promote, rollback, config change) is published through publish.ts before the switch,
// so the repository and the environment never disagree about what is served. This module decides what the
// commit says (build, source commit, digest) and where its private bare repository lives; publish.ts does
// the git work. Publishes of one environment are serialised across processes by a file lock.
import path from 'node:path';
import type { KrmObject } from '../../src-shared/krm/object.js';
import { withFileLock } from '../engine/index.js';
import type { CredentialStore } from '../project/git/auth.js';
import type { DeliveryPaths } from './layout.js';
import { publishObjects } from './publish.js';
import type { BuildRecord, DeploymentReason, Environment, GitOpsTarget, PublishedCommit } from './types.js';

export interface PublishDeploymentRequest {
  paths: DeliveryPaths;
  env: Environment & { gitops: GitOpsTarget };
  build: BuildRecord;
  deploymentId: string;
  reason: DeploymentReason;
  /** The deployment a rollback returns to. */
  rollbackOf?: string;
  /** The rendered objects of the deployment (the runner's store once healthy). */
  objects: KrmObject[];
  /** Secret key → value of the deployment: a published file holding one is refused. */
  secrets: Record<string, string>;
  credentials?: CredentialStore;
}

/** The private bare repository an environment publishes from (never the project's own repository). */
export function publishGitdir(paths: DeliveryPaths, envId: string): string {
  return path.join(paths.delivery, 'publish', `${envId}.git`);
}

/** The commit message: a subject naming the build, then one trailer-style line per fact a reviewer needs. */
export function publishMessage(r: Pick<PublishDeploymentRequest, 'env' | 'build' | 'deploymentId' | 'reason' | 'rollbackOf'>): string {
  const verb = r.reason === 'rollback' ? 'roll back to' : r.reason === 'promote' ? 'promote' : 'deploy';
  return [
    `${r.env.name}: ${verb} build ${r.build.id} (commit ${r.build.commit.slice(0, 12)})`,
    '',
    `Build: ${r.build.id}`,
    `Source-Commit: ${r.build.commit}`,
    `Digest: ${r.build.digest}`,
    `Deployment: ${r.deploymentId}`,
    `Environment: ${r.env.id}`,
    `Reason: ${r.reason}${r.rollbackOf ? ` (rollback to ${r.rollbackOf})` : ''}`,
    '',
  ].join('\n');
}

/** Publishes one deployment's objects to its environment's branch; returns the commit to record. */
export async function publishDeployment(r: PublishDeploymentRequest): Promise<PublishedCommit> {
  const gitdir = publishGitdir(r.paths, r.env.id);
  const result = await withFileLock(gitdir, () =>
    publishObjects({ gitdir, target: r.env.gitops, objects: r.objects, message: publishMessage(r), secrets: r.secrets, credentials: r.credentials }),
  );
  return { url: result.url, branch: result.branch, commit: result.commit, unchanged: result.unchanged };
}
