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
