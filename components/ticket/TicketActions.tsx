"use client";

import { useState, useTransition } from "react";
import { mergeAction, takeOverAction, unlockAction, updateAction } from "@/app/(workspace)/tickets/[number]/actions";
import type { ActionResult } from "@/server/api/action-result";
import type { TicketAction } from "@/server/auth/permissions";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { useHydrated } from "../useHydrated";

export interface ActionsProps {
  ticket: ApiTicket;
  agentId: number;
  /** Why an action is refused right now, or null when it is allowed (the server decides again). */
  refusal(action: TicketAction, force?: boolean): string | null;
  moveTargets: { id: number; name: string }[];
  owners: { login: string; name: string }[];
  states: { name: string; type: string }[];
  onChanged(ticket: ApiTicket): void;
}

const PRIORITIES = ["1 very low", "2 low", "3 normal", "4 high", "5 very high"];
const control = "w-full rounded border border-zinc-300 bg-transparent px-1.5 py-1 text-sm disabled:opacity-50 dark:border-zinc-600";

/** The ticket's other controls: each disabled, with the reason, when the table or another agent's lock says no. */
export function TicketActions({ ticket, agentId, refusal, moveTargets, owners, states, onChanged }: ActionsProps) {
  const [error, setError] = useState<string | null>(null);
  const [transitionPending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const pending = transitionPending || !hydrated;
  const [pendingState, setPendingState] = useState<string | null>(null);
  const [mergeInto, setMergeInto] = useState("");

  const run = (work: () => Promise<ActionResult<ApiTicket>>) =>
    startTransition(async () => {
      const result = await work();
      if (result.ok) {
        setError(null);
        onChanged(result.value);
      } else setError(result.error.message);
    });

  const field = (label: string, action: TicketAction, children: (disabled: boolean) => React.ReactNode, force?: boolean) => {
    const reason = refusal(action, force);
    return (
      <label className="block space-y-1 text-xs text-zinc-500" title={reason ?? undefined}>
        <span>{label}</span>
        {children(reason !== null || pending)}
        {reason && <span className="block text-[11px] text-zinc-400" data-testid={`reason-${action}`}>{reason}</span>}
      </label>
    );
  };

  const lockedByOther = ticket.lock === "locked" && ticket.owner?.id !== agentId;
  return (
    <section aria-label="Ticket actions" className="space-y-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      {ticket.lock === "locked" && ticket.owner?.id === agentId && (
        <button type="button" onClick={() => run(() => unlockAction(ticket.number))} disabled={pending} className="w-full rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800" data-testid="unlock">
          Unlock
        </button>
      )}
      {lockedByOther && refusal("owner") === null && (
        <div className="flex gap-2">
          <button type="button" onClick={() => run(() => takeOverAction(ticket.number))} disabled={pending} className="flex-1 rounded border border-amber-400 px-2 py-1 text-sm hover:bg-amber-50 dark:hover:bg-amber-950" data-testid="take-over">
            Take over
          </button>
          <button type="button" onClick={() => run(() => unlockAction(ticket.number, true))} disabled={pending} className="flex-1 rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800" data-testid="force-unlock">
            Force unlock
          </button>
        </div>
      )}
      {field("State", "state", (disabled) => (
        <select aria-label="State" className={control} disabled={disabled} value={pendingState ?? ticket.state} onChange={(event) => {
          const chosen = states.find((state) => state.name === event.target.value);
          if (chosen?.type.startsWith("pending")) setPendingState(chosen.name);
          else {
            setPendingState(null);
            run(() => updateAction(ticket.number, { state: event.target.value, version: ticket.version }));
          }
        }}>
          {states.filter((state) => state.type !== "new" || state.name === ticket.state).map((state) => (
            <option key={state.name} value={state.name}>{state.name}</option>
          ))}
        </select>
      ))}
      {pendingState && (
        <form className="flex gap-1" onSubmit={(event) => {
          event.preventDefault();
          const until = new FormData(event.currentTarget).get("until");
          run(() => updateAction(ticket.number, { state: pendingState, pendingUntil: typeof until === "string" ? new Date(until) : null, version: ticket.version }));
          setPendingState(null);
        }}>
          <input name="until" type="datetime-local" required aria-label="Pending until" className={control} />
          <button type="submit" className="rounded bg-sky-700 px-2 text-sm text-white">Set</button>
        </form>
      )}
      {ticket.pendingUntil && <p className="text-xs text-zinc-500">Pending until {new Date(ticket.pendingUntil).toLocaleString()}</p>}
      {field("Priority", "priority", (disabled) => (
        <select aria-label="Priority" className={control} disabled={disabled} value={ticket.priority} onChange={(event) => run(() => updateAction(ticket.number, { priority: Number(event.target.value), version: ticket.version }))}>
          {PRIORITIES.map((label, index) => (
            <option key={label} value={index + 1}>{label}</option>
          ))}
        </select>
      ))}
      {field("Queue", "move", (disabled) => (
        <select aria-label="Queue" className={control} disabled={disabled || moveTargets.length === 0} value={ticket.queue.id} onChange={(event) => run(() => updateAction(ticket.number, { queue: Number(event.target.value), keepLock: ticket.owner?.id === agentId, version: ticket.version }))}>
          {!moveTargets.some((queue) => queue.id === ticket.queue.id) && <option value={ticket.queue.id}>{ticket.queue.name}</option>}
          {moveTargets.map((queue) => (
            <option key={queue.id} value={queue.id}>{queue.name}</option>
          ))}
        </select>
      ))}
      {field("Owner", "owner", (disabled) => (
        <select aria-label="Owner" className={control} disabled={disabled} value={ticket.owner?.login ?? ""} onChange={(event) => run(() => updateAction(ticket.number, { owner: event.target.value || null }))}>
          <option value="">— nobody —</option>
          {owners.map((owner) => (
            <option key={owner.login} value={owner.login}>{owner.name}</option>
          ))}
        </select>
      ))}
      {field("Merge into ticket", "merge", (disabled) => (
        <form className="flex gap-1" onSubmit={(event) => {
          event.preventDefault();
          run(() => mergeAction(ticket.number, mergeInto));
        }}>
          <input aria-label="Merge into ticket number" value={mergeInto} onChange={(event) => setMergeInto(event.target.value)} disabled={disabled} placeholder="Ticket number" className={control} />
          <button type="submit" disabled={disabled || mergeInto.trim() === ""} className="rounded border border-zinc-300 px-2 text-sm disabled:opacity-50 dark:border-zinc-600">Merge</button>
        </form>
      ))}
      {error && <p role="alert" data-testid="action-error" className="text-sm text-red-700 dark:text-red-300">{error}</p>}
    </section>
  );
}
