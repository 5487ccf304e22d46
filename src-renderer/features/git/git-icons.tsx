// Small line icons for the Git panel (16×16 grid, stroke = currentColor), drawn like kit/icons.tsx.
import { circle, lineIcon, type IconGrid, type IconShape } from '../../kit/icons';

const GRID: IconGrid = { side: 16, size: 14, stroke: 1.4 };
const icon = (shapes: IconShape | IconShape[], size?: number) => lineIcon(GRID, shapes, { size });

export const IconPlus = icon('M8 3v10M3 8h10');
export const IconMinus = icon('M3 8h10');
export const IconDiscard = icon('M3.5 6.5h6a3.5 3.5 0 0 1 0 7H6M3.5 6.5 6 4M3.5 6.5 6 9');
export const IconOpenFile = icon('M9 2.5H4.5a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h7a1 1 0 0 0 1-1V6M9 2.5 12.5 6M9 2.5V6h3.5');
export const IconCompare = icon('M5 2.5v8M2.5 8 5 10.5 7.5 8M11 13.5v-8M8.5 8 11 5.5 13.5 8');
export const IconPush = icon('M8 13V3.5M4.5 7 8 3.5 11.5 7M3 14h10');
export const IconPull = icon('M8 2v9.5M4.5 8 8 11.5 11.5 8M3 14h10');
export const IconFetch = icon(['M4.6 11.5a2.6 2.6 0 0 1-.3-5.2 3.8 3.8 0 0 1 7.3.4 2.4 2.4 0 0 1 .4 4.8', 'M8 7.5v6M6 11.5l2 2 2-2']);
export const IconCheck = icon('m3 8.5 3 3 7-7');
export const IconBranch = icon([circle(4.5, 3.5, 1.5), circle(4.5, 12.5, 1.5), circle(11.5, 5.5, 1.5), 'M4.5 5v6M11.5 7c0 3-7 2-7 4']);
const ChevronDown = icon('m4 6 4 4 4-4', 12);
const ChevronRight = icon('m6 4 4 4-4 4', 12);
export const IconChevron = ({ open }: { open: boolean }) => (open ? <ChevronDown /> : <ChevronRight />);
export const IconStash = icon('M2.5 5.5h11v7a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1zM2.5 5.5l1.5-3h8l1.5 3M6 8.5h4');
export const IconTrash = icon('M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9');
export const IconApply = icon('M8 3v7M5 7l3 3 3-3M3 13h10');
