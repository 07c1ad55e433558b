#!/usr/bin/env node
// Compiled at install (`prepare`); see README. Kept as JS so the bin works without a TypeScript loader.
import '../dist/cli.js';
