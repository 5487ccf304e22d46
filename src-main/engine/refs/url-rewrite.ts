// URL rewrites for upstream refs, like git's `url.<base>.insteadOf`: the longest matching `from` prefix is
// replaced by `to`. Read from `.choreo/config.yaml` (`urlRewrites: [{from, to}]`) and from the environment
// (`CHOREO_URL_REWRITE="from=to;from2=to2"`, which wins over the file). Tests use it to point GitHub URLs at
// a local git server; production uses no rewrites.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';

export interface UrlRewrite {
  from: string;
  to: string;
}

export class UrlRewriteConfigError extends Error {
  override name = 'UrlRewriteConfigError';
}

export function rewriteUrl(url: string, rewrites: readonly UrlRewrite[]): string {
  let best: UrlRewrite | undefined;
  for (const r of rewrites) if (r.from && url.startsWith(r.from) && (!best || r.from.length > best.from.length)) best = r;
  return best ? best.to + url.slice(best.from.length) : url;
}

/** Parses `from=to;from2=to2` (empty entries ignored). */
export function parseRewriteEnv(value: string | undefined): UrlRewrite[] {
  if (!value) return [];
  const out: UrlRewrite[] = [];
  for (const part of value.split(';')) {
    if (!part.trim()) continue;
    const i = part.indexOf('=');
    if (i <= 0) throw new UrlRewriteConfigError(`CHOREO_URL_REWRITE: entry ${JSON.stringify(part)} is not from=to`);
    out.push({ from: part.slice(0, i).trim(), to: part.slice(i + 1).trim() });
  }
  return out;
}

/** Rewrites from `<project>/.choreo/config.yaml` followed by those of the environment (later entries win ties). */
export async function readUrlRewrites(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<UrlRewrite[]> {
  const file = path.join(projectDir, CHOREO_PATHS.config);
  let fromFile: UrlRewrite[] = [];
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    let doc: any;
    try {
      doc = parse(text);
    } catch (e) {
      throw new UrlRewriteConfigError(`${file}: ${(e as Error).message}`);
    }
    const list = doc?.urlRewrites;
    if (list !== undefined && list !== null) {
      if (!Array.isArray(list)) throw new UrlRewriteConfigError(`${file}: urlRewrites must be a list of {from, to}`);
      fromFile = list.map((r: any, i: number) => {
        if (!r || typeof r.from !== 'string' || typeof r.to !== 'string') throw new UrlRewriteConfigError(`${file}: urlRewrites[${i}] needs string from and to`);
        return { from: r.from, to: r.to };
      });
    }
  }
  // Environment entries come last; rewriteUrl prefers the longest prefix, and on equal length the later one.
  return dedupe([...fromFile, ...parseRewriteEnv(env.CHOREO_URL_REWRITE)]);
}

function dedupe(list: UrlRewrite[]): UrlRewrite[] {
  const m = new Map<string, UrlRewrite>();
  for (const r of list) m.set(r.from, r);
  return [...m.values()];
}
