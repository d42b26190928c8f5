#!/usr/bin/env node
// The CLI entry: built JavaScript only (npm run build), no TypeScript at run time.
import '../dist/cli/main.js';
