/**
 * Commits our fix bot makes carry this trailer; a failure on such a commit is never fixed again.
 * Same value as backend/jobs/analyze.ts exports, kept here so the Action does not import the
 * analyze job (and its database code) to read one string.
 */
export const FIX_COMMIT_TRAILER = "Acw-Fix-Attempt:";
