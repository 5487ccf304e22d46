// A Starlark traceback as a list of frames (outermost first, as starlark-go prints it), each with the real
// project file and a link to its line; a builtin frame ("fail", "int") has no place and is plain text.
// Shared by the Problems list and the Run panel's error list.
import { PlaceLink } from './PlaceLink';
import type { ProblemFrame } from './problems-store';

export function TracebackFrames(props: { frames: ProblemFrame[]; open(path: string, line: number, column: number): void }) {
  return (
    <ol className="tb-frames" aria-label="Traceback, innermost call last" data-testid="traceback">
      {props.frames.map((f, i) => (
        <li key={i}>
          <span className="fn">{f.fn}</span>
          {f.path ? (
            <PlaceLink testId="traceback-frame" title="Open the source at this line" onOpen={() => props.open(f.path!, f.line ?? 1, f.column ?? 1)}>
              {f.path}:{f.line ?? 1}:{f.column ?? 1}
            </PlaceLink>
          ) : (
            <span className="builtin">builtin</span>
          )}
        </li>
      ))}
    </ol>
  );
}
