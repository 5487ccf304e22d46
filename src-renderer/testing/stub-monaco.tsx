// Test stand-ins for Monaco (monaco/monaco-setup and kit/monaco-views), which needs a real browser:
// the views render their text as plain elements so component tests can read what would be shown.
export const monaco = { editor: { registerCommand: () => ({ dispose() {} }) } };
export async function setYamlSchemas(): Promise<void> {}
export const monacoThemeName = (theme: string) => `choreo-${theme}`;

export function YamlView({ text, testId }: { text: string; label: string; testId?: string; places?: unknown }) {
  return <pre data-testid={testId}>{text}</pre>;
}

export function DiffView({ left, right, highlightLines, testId }: { left: string; right: string; label: string; highlightLines: number[]; testId?: string; places?: unknown }) {
  return (
    <div data-testid={testId} data-highlight={highlightLines.join(',')}>
      <pre data-side="left">{left}</pre>
      <pre data-side="right">{right}</pre>
    </div>
  );
}
