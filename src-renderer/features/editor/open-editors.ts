// The open tabs of a project, remembered between sessions (like VS Code's editor restore).

export interface OpenEditors {
  order: string[];
  active: string | null;
}

export function openEditorsKey(projectRoot: string): string {
  return `choreo.editors:${projectRoot}`;
}

export function serializeOpenEditors(s: OpenEditors): string {
  return JSON.stringify({ order: s.order, active: s.active });
}

/** Reads a stored tab list; anything malformed gives no tabs rather than an error. */
export function parseOpenEditors(text: string | null): OpenEditors {
  if (!text) return { order: [], active: null };
  try {
    const raw = JSON.parse(text) as { order?: unknown; active?: unknown };
    const order = Array.isArray(raw.order) ? [...new Set(raw.order.filter((p): p is string => typeof p === 'string' && p.length > 0))] : [];
    const active = typeof raw.active === 'string' && order.includes(raw.active) ? raw.active : null;
    return { order, active };
  } catch {
    return { order: [], active: null };
  }
}
