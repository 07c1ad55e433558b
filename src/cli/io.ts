/** What a CLI command may touch, so tests can run commands in-process with fake streams. */
export interface CliIo {
  /** One line (or block) to standard output: the command's result and nothing else. */
  out(text: string): void;
  /** Diagnostics and logs: standard error. */
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  stdin: process.stdin,
  env: process.env,
};
