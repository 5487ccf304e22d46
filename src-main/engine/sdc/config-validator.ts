// `-s` (choreoctl server start -r -s): the config validator that runs after the reconcilers (upstream:
// kform-dev/choreo pkg/server/choreo/runner_config_validator.go). For every Node (infra.kuid.dev) it
//   1. applies RunningConfig `<node>`: the device's running config, `runningconfigs/<node>.json`, as it is;
//   2. applies RunningConfig `<node>.tree`: that config as the data-server tree renders it;
//   3. imports every Config (config.sdcio.dev) that targets the node (label config.sdcio.dev/targetName)
//      over it at priority 20 and applies the result as Config `<node>` (priority 10, labelled
//      config.sdcio.dev/finalconfig), owned by the Node;
//   4. validates that tree against the device's YANG schema (named by `schemas/`).
// Steps 1–3 are done here without YANG (see ./config-tree.ts for what that costs); step 4 needs sdcio's
// schema server and YANG parser and is not done: a warning says so, once per provider and version.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { listFolder, readYamlFolder } from '../loader/yaml-dir.js';
import { INPUT_FIELD_MANAGER, type Diagnostic, type SourceFs } from '../loader/types.js';
import type { ApiStore } from '../store/types.js';
import { inferListKeys, mergeConfig, normalizeConfig, type ConfigValue } from './config-tree.js';

export interface ConfigValidatorOptions {
  /** Folder of the running configs (`--runningconfigs`, default `runningconfigs`). */
  runningConfigs?: string;
  /** Folder of the inv.sdcio.dev Schema objects (`--schemas`, default `schemas`). */
  schemas?: string;
}

export interface ConfigValidatorResult {
  /** The objects applied (RunningConfig `<node>`, `<node>.tree`, Config `<node>` per node). */
  applied: KrmObject[];
  /** Problems that make the validation fail (as upstream joins them). */
  errors: string[];
  warnings: string[];
}

const NODE = { group: 'infra.kuid.dev', version: 'v1alpha1', kind: 'Node' };
const CONFIG = { group: 'config.sdcio.dev', version: 'v1alpha1', kind: 'Config' };
const CONFIG_API_VERSION = 'config.sdcio.dev/v1alpha1';
const TARGET_NAME = 'config.sdcio.dev/targetName';
const TARGET_NAMESPACE = 'config.sdcio.dev/targetNamespace';
const FINAL_CONFIG = 'config.sdcio.dev/finalconfig';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `runningconfigs/<node>.json` → node name → parsed JSON (top level only, `.ignore` applied). */
async function readRunningConfigs(fs: SourceFs, dir: string, errors: string[]): Promise<Map<string, ConfigValue>> {
  const out = new Map<string, ConfigValue>();
  for (const e of await listFolder(fs, dir)) {
    if (e.isDir || !e.name.endsWith('.json')) continue;
    const file = `${dir}/${e.name}`;
    try {
      out.set(e.name.slice(0, -'.json'.length), JSON.parse(await fs.read(file)) as ConfigValue);
    } catch (err) {
      errors.push(`${file}: ${errorText(err)}`);
    }
  }
  return out;
}

/** The provider/version pairs the project's Schema objects name. */
async function readSchemas(fs: SourceFs, dir: string, errors: string[]): Promise<Set<string>> {
  const diags: Diagnostic[] = [];
  const docs = await readYamlFolder(fs, dir, diags, (d) => d.apiVersion === 'inv.sdcio.dev/v1alpha1' && d.kind === 'Schema');
  for (const d of diags) if (d.severity === 'error') errors.push(`invalid schema ${d.where?.file ?? dir}${d.where?.line ? `:${d.where.line}` : ''}, err: ${d.message}`);
  return new Set(docs.map((d) => schemaKey((d.object.spec as any)?.provider, (d.object.spec as any)?.version)));
}

const schemaKey = (provider: unknown, version: unknown) => `${String(provider ?? '')} ${String(version ?? '')}`;

function ownerRef(node: KrmObject) {
  return [{ apiVersion: node.apiVersion, kind: node.kind, name: node.metadata.name ?? '', uid: node.metadata.uid ?? '', controller: true }];
}

function runningConfig(node: KrmObject, value: ConfigValue, suffix: string): KrmObject {
  const name = suffix ? `${node.metadata.name}.${suffix}` : node.metadata.name!;
  return {
    apiVersion: CONFIG_API_VERSION,
    kind: 'RunningConfig',
    metadata: { name, namespace: node.metadata.namespace, ownerReferences: ownerRef(node) },
    spec: {},
    status: { value },
  };
}

function finalConfig(node: KrmObject, value: ConfigValue): KrmObject {
  return {
    apiVersion: CONFIG_API_VERSION,
    kind: 'Config',
    metadata: {
      name: node.metadata.name,
      namespace: node.metadata.namespace,
      labels: { [TARGET_NAME]: node.metadata.name ?? '', [TARGET_NAMESPACE]: node.metadata.namespace ?? '', [FINAL_CONFIG]: 'true' },
      ownerReferences: ownerRef(node),
    },
    spec: { priority: 10, config: [{ path: '/', value }] },
    status: {},
  };
}

/** The values of a Config's `spec.config[]` blobs (upstream imports each at the root, whatever its path). */
function snippetValues(config: KrmObject): ConfigValue[] {
  const blobs = (config.spec as { config?: unknown } | undefined)?.config;
  if (!Array.isArray(blobs)) return [];
  return blobs.filter((b) => b && typeof b === 'object' && 'value' in b).map((b) => (b as { value: ConfigValue }).value);
}

export async function runConfigValidator(store: ApiStore, fs: SourceFs, opts: ConfigValidatorOptions = {}): Promise<ConfigValidatorResult> {
  const result: ConfigValidatorResult = { applied: [], errors: [], warnings: [] };
  const { errors } = result;
  let nodes: KrmObject[];
  let configs: KrmObject[];
  try {
    nodes = store.list(NODE);
    configs = store.list(CONFIG);
  } catch (e) {
    errors.push(errorText(e));
    return result;
  }
  const running = await readRunningConfigs(fs, opts.runningConfigs ?? 'runningconfigs', errors);
  const schemas = await readSchemas(fs, opts.schemas ?? 'schemas', errors);
  if (errors.length > 0) return result;

  // nodes by name (upstream keys them by name only), with the Config snippets that target them
  const byName = new Map<string, { node: KrmObject; snippets: KrmObject[] }>();
  for (const n of nodes) byName.set(n.metadata.name ?? '', { node: n, snippets: [] });
  for (const c of configs) {
    const target = c.metadata.labels?.[TARGET_NAME];
    const entry = target === undefined ? undefined : byName.get(target);
    // the final config of a node is derived from the snippets: not one of them
    if (!entry || c.metadata.name === target) continue;
    entry.snippets.push(c);
  }

  const unchecked = new Set<string>();
  for (const name of [...byName.keys()].sort()) {
    const { node, snippets } = byName.get(name)!;
    const runningValue = running.get(name);
    if (runningValue === undefined) {
      errors.push(`cannot run config validation w/o a running config (node ${name}: no ${opts.runningConfigs ?? 'runningconfigs'}/${name}.json)`);
      continue;
    }
    const spec = (node.spec ?? {}) as { provider?: string; version?: string };
    const schema = schemaKey(spec.provider, spec.version);
    if (!schemas.has(schema)) {
      errors.push(`import config err: node ${name}: no schema for provider ${spec.provider ?? '""'} version ${spec.version ?? '""'} in ${opts.schemas ?? 'schemas'}/`);
      continue;
    }
    const keys = inferListKeys([runningValue, ...snippets.flatMap(snippetValues)]);
    const apply = (obj: KrmObject, what: string): boolean => {
      try {
        result.applied.push(store.apply(obj, { fieldManager: INPUT_FIELD_MANAGER }).object);
        return true;
      } catch (e) {
        errors.push(`${what} err: ${errorText(e)}`);
        return false;
      }
    };
    if (!apply(runningConfig(node, runningValue, ''), 'apply running config')) continue;
    let tree = normalizeConfig(runningValue, keys);
    if (!apply(runningConfig(node, tree, 'tree'), 'j1 apply running config')) continue;
    for (const snippet of snippets) for (const value of snippetValues(snippet)) tree = mergeConfig(tree, normalizeConfig(value, keys), keys);
    if (!apply(finalConfig(node, tree), 'j2 apply node config')) continue;
    unchecked.add(`${spec.provider} ${spec.version}`);
  }
  for (const s of [...unchecked].sort()) {
    result.warnings.push(`config validator: the ${s} YANG schema is not loaded, so merged configs are not checked against it (only their JSON structure is merged)`);
  }
  return result;
}
