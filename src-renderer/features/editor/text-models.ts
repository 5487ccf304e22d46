// What the workspace needs from the editor's text models. Monaco implements it (models.ts); tests
// use the in-memory version below, so the workspace's save/reload/conflict logic runs in node.

export interface TextModels {
  /** Creates the model for a file; `onDirty` fires on every edit with whether it differs from the saved version. */
  create(path: string, content: string, language: string, onDirty: (dirty: boolean) => void): void;
  has(path: string): boolean;
  getText(path: string): string | undefined;
  /** The current text is what is on disk now. */
  markSavedVersion(path: string): void;
  /** Replaces the text with the disk's content (undoable) and marks it saved. */
  replaceWithDisk(path: string, content: string): void;
  /** Replaces the text (undoable) without marking it saved: restored unsaved edits. */
  replaceText(path: string, content: string): void;
  dispose(path: string): void;
  disposeAll(): void;
}

/** An in-memory TextModels: dirty means "text differs from the saved text". */
export function memoryTextModels(): TextModels & { edit(path: string, text: string): void } {
  const models = new Map<string, { text: string; saved: string; onDirty: (d: boolean) => void }>();
  const set = (path: string, text: string) => {
    const m = models.get(path);
    if (!m) return;
    m.text = text;
    m.onDirty(m.text !== m.saved);
  };
  return {
    create(path, content, _language, onDirty) {
      if (!models.has(path)) models.set(path, { text: content, saved: content, onDirty });
    },
    has: (path) => models.has(path),
    getText: (path) => models.get(path)?.text,
    markSavedVersion(path) {
      const m = models.get(path);
      if (m) m.saved = m.text;
    },
    replaceWithDisk(path, content) {
      set(path, content);
      const m = models.get(path);
      if (m) m.saved = content;
    },
    replaceText: (path, content) => set(path, content),
    dispose: (path) => void models.delete(path),
    disposeAll: () => models.clear(),
    /** A user edit. */
    edit: set,
  };
}
