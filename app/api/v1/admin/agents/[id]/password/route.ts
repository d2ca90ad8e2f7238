import { z } from "zod";
import { getDb } from "@/db/client";
import { resetAgentPassword, resetAgentPasswordInput } from "@/server/agents/reset-agent-password";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { idParam, parseParam } from "@/server/api/schemas";

export const dynamic = "force-dynamic";

const body = z.object({ password: resetAgentPasswordInput.shape.password }).strict();

/** `{password?}`: sets the agent's password, or generates one (`generatedPassword`, shown once); ends their sessions. */
export const POST = adminRoute<{ id: string }>(async ({ request, actor, params }) => {
  const id = parseParam("id", idParam, params.id);
  const { generatedPassword } = await resetAgentPassword(getDb(), actor, { ...(await readJson(request, body)), id });
  return Response.json({ generatedPassword });
});
