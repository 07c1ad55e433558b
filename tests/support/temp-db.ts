/** Real SQLite files in a fresh temporary directory, removed after the test file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';

export function tempDbDir(): { dir: string; file: string; open(): SqliteStorage } {
  const dir = mkdtempSync(join(tmpdir(), 'ipbot-db-'));
  const opened: SqliteStorage[] = [];
  afterAll(() => {
    for (const s of opened) s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'nested', 'ipbot.db');
  return {
    dir,
    file,
    open() {
      const s = openSqliteStorage(file);
      opened.push(s);
      return s;
    },
  };
}
