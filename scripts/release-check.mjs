#!/usr/bin/env node
// Before a release is tagged: the version is vX.Y.Z, package.json says X.Y.Z, and CHANGELOG.md has a
// non-empty "## [X.Y.Z]" section. With --notes-file, that section is written there as the release notes.
//
//   node scripts/release-check.mjs v0.1.0 [--notes-file notes.md] [--root DIR]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const fail = (message) => {
  console.error(`release-check: ${message}`);
  process.exit(1);
};

const tag = args[0];
const root = option("--root") ?? process.cwd();
if (!tag || !/^v\d+\.\d+\.\d+$/.test(tag)) fail(`"${tag ?? ""}" is not a version of the form vX.Y.Z`);
const version = tag.slice(1);

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
if (pkg.version !== version) {
  fail(
    `package.json has version ${pkg.version}, not ${version}: bump it (npm version ${version} --no-git-tag-version)`,
  );
}

const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
const heading = new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\][^\\n]*$`, "m");
const found = heading.exec(changelog);
if (!found) fail(`CHANGELOG.md has no "## [${version}]" section: move the Unreleased notes under it`);
const rest = changelog.slice(found.index + found[0].length);
const next = rest.search(/^## \[|^\[[^\]]+\]: /m);
const notes = (next === -1 ? rest : rest.slice(0, next)).trim();
if (notes === "") fail(`the "## [${version}]" section of CHANGELOG.md is empty`);

const notesFile = option("--notes-file");
if (notesFile) writeFileSync(notesFile, `${notes}\n`);
console.log(
  `release-check: ${tag} is ready (package.json ${version}, ${notes.split("\n").length} lines of notes)`,
);
