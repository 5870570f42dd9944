/**
 * The QStash simulator used by tests is the same server the embedded default runs in-process:
 * one implementation, exercised by both.
 */
export {
  type LocalQStash,
  type LocalQStashOptions,
  type LocalQStashStats,
  startLocalQStash,
} from "../../../backend/queue/local-qstash.js";
export { signDelivery } from "../../../backend/queue/signing.js";
