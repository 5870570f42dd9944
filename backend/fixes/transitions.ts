import type { FixStatus } from "./contract.js";

/**
 * A fix attempt only moves forward: queued → running → validated → one terminal state. A report
 * that would move it back, or out of a terminal state, is refused: a late or replayed report
 * from a dead run must not reopen an attempt that already pushed or escalated.
 */
const RANK: Record<FixStatus, number> = {
  queued: 0,
  running: 1,
  validated: 2,
  failed: 3,
  pushed: 3,
  escalated: 3,
  refused: 3,
};

export const TERMINAL_FIX_STATUSES: readonly FixStatus[] = ["failed", "pushed", "escalated", "refused"];

export function isTerminal(status: FixStatus): boolean {
  return TERMINAL_FIX_STATUSES.includes(status);
}

export type TransitionVerdict = { allowed: true; changed: boolean } | { allowed: false; reason: string };

export function checkTransition(from: FixStatus, to: FixStatus): TransitionVerdict {
  if (from === to) return { allowed: true, changed: false };
  if (isTerminal(from))
    return { allowed: false, reason: `the attempt already ended (${from}); it cannot become ${to}` };
  if (RANK[to] <= RANK[from])
    return { allowed: false, reason: `an attempt cannot go back from ${from} to ${to}` };
  return { allowed: true, changed: true };
}
