// Reading a file the user controls without letting a FIFO, socket or device block the reader: a FIFO opened
// for reading waits for a writer forever, and each such wait holds one of libuv's four file-system threads,
// so four of them stop every file operation of the process. The file is opened non-blocking, the opened
// handle is checked to be a regular file (no window between a stat and the open), and only then read.
import { constants, promises as fs, type Stats } from 'node:fs';

export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly file: string,
    readonly what: string,
  ) {
    super(NotRegularFileError.explain(file, what));
    this.name = 'NotRegularFileError';
  }

  /** The message, naming the file as the reader knows it (a project path rather than an absolute one). */
  static explain(name: string, what: string): string {
    return `${name} is ${what}, not a regular file; only regular files are read (remove it from the project)`;
  }
}

/** What a non-regular file is, in words ("a named pipe (FIFO)"); undefined for a regular file. */
export function specialFileKind(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a folder';
  return 'a special file';
}

export async function readRegularFile(file: string): Promise<Buffer>;
export async function readRegularFile(file: string, encoding: 'utf8'): Promise<string>;
export async function readRegularFile(file: string, encoding?: 'utf8'): Promise<Buffer | string> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const what = specialFileKind(await handle.stat());
    if (what) throw new NotRegularFileError(file, what);
    return encoding ? await handle.readFile(encoding) : await handle.readFile();
  } finally {
    await handle.close();
  }
}
