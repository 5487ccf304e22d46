// References to builds, as Docker accepts image ids and digests: the build id, any unique prefix of it, the
// content digest that `choreo build` prints (bare hex or `sha256:hex`) or a unique prefix of it, or a commit
// prefix (the build of that commit). An ambiguous prefix is refused with the candidates listed.
import { DeliveryError, type BuildRecord, type Deployment } from './types.js';

/** How many candidates an ambiguous reference lists before "…". */
const SHOWN_CANDIDATES = 8;

/** Strips the algorithm a digest may be written with (`sha256:…`), as Docker prints it. */
export function normaliseBuildRef(ref: string): string {
  const trimmed = ref.trim().toLowerCase();
  return trimmed.startsWith('sha256:') ? trimmed.slice('sha256:'.length) : trimmed;
}

/** What `ref` matches in `builds` and how (for messages and tests). */
export function matchBuilds(builds: BuildRecord[], ref: string): Array<{ build: BuildRecord; by: 'id' | 'digest' | 'commit' }> {
  const r = normaliseBuildRef(ref);
  if (!r) return [];
  const out: Array<{ build: BuildRecord; by: 'id' | 'digest' | 'commit' }> = [];
  for (const b of builds) {
    if (b.id.startsWith(r)) out.push({ build: b, by: 'id' });
    else if (b.digest.startsWith(r)) out.push({ build: b, by: 'digest' });
    else if (b.commit.startsWith(r)) out.push({ build: b, by: 'commit' });
  }
  return out;
}

/** The one build `ref` names; DeliveryError not-found or invalid (ambiguous, with the candidates) otherwise. */
export function resolveBuildRef(builds: BuildRecord[], ref: string): BuildRecord {
  const r = normaliseBuildRef(ref);
  const exact = builds.find((b) => b.id === r || b.digest === r);
  if (exact) return exact;
  if (!/^[0-9a-f]+$/.test(r)) {
    throw new DeliveryError('not-found', `"${ref}" is not a build reference: give a build id, the digest \`choreo build\` printed (or sha256:DIGEST), a unique prefix of either, or a commit prefix. \`choreo build --list\` lists the builds.`);
  }
  const hits = matchBuilds(builds, r);
  if (!hits.length) throw new DeliveryError('not-found', `There is no build "${ref}". List builds with \`choreo build --list\`, or build a commit with \`choreo build REV\`.`);
  if (hits.length === 1) return hits[0]!.build;
  const lines = hits.slice(0, SHOWN_CANDIDATES).map(({ build: b, by }) => `  ${b.id}  digest ${b.digest.slice(0, 24)}…  commit ${b.commit.slice(0, 12)}  ${b.status}  ${b.createdAt}  (matched by ${by})`);
  if (hits.length > SHOWN_CANDIDATES) lines.push(`  … and ${hits.length - SHOWN_CANDIDATES} more`);
  throw new DeliveryError('invalid', `"${ref}" is ambiguous: it matches ${hits.length} builds; give more characters of one of them:\n${lines.join('\n')}`);
}

/**
 * The deployment `ref` names among `deployments` (newest first): a deployment id or unique prefix of it, or
 * else a build reference, meaning the newest of these deployments that ran that build. Undefined when none.
 */
export function deploymentForRef(deployments: Deployment[], builds: BuildRecord[], ref: string): Deployment | undefined {
  const byId = deployments.find((d) => d.id === ref) ?? (deployments.filter((d) => d.id.startsWith(ref)).length === 1 ? deployments.find((d) => d.id.startsWith(ref)) : undefined);
  if (byId) return byId;
  const deployed = new Set(deployments.map((d) => d.buildId));
  const candidates = builds.filter((b) => deployed.has(b.id));
  if (!matchBuilds(candidates, ref).length) return undefined;
  const build = resolveBuildRef(candidates, ref);
  return deployments.find((d) => d.buildId === build.id);
}
