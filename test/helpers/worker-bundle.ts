import { build } from "esbuild";

/**
 * Bundles an edge module the way wrangler would for Workers (ESM, browser/workerd conditions, no
 * Node built-ins but through nodejs_compat), so tests run the real code inside workerd.
 */
export async function bundleForWorkerd(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*"],
    logLevel: "error",
  });
  return result.outputFiles[0]!.text;
}
