// @vitest-environment jsdom
// The Explorer on kit/VirtualTree with the real virtualizer (testing/jsdom-layout.ts): the Choreo folders
// open once per project, the keyboard walks and opens the tree, a file opened elsewhere is revealed (its
// folders opened, its row scrolled into view and marked), and F2 on the keyboard's row starts its rename.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileNode } from '../../../src-shared/ipc/contract';
import { useProject } from '../../state/project';
import { withScrollLayout } from '../../testing/jsdom-layout';
import { useEditor } from '../editor/editor-store';
import { Explorer } from './Explorer';
import { useFileOps } from './files-store';

const { openFile } = vi.hoisted(() => ({ openFile: vi.fn() }));
vi.mock('../editor/editor-controller', () => ({ openFile }));
vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));

const LONG_WAIT = { timeout: 10_000 }; // a render after a scroll may take a while on a loaded machine
withScrollLayout(220); // ten rows of 22 px
afterEach(cleanup);

const file = (path: string): FileNode => ({ name: path.split('/').pop()!, path, kind: 'file', role: 'other' });
const dir = (path: string, role: FileNode['role'], children: FileNode[]): FileNode => ({ name: path.split('/').pop()!, path, kind: 'dir', role, children });

/** crds/ with one file, in/ with 60 (more than the view holds), libs/deep/ with one file; no reconcilers/. */
const tree: FileNode = dir('', 'other', [
  dir('crds', 'crds', [file('crds/a.yaml')]),
  dir('in', 'in', Array.from({ length: 60 }, (_, i) => file(`in/item-${String(i).padStart(2, '0')}.yaml`))),
  dir('libs', 'libs', [dir('libs/deep', 'other', [file('libs/deep/util.star')])]),
]);

beforeEach(() => {
  openFile.mockReset();
  useEditor.setState({ active: null, buffers: {} });
  useFileOps.setState({ editing: null, selection: null, menu: null });
  act(() => {
    useProject.getState().setProject({ root: '/p', name: 'p' } as Parameters<ReturnType<typeof useProject.getState>['setProject']>[0]);
    useProject.getState().setTree(tree);
  });
});

const explorer = () => screen.getByRole('tree', { name: 'Project files' });
const row = (path: string) => screen.getByTestId(`tree-row-${path}`);
const cursorPath = () => document.getElementById(explorer().getAttribute('aria-activedescendant') ?? '')?.dataset.path;
const press = (key: string) => fireEvent.keyDown(explorer(), { key });

describe('Explorer', () => {
  it('opens the Choreo folders that hold files, shows a missing one dimmed, and walks with the keyboard', () => {
    render(<Explorer />);
    expect(row('crds').getAttribute('aria-expanded')).toBe('true');
    expect(row('in').getAttribute('aria-expanded')).toBe('true');
    press('End'); // the last rows: libs/ (opened, its sub-folder not) and the folders the project lacks
    expect(cursorPath()).toBe('refs');
    expect(row('libs').getAttribute('aria-expanded')).toBe('true');
    expect(row('libs/deep').getAttribute('aria-expanded')).toBe('false');
    expect(row('refs').style.opacity).toBe('0.55'); // a folder the project does not have yet: nothing to open
    expect(row('refs').hasAttribute('aria-expanded')).toBe(false);
    press('Home');
    expect(cursorPath()).toBe('crds');

    press('ArrowDown');
    expect(cursorPath()).toBe('crds/a.yaml');
    press('Enter');
    expect(openFile).toHaveBeenCalledWith('crds/a.yaml');
    press('ArrowLeft'); // from a file to its folder
    expect(cursorPath()).toBe('crds');
    press('ArrowLeft'); // and the folder closes
    expect(row('crds').getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('tree-row-crds/a.yaml')).toBeNull();
  });

  it('reveals a file opened elsewhere: its folders open, its row comes into view and is marked as open', async () => {
    render(<Explorer />);
    expect(screen.queryByTestId('tree-row-libs/deep/util.star')).toBeNull();
    act(() => useEditor.setState({ active: 'libs/deep/util.star' }));
    const revealed = await screen.findByTestId('tree-row-libs/deep/util.star', undefined, LONG_WAIT);
    expect(row('libs/deep').getAttribute('aria-expanded')).toBe('true');
    expect(revealed.getAttribute('aria-selected')).toBe('true');
    expect(revealed.className).toContain('selected');

    // a file far down a long folder is scrolled to
    act(() => useEditor.setState({ active: 'in/item-59.yaml' }));
    expect((await screen.findByTestId('tree-row-in/item-59.yaml', undefined, LONG_WAIT)).getAttribute('aria-selected')).toBe('true');
  });

  it("F2 renames the keyboard's row; a ghost folder has nothing to rename", () => {
    render(<Explorer />);
    press('End');
    expect(cursorPath()).toBe('refs');
    press('F2');
    expect(useFileOps.getState().editing).toBeNull();
    press('Home');
    press('F2');
    expect(useFileOps.getState().editing).toMatchObject({ mode: 'rename', path: 'crds' });
    expect(screen.getByTestId('rename-input')).toHaveProperty('value', 'crds');
  });
});
