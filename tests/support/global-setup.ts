import path from "node:path";
import type { TestProject } from "vitest/node";
import { connect } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { resolveDatabase } from "../../db/resolve-database";
import { seedDatabase } from "../../db/seed";
import { TEST_ADMIN_PASSWORD } from "./constants";
import { createDatabase, dropDatabasesWithPrefix, uniqueDatabaseName } from "./databases";

export interface TestDatabases {
  /** Any database on the test server, to create and drop others from. */
  serverUrl: string;
  /** Migrated and seeded; each test file gets its own copy. */
  template: string;
  prefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabases: TestDatabases;
  }
}

/**
 * Once per run: a template database, migrated and seeded, on DATABASE_URL's server or the
 * embedded one. Every database of the run shares a prefix and is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const server = await resolveDatabase(process.env.DATABASE_URL, path.resolve(".data"));
  const prefix = `${uniqueDatabaseName("hd_test_")}_`;
  const template = `${prefix}template`;
  const templateUrl = await createDatabase(server.url, template);
  await migrateDatabase(templateUrl);
  const db = connect(templateUrl, { max: 1 });
  await seedDatabase(db, { adminPassword: TEST_ADMIN_PASSWORD, rawAddress: "helpdesk@localhost" });
  await db.$client.end();
  project.provide("testDatabases", { serverUrl: server.url, template, prefix });

  return async () => {
    await dropDatabasesWithPrefix(server.url, prefix);
    await server.embedded?.stop();
  };
}
