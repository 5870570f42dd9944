#!/usr/bin/env node
// Runs the TypeScript CLI in place: tsx (a dependency of this package) compiles it on load,
// so `npx acw …` works right after `npm ci`, with no build step.
import { register } from "tsx/esm/api";

register();
await import("../backend/cli/acw.ts");
