"use client";

import { useState } from "react";

interface Props {
  selected: number;
  pending: boolean;
  /** Why locking is not offered at all (no rw on the queue), or null. */
  lockRefusal: string | null;
  moveRefusal: string | null;
  moveTargets: { id: number; name: string }[];
  onLock: () => void;
  onMove: (queueId: number) => void;
  onClear: () => void;
}

const BUTTON = "rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-600 dark:hover:bg-zinc-800";

/** What can be done with the checked tickets at once: lock them, or move them to another queue. */
export function QueueBulkBar({ selected, pending, lockRefusal, moveRefusal, moveTargets, onLock, onMove, onClear }: Props) {
  const [target, setTarget] = useState("");
  const none = selected === 0;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="bulk-bar">
      <span className="tabular-nums text-zinc-600 dark:text-zinc-400" data-testid="selected-count">
        {selected} selected
      </span>
      <button type="button" className={BUTTON} disabled={none || pending || lockRefusal !== null} title={lockRefusal ?? "Lock the selected tickets to you"} onClick={onLock} data-testid="bulk-lock">
        Lock
      </button>
      <select
        aria-label="Move to queue"
        value={target}
        onChange={(event) => setTarget(event.target.value)}
        disabled={moveRefusal !== null || moveTargets.length === 0}
        title={moveRefusal ?? (moveTargets.length === 0 ? "no other queue to move into" : undefined)}
        className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-600 dark:bg-zinc-900"
        data-testid="bulk-move-target"
      >
        <option value="">Move to queue…</option>
        {moveTargets.map((queue) => (
          <option key={queue.id} value={queue.id}>
            {queue.name}
          </option>
        ))}
      </select>
      <button type="button" className={BUTTON} disabled={none || pending || target === "" || moveRefusal !== null} onClick={() => onMove(Number(target))} data-testid="bulk-move">
        Move
      </button>
      {!none && (
        <button type="button" className="text-zinc-500 hover:underline" onClick={onClear}>
          Clear selection
        </button>
      )}
    </div>
  );
}
