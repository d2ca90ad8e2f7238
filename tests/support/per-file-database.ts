import { afterAll, inject } from "vitest";
import { closeDb } from "../../db/client";
import { closeApiTokenCache } from "../../server/auth/api-token-cache";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./databases";

// Each test file works in its own copy of the seeded template, so files can run in parallel
// and alone, and never see each other's rows.
const { serverUrl, template, prefix } = inject("testDatabases");
const name = uniqueDatabaseName(prefix);
process.env.DATABASE_URL = await createDatabase(serverUrl, name, template);

afterAll(async () => {
  await closeApiTokenCache();
  await closeDb();
  await dropDatabase(serverUrl, name);
});
