// Upstream refs, recursively (engine.md §8.4, upstream's pkg/server/choreo/loader/loader_upstream.go and
// instance/choreinstance_*.go): the root's refs are loaded, then the refs of every child, each at its own
// pinned commit. Upstream's rules for what may nest:
//   - an `all` child is a whole Choreo package: APIs, libraries, reconcilers (run in their own runner),
//     input data, and its own refs, which must be `crd` refs (`cannot nest child choreo instances`);
//   - a `crd` child contributes APIs and libraries only, and may not have refs of its own (`cannot load
//     child choreo instances to a crd based choreo instance`).
// A ref that names a package already loaded above it (same URL, directory and ref) is a cycle: an error
// that names the chain. A repository is cloned once per project (`.choreo/refs/<url>`) and each URL+ref is
// resolved once per load, so a diamond (two parents referring to the same package) costs one clone.
import type { ProjectFolders } from '../files/folders.js';
import type { ChildPackage, ProjectSources, UpstreamRefDef } from '../loader/types.js';
import { readProjectSources } from '../loader/sources.js';
import { packageAt, resolveUpstreamRepo, UpstreamError, type ResolvedRepo, type ResolvedUpstream, type UpstreamOptions } from './upstream.js';

export interface RefTreeOptions extends UpstreamOptions {
  /** The root's folder options; upstream reads every child with the same ones. */
  folders?: Partial<ProjectFolders>;
  /** Origin annotations carry `directory` (the profile-B form, engine.md §2.1). */
  originWithDirectory?: boolean;
}

/** A loaded child package and where it sits in the tree. */
export interface RefNode {
  ref: UpstreamRefDef;
  resolved: ResolvedUpstream;
  /** Ref names from the root down to this one. */
  chain: string[];
  /** What the child contributes (a `crd` child's inputs and reconcilers are left out). */
  sources: ProjectSources;
}

/** One link of the chain being loaded: the ref's identity and where it is declared. */
interface Link {
  name: string;
  key: string;
  where: string;
}

/** A package's identity: the same repository directory at the same ref. */
function refKey(ref: UpstreamRefDef): string {
  return `${ref.url}\u0000${ref.directory.replace(/^\.\/|\/$/g, '') || '.'}\u0000${ref.ref.type}\u0000${ref.ref.name}`;
}

function chainText(links: readonly Link[]): string {
  return ['root', ...links.map((l) => l.name)].join(' -> ');
}

/** Where a ref is declared, as messages show it: `refs/x.yaml` in the root, `a/b:refs/x.yaml` below. */
function declaredAt(parent: readonly Link[], ref: UpstreamRefDef): string {
  const file = `${ref.origin.file}${ref.origin.line ? `:${ref.origin.line}` : ''}`;
  return parent.length ? `${parent.map((l) => l.name).join('/')}:${file}` : file;
}

/**
 * A `crd` child contributes its APIs and libraries only (upstream: not a root instance); problems in the
 * folders it does not read (input, reconcilers) are not its user's concern.
 */
function crdContribution(s: ProjectSources): ProjectSources {
  const read = [`${s.folders.apis}/`, `${s.folders.refs}/`];
  const diagnostics = s.diagnostics.filter((d) => !d.where || read.some((f) => d.where!.file.startsWith(f)));
  return { ...s, inputs: [], reconcilers: [], diagnostics };
}

/** Loads the refs of the root and of its children, depth first. Throws UpstreamError on any problem. */
export async function loadRefTree(projectDir: string, rootRefs: readonly UpstreamRefDef[], opts: RefTreeOptions = {}): Promise<RefNode[]> {
  const out: RefNode[] = [];
  const resolving = new Map<string, Promise<ResolvedRepo>>();
  const loaded = new Set<string>();
  const resolveOnce = (ref: UpstreamRefDef): Promise<ResolvedRepo> => {
    // one resolution (clone or fetch, progress lines) per URL and ref; the directory is read per package
    const k = `${ref.url}\u0000${ref.ref.type}\u0000${ref.ref.name}`;
    let p = resolving.get(k);
    if (!p) resolving.set(k, (p = resolveUpstreamRepo(projectDir, ref, opts)));
    return p;
  };

  const visit = async (parent: readonly Link[], parentType: 'root' | 'all' | 'crd', refs: readonly UpstreamRefDef[]): Promise<void> => {
    for (const ref of refs) {
      const link: Link = { name: ref.name, key: refKey(ref), where: declaredAt(parent, ref) };
      const links = [...parent, link];
      if (parent.some((l) => l.key === link.key)) {
        throw new UpstreamError(
          `upstream refs form a cycle: ${chainText(links)}; ${ref.url} ref ${ref.ref.name}${ref.directory !== '.' ? ` directory ${ref.directory}` : ''} is already loaded above (remove the ref in ${link.where})`,
        );
      }
      if (parentType === 'crd') {
        throw new UpstreamError(
          `cannot load child choreo instances to a crd based choreo instance: ${chainText(links)} (${link.where}); a crd ref contributes APIs and libraries only, so its package may not have refs of its own`,
        );
      }
      if (parentType === 'all' && ref.type === 'all') {
        throw new UpstreamError(
          `cannot nest child choreo instances: ${chainText(links)} (${link.where}); an all ref may only refer to crd refs`,
        );
      }
      const resolved = packageAt(await resolveOnce(ref), ref, { originWithDirectory: opts.originWithDirectory });
      // problems in the child's files are reported by the loader, with the child's name before the file
      const all = await readProjectSources(resolved.fs, { folders: opts.folders });
      // a diamond: the same package reached twice contributes once
      const seen = `${link.key}\u0000${ref.type}`;
      if (!loaded.has(seen)) {
        loaded.add(seen);
        out.push({ ref, resolved, chain: links.map((l) => l.name), sources: ref.type === 'all' ? all : crdContribution(all) });
      }
      if (all.upstreamRefs.length > 0) await visit(links, ref.type, all.upstreamRefs);
    }
  };
  await visit([], 'root', rootRefs);
  return out;
}

/** The loader's view of the tree: one child package per node, named by its chain (`a/b`). */
export function childPackages(nodes: readonly RefNode[]): ChildPackage[] {
  return nodes.map((n) => ({ name: n.chain.join('/'), origin: n.resolved.origin, sources: n.sources }));
}
