"use server";

import { getDb } from "@/db/client";
import { changeOwnPassword } from "@/server/agents/change-own-password";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { issueApiToken } from "@/server/auth/issue-api-token";
import { keepSession } from "@/server/auth/keep-session";
import { requireAgent } from "@/server/auth/require-agent";
import { InvalidInputError } from "@/server/errors";
import { revokeApiToken } from "@/server/auth/revoke-api-token";
import type { NotificationChoice } from "@/server/preferences/notification-events";
import { setMyQueues } from "@/server/preferences/set-my-queues";
import { setNotificationChoices } from "@/server/preferences/set-notification-choices";
import { setTimeZone } from "@/server/preferences/set-time-zone";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * Changing the password ends every session and socket of the agent (session_version); this
 * browser's session is carried over to the new version, so the agent stays signed in here.
 */
export async function changePasswordAction(form: FormData): Promise<ActionResult<null>> {
  return actionResult(async () => {
    const agent = await requireAgent();
    if (text(form, "newPassword") !== text(form, "confirmPassword")) throw new InvalidInputError("confirmPassword", "does not match the new password");
    const { sessionVersion } = await changeOwnPassword(getDb(), { agentId: agent.id, currentPassword: text(form, "currentPassword"), newPassword: text(form, "newPassword") });
    await keepSession(agent.id, sessionVersion);
    return null;
  });
}

export async function setTimeZoneAction(form: FormData): Promise<ActionResult<{ timezone: string | null }>> {
  return actionResult(async () => setTimeZone(getDb(), { agentId: (await requireAgent()).id, timezone: text(form, "timezone") }));
}

export async function setMyQueuesAction(queueIds: number[]): Promise<ActionResult<{ queueIds: number[] }>> {
  return actionResult(async () => setMyQueues(getDb(), await requireAgent(), { queueIds }));
}

export async function setNotificationChoicesAction(choices: NotificationChoice[]): Promise<ActionResult<NotificationChoice[]>> {
  return actionResult(async () => setNotificationChoices(getDb(), { agentId: (await requireAgent()).id, choices }));
}

/** The token is in the answer, once; only its hash is stored. */
export async function createTokenAction(form: FormData): Promise<ActionResult<{ id: number; name: string; token: string }>> {
  return actionResult(async () => issueApiToken(getDb(), await requireAgent(), { name: text(form, "name") }));
}

/** Revoking raises the agent's session_version (its sockets are cut at once); this browser's session is carried over. */
export async function revokeTokenAction(tokenId: number): Promise<ActionResult<null>> {
  return actionResult(async () => {
    const agent = await requireAgent();
    const revoked = await revokeApiToken(getDb(), agent, { id: tokenId });
    if (revoked.agentId === agent.id) await keepSession(agent.id, revoked.sessionVersion);
    return null;
  });
}
