#!/usr/bin/env node
// dist/ is committed (the Action runs it as is); it must be exactly what `npm run bundle` makes now.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const out = mkdtempSync(join(tmpdir(), "acw-dist-"));
const r = spawnSync(
  "npx",
  [
    "ncc",
    "build",
    "action/index.ts",
    "-o",
    out,
    "--license",
    "licenses.txt",
    "--target",
    "es2022",
    "-t",
    "-q",
  ],
  {
    stdio: "inherit",
  },
);
if (r.status !== 0) process.exit(r.status ?? 1);

const files = (dir) =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
  );
const fresh = new Map(files(out).map((f) => [relative(out, f), readFileSync(f)]));
const committed = new Map(files("dist").map((f) => [relative("dist", f), readFileSync(f)]));
const differ = [...new Set([...fresh.keys(), ...committed.keys()])].filter(
  (f) => !fresh.get(f)?.equals(committed.get(f) ?? Buffer.alloc(0)) || !committed.has(f),
);
rmSync(out, { recursive: true, force: true });
if (differ.length > 0) {
  console.error(`dist/ is stale (${differ.join(", ")}): run \`npm run bundle\` and commit dist/`);
  process.exit(1);
}
console.log("dist/ matches a fresh bundle");
