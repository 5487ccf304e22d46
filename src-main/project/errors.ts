// The error that project/ (files, file operations, search, path confinement) throws on purpose: what went
// wrong, where (a project path) and what to do, in its message. The host maps it to a HostError for the
// renderer (host/services/project-errors.ts), as it maps git's GitError; the CLI prints the message.

export type ProjectErrorCode = 'invalid-request' | 'path-escape' | 'not-found' | 'conflict' | 'io' | 'unavailable';

export class ProjectError extends Error {
  constructor(
    readonly code: ProjectErrorCode,
    message: string,
    /** The project path (or trash id, search pattern) the error is about. */
    readonly where?: string,
  ) {
    super(message);
    this.name = 'ProjectError';
  }
}
