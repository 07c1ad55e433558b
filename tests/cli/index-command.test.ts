import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function ipbot(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { KNOWLEDGE_DIR: _ignored, ...base } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
}

describe('ipbot index (as a process)', () => {
  it('checks the packaged knowledge base and exits 0', () => {
    const run = ipbot(['index']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('gd-ip-plan-14th-fyp  2022-03-31  plan  zh-Hans');
    expect(run.stdout).toMatch(/5 documents, \d+ sections, \d+ contacts, 0 warnings/);
    expect(run.stderr).not.toMatch(/Error|at /);
  });

  it('exits 1 with file:line for a broken knowledge directory named by KNOWLEDGE_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipbot-kb-'));
    try {
      writeFileSync(join(dir, 'catalogue.yaml'), 'documents:\n  - id: broken\n    file: docs/missing.txt\n    title: [unclosed\n');
      const run = ipbot(['index'], { KNOWLEDGE_DIR: dir });
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/catalogue\.yaml:\d+: YAML syntax error/);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
