#!/usr/bin/env node
// Thin launcher: everything lives in the compiled entry point.
import('../dist/cli/main.js').then((m) => m.main(process.argv));
