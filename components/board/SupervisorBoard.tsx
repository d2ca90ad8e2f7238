"use client";

import { useEffect, useRef, useState } from "react";
import { loadBoardAction } from "@/app/(workspace)/board/actions";
import type { QueueBoard } from "@/server/queues/queue-board";
import type { OnlineAgent } from "@/server/realtime/event-types";
import { useLiveEvent, useRealtime } from "../realtime/RealtimeProvider";
import { useDebounced } from "../useDebounced";
import { useNow } from "../useNow";
import { OnlineAgents } from "./OnlineAgents";
import { QueueTile } from "./QueueTile";

interface Props {
  initial: QueueBoard;
  agentId: number;
  renderedAt: number;
}

/**
 * The supervisor board, live: every change to a ticket in these queues asks for the board
 * again (once per 300 ms burst), and the sidecar says who is online as agents come and go.
 */
export function SupervisorBoard({ initial, agentId, renderedAt }: Props) {
  const realtime = useRealtime();
  const now = useNow(initial.readAt);
  const [board, setBoard] = useState(initial);
  const [online, setOnline] = useState<OnlineAgent[] | null>(null);
  const asked = useRef(0);

  const refresh = useDebounced(() => {
    const request = ++asked.current;
    void loadBoardAction().then((result) => {
      if (result.ok && request === asked.current) setBoard(result.value);
    });
  }, 300);
  useLiveEvent("ticket:created", refresh, renderedAt);
  useLiveEvent("ticket:updated", refresh, renderedAt);
  useLiveEvent("article:created", refresh, renderedAt);
  useLiveEvent("agents:online", (event) => setOnline(event.agents));

  const { watchBoard, unwatchBoard } = realtime;
  useEffect(() => {
    void watchBoard().catch(() => undefined);
    return () => void unwatchBoard().catch(() => undefined);
  }, [watchBoard, unwatchBoard]);

  const onlineIn = (queueId: number) => (online === null ? null : online.filter((agent) => agent.queues.includes(queueId)));
  return (
    <div className="space-y-4">
      <header className="flex items-baseline gap-4">
        <h1 className="text-lg font-semibold">Board</h1>
        <span className="text-xs text-zinc-500">
          {board.queues.length} queues · {board.locks.length} locked · {online === null ? "…" : online.length} online
        </span>
      </header>
      {board.queues.length === 0 ? (
        <p className="text-sm text-zinc-500">You may not read any queue.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
          <div className="grid content-start gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="board-tiles">
            {board.queues.map((queue) => (
              <QueueTile key={queue.id} queue={queue} locks={board.locks.filter((ticket) => ticket.queueId === queue.id)} online={onlineIn(queue.id)} now={now} />
            ))}
          </div>
          <aside>
            <OnlineAgents agents={online} locks={board.locks} agentId={agentId} />
          </aside>
        </div>
      )}
    </div>
  );
}
