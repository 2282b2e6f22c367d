#!/usr/bin/env node
// Entry point of the installed package: runs the compiled CLI (npm run build emits dist/).
await import('../dist/cli/main.js');
