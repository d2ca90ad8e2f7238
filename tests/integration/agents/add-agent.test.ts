import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { agents } from "../../../db/schema";
import { addAgent } from "../../../server/agents/add-agent";
import { AlreadyExistsError, InvalidInputError } from "../../../server/errors";

describe("addAgent", () => {
  it("stores the agent with a hashed password, valid and at session version 1", async () => {
    const db = getDb();
    const added = await addAgent(db, { login: "dora", name: " Dora Explorer ", email: "dora@example.com", password: "eight chars" });
    expect(added).toMatchObject({ login: "dora", generatedPassword: null });
    const [row] = await db.select().from(agents).where(eq(agents.id, added.id));
    expect(row).toMatchObject({ name: "Dora Explorer", email: "dora@example.com", isAdmin: false, valid: true, sessionVersion: 1, timezone: null });
    expect(row!.passwordHash).not.toContain("eight chars");
  });

  it("refuses a login taken in another case as AlreadyExistsError on `login`", async () => {
    const db = getDb();
    await addAgent(db, { login: "eve", name: "Eve", email: "eve@example.com" });
    const error = await addAgent(db, { login: "EVE", name: "Eve 2", email: "eve2@example.com" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect(error).toMatchObject({ field: "login" });
  });

  it.each([
    [{ login: "", name: "N", email: "n@example.com" }, "login"],
    [{ login: "has space", name: "N", email: "n@example.com" }, "login"],
    [{ login: "n", name: "", email: "n@example.com" }, "name"],
    [{ login: "n", name: "N", email: "nope" }, "email"],
    [{ login: "n", name: "N", email: "n@example.com", password: "1234567" }, "password"],
  ])("refuses %j naming %s", async (input, field) => {
    const error = await addAgent(getDb(), input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field });
  });
});
