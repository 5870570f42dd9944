import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, rowsOf, type Store } from "../../../backend/store/database.js";
import { MIGRATIONS } from "../../../backend/store/migrations/index.js";
import { repositories } from "../../../backend/store/schema.js";
import { STORE_ENGINES } from "../../helpers/postgres.js";

describe.each(STORE_ENGINES)("migrations on $name", ({ create }) => {
  let store: Store & { drop(): Promise<void> };
  beforeAll(async () => {
    store = await create();
  });
  afterAll(async () => {
    await store?.drop();
  });

  it("records every committed migration once and re-running applies nothing", async () => {
    expect(await migrate(store.db)).toEqual([]);
    const rows = rowsOf<{ tag: string }>(
      await store.db.execute(sql`select tag from acw_migrations order by tag`),
    );
    expect(rows.map((r) => r.tag)).toEqual(MIGRATIONS.map((m) => m.tag));
  });

  it("enforces the CHECK constraints on enums and confidence", async () => {
    const [repo] = await store.db
      .insert(repositories)
      .values({ owner: "o", name: "r", fullName: "o/r", url: "https://github.com/o/r" })
      .returning();
    expect(repo?.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      store.db.insert(repositories).values({
        owner: "o",
        name: "x",
        fullName: "o/x",
        url: "https://github.com/o/x",
        priority: "urgent",
      }),
    ).rejects.toThrow();
    await expect(
      store.db.insert(repositories).values({ owner: "o", name: "r", fullName: "o/r", url: "u" }),
    ).rejects.toThrow();
  });
});
