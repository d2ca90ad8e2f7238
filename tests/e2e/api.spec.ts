import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { runCliOnE2eDatabase } from "./support/e2e-env";

test("an API token made with the CLI reads exactly the queues its agent may read", async ({ request }) => {
  const suffix = randomBytes(3).toString("hex");
  const group = `api-group-${suffix}`;
  const login = `api-agent-${suffix}`;
  const queue = `API Queue ${suffix}`;
  const address = `api-${suffix}@example.com`;

  await runCliOnE2eDatabase(["group:add", "--name", group]);
  await runCliOnE2eDatabase(["agent:add", "--login", login, "--name", "Api Agent", "--email", `${login}@example.com`, "--password", `pw-${suffix}-${suffix}`]);
  await runCliOnE2eDatabase(["agent:grant", "--login", login, "--group", group, "--perm", "rw"]);
  await runCliOnE2eDatabase(["queue:add", "--name", queue, "--group", group, "--address", address]);
  const token = (await runCliOnE2eDatabase(["token:create", "--login", login])).trim();
  expect(token).toMatch(/^\S+$/);

  const response = await request.get("/api/v1/queues", { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  const queues: unknown = await response.json();
  expect(queues).toEqual([{ id: expect.any(Number), name: queue, address, counts: { new: 0, open: 0, pending: 0, locked: 0 } }]);
});

test("the API refuses a bad token and a request without credentials", async ({ request }) => {
  const bad = await request.get("/api/v1/queues", { headers: { Authorization: "Bearer not-a-real-token" } });
  expect(bad.status()).toBe(401);
  expect(await bad.json()).toMatchObject({ error: { code: "unauthenticated" } });

  const anonymous = await request.get("/api/v1/queues");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
});
