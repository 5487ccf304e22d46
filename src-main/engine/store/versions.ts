// The versions of one CRD (engine.md §3.1, extended to multi-version CRDs as kube-apiserver serves them):
// which versions are served, which one stores, and which one discovery prefers. kuid's backend APIs, for
// example, store in an internal version (`ipam`) and serve `v1alpha1` too; sdcio's config.sdcio.dev kinds
// store in `config`. The store keeps one bucket per kind and rewrites apiVersion between served versions
// (kube-apiserver's `None` conversion strategy), so the version a client names only picks the schema.

/** One served version of a CRD, as read from `spec.versions[]`. */
export interface CrdVersion {
  name: string;
  storage: boolean;
  /** `schema.openAPIV3Schema` (undefined when the version has none). */
  schema: unknown;
  hasStatusSubresource: boolean;
}

/** The served versions of a CRD, preferred first (kube-aware order), and the storage version's name. */
export interface CrdVersions {
  served: CrdVersion[];
  storage: string;
}

// Kubernetes' version priority (apimachinery's CompareKubeAwareVersionStrings): v1 > v1beta2 > v1beta1 >
// v1alpha1 > other strings; among GA versions the higher major wins. Strings that are not kube versions
// (`ipam`, `config`) sort after every kube version, alphabetically.
const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function kubeRank(v: string): [number, number, number] | undefined {
  const m = KUBE_VERSION.exec(v);
  if (!m) return undefined;
  const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
  return [stage, Number(m[1]), m[3] === undefined ? 0 : Number(m[3])];
}

/** Negative when `a` is preferred over `b` (sort with it to get the preferred version first). */
export function compareKubeAwareVersions(a: string, b: string): number {
  const ra = kubeRank(a);
  const rb = kubeRank(b);
  if (ra && rb) {
    // GA before beta before alpha; then the higher major; then the higher minor
    if (ra[0] !== rb[0]) return rb[0] - ra[0];
    if (ra[1] !== rb[1]) return rb[1] - ra[1];
    return rb[2] - ra[2];
  }
  if (ra) return -1;
  if (rb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The served versions of a CRD spec. Problems are returned as the texts kube-apiserver's CRD validation
 * uses, prefixed the way the loader reports CRDs (`invalid crd <name>, ...`).
 */
export function crdVersions(crdName: string, spec: Record<string, any>): { versions?: CrdVersions; problems: string[] } {
  const list: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  const problems: string[] = [];
  const storages = list.filter((v) => v && v.storage === true);
  if (storages.length === 0) problems.push(`invalid crd ${crdName}, no storage version`);
  if (storages.length > 1) problems.push(`invalid crd ${crdName}, a crd can only have 1 storage version, got ${storages.map((v) => v.name).join(', ')}`);
  const seen = new Set<string>();
  for (const v of list) {
    if (!v || typeof v.name !== 'string' || v.name === '') {
      problems.push(`invalid crd ${crdName}, spec.versions[].name is required`);
      continue;
    }
    if (seen.has(v.name)) problems.push(`invalid crd ${crdName}, version ${v.name} is listed twice`);
    seen.add(v.name);
  }
  if (problems.length > 0) return { problems };
  const storage = storages[0];
  // `served` defaults to false in kube, but Choreo's Go loader registers the storage version whatever it
  // says: keep that, and serve the other versions only when they say so.
  const served: CrdVersion[] = list
    .filter((v) => v.storage === true || v.served === true)
    .map((v) => ({ name: v.name, storage: v.storage === true, schema: v.schema?.openAPIV3Schema, hasStatusSubresource: !!v.subresources?.status }));
  served.sort((a, b) => compareKubeAwareVersions(a.name, b.name));
  return { versions: { served, storage: storage.name }, problems };
}
