// Status bar: the items of app/bar-items.tsx on a priority bar (lowest priorities overflow into ⋯).
import { PriorityBar } from '../kit/PriorityBar';
import { statusBarItems } from './bar-items';

export function StatusBar() {
  return (
    <footer className="statusbar" data-testid="statusbar">
      <PriorityBar items={statusBarItems} testId="statusbar-items" label="Status bar" menuPlacement="above" />
    </footer>
  );
}
