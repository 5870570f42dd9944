/** Lines a review comment may target, per side, and the hunk each belongs to (GitHub's rule). */
export interface CommentableLines {
  RIGHT: Map<number, number>;
  LEFT: Map<number, number>;
  hunks: string[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function commentableLines(patch: string): CommentableLines {
  const result: CommentableLines = { RIGHT: new Map(), LEFT: new Map(), hunks: [] };
  let oldLine = 0;
  let newLine = 0;
  let hunk = -1;
  for (const line of patch.split("\n")) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[3]);
      hunk += 1;
      result.hunks.push(line);
      continue;
    }
    if (hunk < 0) {
      if (line.trim() === "") continue;
      throw new Error(`simulator: patch does not start with a hunk header: ${line}`);
    }
    if (line.startsWith("+")) result.RIGHT.set(newLine++, hunk);
    else if (line.startsWith("-")) result.LEFT.set(oldLine++, hunk);
    else if (line.startsWith("\\") || line === "") continue;
    else {
      result.RIGHT.set(newLine++, hunk);
      result.LEFT.set(oldLine++, hunk);
    }
    result.hunks[hunk] += `\n${line}`;
  }
  return result;
}

/** The text of `git diff` for a PR's files, as GitHub serves it for Accept: application/vnd.github.diff. */
export function unifiedDiff(
  files: Array<{ filename: string; status: string; patch?: string; previousFilename?: string }>,
): string {
  return files
    .map((f) => {
      const from = f.previousFilename ?? f.filename;
      const lines = [`diff --git a/${from} b/${f.filename}`];
      if (f.status === "added") lines.push("new file mode 100644", "index 0000000..1111111", "--- /dev/null");
      else if (f.status === "removed") lines.push("deleted file mode 100644", "index 1111111..0000000");
      else lines.push("index 1111111..2222222 100644");
      if (f.status !== "added") lines.push(`--- a/${from}`);
      lines.push(f.status === "removed" ? "+++ /dev/null" : `+++ b/${f.filename}`);
      if (f.patch) lines.push(f.patch);
      return `${lines.join("\n")}\n`;
    })
    .join("");
}
