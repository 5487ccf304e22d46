// The title/tool bar: the items of app/bar-items.tsx (project, branch, run controls, theme, palette) on a
// priority bar, so nothing overlaps at any width.
import { PriorityBar } from '../kit/PriorityBar';
import { titleBarItems } from './bar-items';

export function TitleBar() {
  return (
    <header className="titlebar" data-testid="titlebar">
      <PriorityBar items={titleBarItems} testId="titlebar-items" label="Title bar" menuPlacement="below" />
    </header>
  );
}
