/** The real service (`src/main.ts`) as its own process, isolated from the developer's environment. */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Starts `src/main.ts` with only `env` (plus PATH) and DATA_DIR/HOME in `dataDir`. An empty env file
 * stands in for `./.env`, so a developer's own settings never leak into a test.
 */
export function spawnService(dataDir: string, env: Record<string, string>, stdio: StdioOptions = ['ignore', 'pipe', 'pipe']): ChildProcess {
  const envFile = join(dataDir, 'test.env');
  writeFileSync(envFile, '');
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, ENV_FILE: envFile, DATA_DIR: dataDir, ...env },
    stdio,
  });
}

export interface RunningService {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** The JSON log lines printed so far. */
  logs(): Array<Record<string, any>>;
  exit: Promise<number | null>;
  /** The HTTP port, once ready. */
  port: number;
}

/** Spawns the service and resolves once it logs "ipbot ready" (rejects if it exits first). */
export async function startService(dataDir: string, env: Record<string, string>, timeoutMs = 60_000): Promise<RunningService> {
  const child = spawnService(dataDir, { PORT: '0', HOST: '127.0.0.1', ...env });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logs = () =>
    output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = logs().find((l) => l.msg === 'ipbot ready');
      if (ready) {
        clearInterval(timer);
        clearTimeout(limit);
        resolve(ready.port as number);
      }
    }, 20);
    const limit = setTimeout(() => {
      clearInterval(timer);
      child.kill('SIGKILL');
      reject(new Error(`ipbot not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    void exit.then((code) => {
      clearInterval(timer);
      clearTimeout(limit);
      reject(new Error(`ipbot exited with ${code} before ready:\n${output}`));
    });
  });
  return { child, output: () => output, logs, exit, port };
}

/** Polls until `probe` holds; fails naming `what` after `timeoutMs`. */
export async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
