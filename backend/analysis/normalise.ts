/**
 * What differs between two runs of the same failure and must not split the analysis cache:
 * timestamps, ids, durations, temp paths, ports and other long numbers. Line numbers in
 * file:line locations and small counts stay, since they tell failures apart.
 */
const VOLATILE: [RegExp, string][] = [
  // The reducer's range headers and repeat markers: the same failure sits at other lines in another log.
  [/^--- lines? \d+(?:-\d+)? ---$/gm, "--- lines ---"],
  [/(\[×\d+), lines \d+-\d+\]/g, "$1]"],
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>"],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, "<time>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>"],
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  // Git SHAs, container and build ids: hex runs with at least one digit and one letter.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, "<hex>"],
  [
    /(?:\/tmp|\/private\/var\/folders|\/var\/folders|[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp|[^\s'"]*[\\/]_temp)[\\/][^\s'"),:]*/g,
    "<tmp>",
  ],
  [/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?)\b/gi, "<duration>"],
  [/\b(pid|port|run|job|attempt|build)([\s#:=]+)\d+/gi, "$1$2<n>"],
  [/\b\d{5,}\b/g, "<n>"],
];

export function normaliseExcerpt(text: string): string {
  let out = text.replace(/\r\n?/g, "\n");
  for (const [pattern, replacement] of VOLATILE) out = out.replace(pattern, replacement);
  return out
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}
