import { unstable_update } from "./nextauth";
import { sessionReissue } from "./session-reissue";

/**
 * After a change that raised the agent's session_version, keeps the browser session that made
 * it signed in (a fresh cookie at the new version); every other session and socket has ended.
 * Server actions only: it sets a cookie.
 */
export async function keepSession(agentId: number, sessionVersion: number): Promise<void> {
  await unstable_update({ reissue: sessionReissue(agentId, sessionVersion) } as Parameters<typeof unstable_update>[0]);
}
