import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../../../db/client";
import { allocateTicketNumber, formatTicketNumber } from "../../../server/tickets/ticket-number";

// One connection, so that what the bump set is what the next statement would inherit.
const db = connect(process.env.DATABASE_URL!, { max: 1 });
afterAll(() => db.$client.end({ timeout: 5 }));

describe("allocateTicketNumber", () => {
  it("counts a day's numbers up from 1, and starts again on the next day", async () => {
    const day = new Date("2031-03-04T12:00:00Z");
    const numbers = [await allocateTicketNumber(db, day), await allocateTicketNumber(db, day), await allocateTicketNumber(db, new Date("2031-03-05T12:00:00Z"))];
    expect(numbers).toEqual([formatTicketNumber("20310304", "10", 1), formatTicketNumber("20310304", "10", 2), formatTicketNumber("20310305", "10", 1)]);
  });

  it("turns off the WAL flush for its own commit only: the connection's next statements flush as before", async () => {
    await allocateTicketNumber(db, new Date("2031-03-06T12:00:00Z"));
    const [after] = await db.execute<{ synchronous_commit: string }>(sql`show synchronous_commit`);
    expect(after!.synchronous_commit).toBe("on");
    const inTransaction = await db.transaction(async (tx) => (await tx.execute<{ synchronous_commit: string }>(sql`show synchronous_commit`))[0]!.synchronous_commit);
    expect(inTransaction).toBe("on");
  });
});
