import type { PRIORITIES } from "../store/schema.js";

export type Priority = (typeof PRIORITIES)[number];

/** A repository as the credential's listing shows it, before filtering. */
export interface SourceRepository {
  fullName: string;
  githubId: number;
  archived: boolean;
  disabled: boolean;
  /** GitHub reports size 0 for a repository without commits. */
  empty: boolean;
  defaultBranch: string;
  /** Which credential reads it: "pat", or "installation:<id>". */
  credential: string;
}

/** One repository of a discover job's batch. */
export interface BatchRepository {
  fullName: string;
  credential: string;
  priority: Priority;
}
