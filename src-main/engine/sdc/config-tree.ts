// A device configuration as JSON, merged the way sdcio's data-server tree merges intents — without the
// device's YANG schema, which is what tells the tree which members of a list entry are its keys. Upstream
// (kform-dev/choreo runner_config_validator.go) imports the running config and every Config snippet of a
// node into a data-server tree and renders it back with `ToJson(onlyNewOrUpdated=false, ordered=true)`:
//   - member names lose their YANG module prefix (`srl_nokia-interfaces:interface` → `interface`);
//   - list entries are matched by their keys and come out sorted by key value (compared as text);
//   - a leaf (or a whole leaf-list) of a higher-priority intent replaces the lower one's.
// Here a list's key is inferred from the data: among the scalar members that every entry of that list has
// and whose values are unique within each list, the one that comes first in most entries (YANG JSON
// encoders write a list's keys first). A list without such a member is treated as one value (replaced).

/** A JSON value of a device configuration. */
export type ConfigValue = null | boolean | number | string | ConfigValue[] | ConfigObject;
export interface ConfigObject {
  [member: string]: ConfigValue;
}

/** The inferred key member of each list, by path (member names from the root, module prefixes removed). */
export type ListKeys = Map<string, string | null>;

const isObject = (v: unknown): v is ConfigObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A member name without its YANG module prefix, as the data-server's JSON importer reads it. */
export function memberName(k: string): string {
  const i = k.indexOf(':');
  return i < 0 ? k : k.slice(i + 1);
}

/** A list is an array whose entries are all objects. */
function isList(v: ConfigValue[]): boolean {
  return v.length > 0 && v.every(isObject);
}

/** Infers the key member of every list found in `docs` (see the file comment). */
export function inferListKeys(docs: readonly ConfigValue[]): ListKeys {
  // per list path: every list instance (the entries of one array)
  const lists = new Map<string, ConfigObject[][]>();
  const walk = (v: ConfigValue, path: string): void => {
    if (Array.isArray(v)) {
      if (!isList(v)) return;
      let seen = lists.get(path);
      if (!seen) lists.set(path, (seen = []));
      seen.push(v as ConfigObject[]);
      for (const e of v) walk(e, path);
    } else if (isObject(v)) {
      for (const [k, c] of Object.entries(v)) walk(c, `${path}/${memberName(k)}`);
    }
  };
  for (const d of docs) walk(d, '');
  const keys: ListKeys = new Map();
  for (const [path, instances] of lists) {
    const entries = instances.flat();
    const candidates = new Map<string, number>(); // member → entries where it comes first among scalars
    const first = entries[0]!;
    for (const k of Object.keys(first)) {
      const name = memberName(k);
      const everywhere = entries.every((e) => isScalar(memberValue(e, name)));
      const unique = instances.every((list) => new Set(list.map((e) => String(memberValue(e, name)))).size === list.length);
      if (everywhere && unique) candidates.set(name, 0);
    }
    for (const e of entries) {
      const lead = Object.keys(e).map(memberName).find((n) => candidates.has(n));
      if (lead) candidates.set(lead, candidates.get(lead)! + 1);
    }
    const best = [...candidates].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0];
    keys.set(path, best ? best[0] : null);
  }
  return keys;
}

function memberValue(o: ConfigObject, name: string): ConfigValue | undefined {
  for (const [k, v] of Object.entries(o)) if (memberName(k) === name) return v;
  return undefined;
}

/** The config as the tree renders it: prefixes removed, keyed list entries sorted by key value. */
export function normalizeConfig(v: ConfigValue, keys: ListKeys, path = ''): ConfigValue {
  if (Array.isArray(v)) {
    const key = keys.get(path);
    if (!key || !isList(v)) return v.map((x) => normalizeConfig(x, keys, path));
    const entries = (v as ConfigObject[]).map((e) => normalizeConfig(e, keys, path) as ConfigObject);
    // Go's cmp.Compare on the key's text (so "10" sorts before "9"), stable for equal keys
    return entries.sort((a, b) => {
      const ka = String(a[key]);
      const kb = String(b[key]);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }
  if (isObject(v)) {
    const out: ConfigObject = {};
    for (const [k, c] of Object.entries(v)) {
      const name = memberName(k);
      out[name] = normalizeConfig(c, keys, `${path}/${name}`);
    }
    return out;
  }
  return v;
}

/**
 * `overlay` imported over `base` (both normalized): members merge, list entries with the same key merge,
 * anything else of the overlay — a leaf, a leaf-list, an unkeyed list — replaces the base's.
 */
export function mergeConfig(base: ConfigValue, overlay: ConfigValue, keys: ListKeys, path = ''): ConfigValue {
  if (isObject(base) && isObject(overlay)) {
    const out: ConfigObject = { ...base };
    for (const [k, v] of Object.entries(overlay)) out[k] = k in base ? mergeConfig(base[k]!, v, keys, `${path}/${k}`) : v;
    return out;
  }
  const key = keys.get(path);
  if (key && Array.isArray(base) && Array.isArray(overlay) && isList(base) && isList(overlay)) {
    const out = [...(base as ConfigObject[])];
    for (const e of overlay as ConfigObject[]) {
      const i = out.findIndex((b) => String(b[key]) === String(e[key]));
      if (i >= 0) out[i] = mergeConfig(out[i]!, e, keys, path) as ConfigObject;
      else out.push(e);
    }
    return normalizeConfig(out, keys, path);
  }
  return overlay;
}
