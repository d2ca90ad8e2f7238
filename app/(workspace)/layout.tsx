import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/AppHeader";
import { OwnedTicketToasts } from "@/components/OwnedTicketToasts";
import { RealtimeProvider } from "@/components/realtime/RealtimeProvider";
import { ToastProvider } from "@/components/ToastProvider";
import { getDb } from "@/db/client";
import { requireAgent } from "@/server/auth/require-agent";
import { listNotifications } from "@/server/notifications/list-notifications";
import { latestHistoryId } from "@/server/realtime/history-events";
import { realtimeUrl } from "@/server/realtime/public-url";

export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const agent = await requireAgent();
  const db = getDb();
  // The event id first: whatever is read after it is at least as new, and events after it are replayed.
  const lastEventId = await latestHistoryId(db);
  const notifications = await listNotifications(db, agent.id);
  const requestHeaders = await headers();
  const protocol = requestHeaders.get("x-forwarded-proto") === "https" ? "https:" : "http:";
  return (
    <RealtimeProvider url={realtimeUrl(requestHeaders.get("host"), protocol)} lastEventId={lastEventId}>
      <ToastProvider>
        <div className="flex min-h-screen flex-col">
          <AppHeader agent={agent} notifications={notifications} renderedAt={lastEventId} />
          <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
        </div>
        <OwnedTicketToasts agentId={agent.id} renderedAt={lastEventId} />
      </ToastProvider>
    </RealtimeProvider>
  );
}
