#!/usr/bin/env node
// The TypeScript is compiled at install (`prepare`), so the command needs no loader at run time.
import { runCli } from '../dist/cli.js';

process.exitCode = await runCli(process.argv.slice(2));
