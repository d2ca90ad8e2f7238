"use client";

import { useState } from "react";
import { setMyQueuesAction } from "@/app/(workspace)/preferences/actions";
import { FormMessage } from "@/components/admin/FormMessage";
import { buttonClass, sectionClass } from "@/components/admin/form-styles";
import { useActionRunner } from "@/components/admin/useActionRunner";

/** OTRS's "My Queues": new tickets (and follow-ups to unlocked tickets) in these queues notify me. */
export function MyQueuesForm({ queues }: { queues: { id: number; name: string; mine: boolean }[] }) {
  const runner = useActionRunner<{ queueIds: number[] }>();
  const [chosen, setChosen] = useState(() => new Set(queues.filter((queue) => queue.mine).map((queue) => queue.id)));
  return (
    <form
      aria-label="My Queues"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        runner.run(() => setMyQueuesAction([...chosen]));
      }}
    >
      <h2 className="font-semibold">My Queues</h2>
      <p className="text-xs text-zinc-500">
        New tickets in these queues notify you. With none chosen, you are notified of new tickets in every queue you may answer (rw).
      </p>
      {queues.length === 0 ? (
        <p className="text-sm text-zinc-500">You may not read any queue yet.</p>
      ) : (
        <div className="grid gap-1 text-sm sm:grid-cols-3">
          {queues.map((queue) => (
            <label key={queue.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={chosen.has(queue.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(queue.id);
                  else next.delete(queue.id);
                  setChosen(next);
                }}
              />
              {queue.name}
            </label>
          ))}
        </div>
      )}
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : "Save My Queues"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="my-queues" />
    </form>
  );
}
