import picomatch from "picomatch";

/** Paths the fix bot never writes, whatever the repository says: they run with the repository's secrets. */
export const ALWAYS_PROTECTED_GLOBS = [".github/workflows/**", ".github/actions/**", ".git/**"];

export interface PathVerdict {
  path: string;
  allowed: boolean;
  /** The glob that forbids it. */
  matched?: string;
}

/** Decides, by code rather than by prompt, which paths a fix may touch. */
export function createPathGuard(neverFixGlobs: readonly string[]): (path: string) => PathVerdict {
  const globs = [...ALWAYS_PROTECTED_GLOBS, ...neverFixGlobs];
  const matchers = globs.map((glob) => ({ glob, test: picomatch(glob, { dot: true, nocase: true }) }));
  return (raw) => {
    const path = raw.replace(/\\/g, "/").replace(/^\.\//, "");
    const hit = matchers.find((m) => m.test(path));
    return hit ? { path, allowed: false, matched: hit.glob } : { path, allowed: true };
  };
}
