/** Display formats shared by the dashboard pages; all times are shown in UTC, the CI logs' zone. */

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = s / 60;
  if (m < 90) return `${m.toFixed(0)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return "$0.00";
  // Single analyses cost fractions of a cent: keep enough digits to tell them apart.
  if (usd < 0.1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatPercent(ratio: number | null): string {
  return ratio === null ? "—" : `${Math.round(ratio * 100)}%`;
}

export function formatTime(at: Date, withSeconds = false): string {
  return `${at
    .toISOString()
    .slice(0, withSeconds ? 19 : 16)
    .replace("T", " ")} UTC`;
}

export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : "—";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
