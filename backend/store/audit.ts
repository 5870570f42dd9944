import type { Database } from "./database.js";
import { auditLog } from "./schema.js";

/** Every action the system takes on a user's behalf leaves a row here. */
export async function audit(
  db: Database,
  entry: {
    actor: string;
    action: string;
    entityType: string;
    entityId?: string | null;
    details?: Record<string, unknown>;
    correlationId?: string | null;
  },
): Promise<void> {
  await db.insert(auditLog).values({
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    details: entry.details ?? {},
    correlationId: entry.correlationId ?? null,
  });
}
