// Disabled reasons that commands of several features share. A command with one is greyed out in menus
// and the palette, and the reason is what the user sees when they try it anyway.
import { useProject } from '../state/project';

/** Commands that work on the project's files or engine need an open project. */
export const needsProject = (): string | undefined => (useProject.getState().status === 'open' ? undefined : 'Open a project folder first.');
