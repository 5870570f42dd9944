import { Client, type PublishRequest } from "@upstash/qstash";
import {
  CORRELATION_HEADER,
  JOB_ID_HEADER,
  type JobRequest,
  type JobType,
  jobIdOf,
  type PublishedJob,
  type Queue,
} from "./jobs.js";

export interface QStashQueueOptions {
  token: string;
  /** QStash API; defaults to Upstash's. The local server's url in tests and the embedded default. */
  baseUrl?: string;
  /** The backend's public URL: jobs go to `${destinationBaseUrl}/v1/queue/${type}`. */
  destinationBaseUrl: string;
  /** Defaults to `${destinationBaseUrl}/v1/queue/dead-letter`. */
  failureCallbackUrl?: string;
  /** Retries after the first delivery when a job sets none. */
  defaultRetries?: number;
  /** Jobs sharing a flow-control key (a repository) that may run at once. */
  parallelismPerKey?: Partial<Record<JobType, number>>;
  /** Retries of the publish HTTP call itself (network errors); 0 in tests that stop the server. */
  publishRetries?: number;
}

const DEFAULT_PARALLELISM: Record<JobType, number> = {
  analyze: 4,
  fix: 1,
  review: 1,
  notify: 4,
  discover: 1,
};

/** The work queue on the real @upstash/qstash Client (Upstash in production, the local server otherwise). */
export function createQStashQueue(options: QStashQueueOptions): Queue {
  const base = options.destinationBaseUrl.replace(/\/+$/, "");
  const failureCallback = options.failureCallbackUrl ?? `${base}/v1/queue/dead-letter`;
  const client = new Client({
    token: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    // Never let the SDK download or start its dev server: the local server is ours.
    devMode: false,
    enableTelemetry: false,
    ...(options.publishRetries === undefined ? {} : { retry: { retries: options.publishRetries } }),
  });

  const toRequest = (job: JobRequest): PublishRequest<string> & { url: string } => {
    const jobId = jobIdOf(job.type, job.dedupeId);
    const correlationId = job.correlationId ?? crypto.randomUUID();
    const parallelism = options.parallelismPerKey?.[job.type] ?? DEFAULT_PARALLELISM[job.type];
    return {
      url: `${base}/v1/queue/${job.type}`,
      body: JSON.stringify(job.body ?? null),
      headers: {
        "Content-Type": "application/json",
        // The Client forwards these as Upstash-Forward-*; the handler receives them unprefixed.
        [JOB_ID_HEADER]: jobId,
        [CORRELATION_HEADER]: correlationId,
      },
      deduplicationId: jobId,
      retries: job.retries ?? options.defaultRetries ?? 3,
      failureCallback,
      ...(job.delaySeconds ? { delay: job.delaySeconds } : {}),
      ...(job.flowControlKey ? { flowControl: { key: job.flowControlKey, parallelism } } : {}),
    };
  };

  const answer = (job: JobRequest, res: { messageId: string; deduplicated?: boolean }): PublishedJob => ({
    jobId: jobIdOf(job.type, job.dedupeId),
    messageId: res.messageId,
    deduplicated: res.deduplicated === true,
  });

  return {
    async publish(job) {
      const res = await client.publish(toRequest(job));
      return answer(job, res);
    },
    async publishBatch(jobs) {
      if (jobs.length === 0) return [];
      const res = (await client.batch(jobs.map(toRequest))) as {
        messageId: string;
        deduplicated?: boolean;
      }[];
      return jobs.map((job, i) => answer(job, res[i] ?? { messageId: "" }));
    },
  };
}
