import { afterEach, describe, expect, it } from "vitest";
import { GET } from "../../../app/api/health/route";
import { closeDb } from "../../../db/client";

const databaseUrl = process.env.DATABASE_URL;

afterEach(async () => {
  await closeDb();
  process.env.DATABASE_URL = databaseUrl;
});

describe("GET /api/health", () => {
  it("answers 200 while the database answers", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up" });
  });

  it("answers 503 when the database does not", async () => {
    await closeDb();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/unreachable";
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unavailable", database: "down" });
  });
});
