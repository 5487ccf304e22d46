// The debugger in the editor: breakpoint dots in the glyph margin of .star files (shown for them only) (a click toggles one; a
// hover shows where one would go), and the line where the program is stopped (an arrow and a highlighted
// line; the selected caller frame gets a softer highlight). It attaches to every code editor Monaco creates
// (monaco.editor.onDidCreateEditor), so the editor feature needs to know nothing about the debugger;
// editors on other models (diff editors) are left alone.
import { monaco } from '../../monaco/monaco-setup';
import { pathForUri } from '../editor/models';
import { isDebuggable, moveBreakpointLines, toggleBreakpoint } from './debug-controller';
import { shownLine, useDebug, type Breakpoint, type DebugState } from './debug-store';

/** The glyph class of a breakpoint: its kind (plain, conditional, logpoint) and whether it is placed. */
export function breakpointGlyph(b: Breakpoint): string {
  const kind = b.logMessage?.trim() ? 'log' : b.condition?.trim() || b.hitCondition?.trim() || b.object?.trim() ? 'cond' : 'plain';
  const state = !b.enabled ? 'disabled' : b.placed && !b.placed.verified ? 'unverified' : 'on';
  return `dbg-bp dbg-bp-${kind} dbg-bp-${state}`;
}

/** The hover text of a breakpoint's glyph: what it does, and where the host moved it or why it cannot stop. */
export function breakpointHover(b: Breakpoint): string {
  const parts = [b.logMessage?.trim() ? `Logpoint: ${b.logMessage}` : 'Breakpoint'];
  if (b.condition?.trim()) parts.push(`when ${b.condition.trim()}`);
  if (b.hitCondition?.trim()) parts.push(`hit count ${b.hitCondition.trim()}`);
  if (b.object?.trim()) parts.push(`only for ${b.object.trim()}`);
  if (b.placed && !b.placed.verified) parts.push(`— not placed: ${b.placed.message ?? 'no statement here'}`);
  else if (b.placed && b.placed.line !== b.line) parts.push(`(moved from line ${b.line} to the next statement)`);
  return parts.join(' ');
}

/**
 * The breakpoint decorations of a file, in the order of its breakpoint list. A breakpoint on a stopped line
 * carries the stop arrow too (`arrows`: line -> arrow class): one glyph per line, as the margin has one lane.
 */
function breakpointDecorations(list: readonly Breakpoint[], model: monaco.editor.ITextModel, arrows: ReadonlyMap<number, string>): monaco.editor.IModelDeltaDecoration[] {
  return list.map((b) => {
    const line = Math.min(Math.max(1, shownLine(b)), model.getLineCount());
    const arrow = arrows.get(line);
    return {
      range: new monaco.Range(line, 1, line, 1),
      options: { glyphMarginClassName: arrow ? `${breakpointGlyph(b)} ${arrow}` : breakpointGlyph(b), glyphMarginHoverMessage: { value: breakpointHover(b) }, stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges },
    };
  });
}

const arrowClass = (isTop: boolean) => (isTop ? 'dbg-arrow' : 'dbg-arrow dbg-arrow-frame');

/** The lines of this file where the program stopped (the innermost frame) or the selected caller frame is. */
function stopLines(path: string, s: DebugState, model: monaco.editor.ITextModel): Array<{ line: number; isTop: boolean }> {
  if (s.session?.state !== 'stopped') return [];
  const top = s.frames[0];
  const selected = s.frames.find((f) => f.id === s.frameId);
  const frames = selected && selected !== top ? [top, selected] : [top];
  return frames.filter((f) => f && f.source.path === path).map((f) => ({ line: Math.min(Math.max(1, f!.line), model.getLineCount()), isTop: f === top }));
}

/** The stopped lines' highlight, and their arrow where no breakpoint draws it. */
function stopDecorations(stops: ReturnType<typeof stopLines>, breakpointLines: ReadonlySet<number>, description: string): monaco.editor.IModelDeltaDecoration[] {
  return stops.map(({ line, isTop }) => ({
    range: new monaco.Range(line, 1, line, 1),
    options: {
      isWholeLine: true,
      className: isTop ? 'dbg-current-line' : 'dbg-frame-line',
      ...(breakpointLines.has(line) ? {} : { glyphMarginClassName: arrowClass(isTop), glyphMarginHoverMessage: { value: isTop ? `Stopped here (${description})` : 'A caller frame (selected in the call stack)' } }),
    },
  }));
}

/** Follows one code editor: draws the decorations of its model and handles clicks in its glyph margin. */
function attach(editor: monaco.editor.ICodeEditor): void {
  const breakpoints = editor.createDecorationsCollection();
  const stop = editor.createDecorationsCollection();
  const hover = editor.createDecorationsCollection();
  const currentPath = () => {
    const model = editor.getModel();
    const path = model ? pathForUri(model.uri) : undefined;
    return isDebuggable(path) ? path : undefined;
  };
  const render = () => {
    const model = editor.getModel();
    const path = currentPath();
    // the glyph margin (where breakpoints go) shows for .star files only, other project files keep the
    // room; editors of other models (diffs, snapshot views) keep their own setting
    if (model && pathForUri(model.uri) !== undefined && editor.getOption(monaco.editor.EditorOption.glyphMargin) !== !!path) editor.updateOptions({ glyphMargin: !!path });
    if (!model || !path) {
      breakpoints.clear();
      stop.clear();
      return;
    }
    const s = useDebug.getState();
    const list = s.breakpoints[path] ?? [];
    const stops = stopLines(path, s, model);
    breakpoints.set(breakpointDecorations(list, model, new Map(stops.map((st) => [st.line, arrowClass(st.isTop)]))));
    stop.set(stopDecorations(stops, new Set(breakpoints.getRanges().map((r) => r.startLineNumber)), s.stopped?.description ?? 'paused'));
  };
  const offStore = useDebug.subscribe((now, prev) => {
    if (now.breakpoints !== prev.breakpoints || now.frames !== prev.frames || now.frameId !== prev.frameId || now.session?.state !== prev.session?.state) render();
  });
  const subs: monaco.IDisposable[] = [
    editor.onDidChangeModel(() => render()),
    editor.onMouseDown((e) => {
      if (e.target.type !== monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN || e.event.rightButton) return;
      const path = currentPath();
      const line = e.target.position?.lineNumber;
      if (path && line) void toggleBreakpoint(path, line);
    }),
    editor.onMouseMove((e) => {
      const line = e.target.position?.lineNumber;
      if (!currentPath() || e.target.type !== monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN || !line) return hover.clear();
      hover.set([{ range: new monaco.Range(line, 1, line, 1), options: { glyphMarginClassName: 'dbg-bp dbg-bp-hint' } }]);
    }),
    editor.onMouseLeave(() => hover.clear()),
    // edits move the breakpoints with their lines: the decorations track them, the store follows
    editor.onDidChangeModelContent(() => {
      const path = currentPath();
      if (path) moveBreakpointLines(path, breakpoints.getRanges().map((r) => r.startLineNumber));
    }),
  ];
  render();
  editor.onDidDispose(() => {
    offStore();
    subs.forEach((d) => d.dispose());
  });
}

let installed = false;

/** Attaches the debugger to every code editor, now and later (once per page). */
export function installBreakpointGutter(): void {
  if (installed) return;
  installed = true;
  monaco.editor.getEditors().forEach(attach);
  monaco.editor.onDidCreateEditor(attach);
}
