"use server";

import { getDb } from "@/db/client";
import { requireAgent } from "@/server/auth/require-agent";
import { endSession } from "@/server/auth/end-session";
import { auth, signOut } from "@/server/auth/nextauth";
import { markNotificationsRead as markRead } from "@/server/notifications/list-notifications";

export async function signOutAgent(): Promise<void> {
  const session = await auth();
  if (session?.agent && session.sessionId) {
    await endSession(getDb(), { agentId: session.agent.id, sessionId: session.sessionId, expiresAt: new Date(session.expires) });
  }
  await signOut({ redirectTo: "/login" });
}

/** The agent has seen their notifications up to `upToId` (all, when omitted). */
export async function markNotificationsRead(upToId?: number): Promise<void> {
  const agent = await requireAgent();
  await markRead(getDb(), agent.id, upToId);
}
