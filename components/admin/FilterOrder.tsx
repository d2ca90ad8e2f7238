"use client";

import Link from "next/link";
import { useState } from "react";
import type { ActionResult } from "@/server/api/action-result";
import type { AdminFilter } from "@/server/mail/filters/filter-settings";
import { FormMessage } from "./FormMessage";
import { secondaryButtonClass, tableClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

function describe(filter: AdminFilter): string {
  const actions = [
    filter.actions.queue && `queue ${filter.actions.queue}`,
    filter.actions.priority && `priority ${filter.actions.priority}`,
    filter.actions.ignore && "ignore",
    filter.actions.noAutoResponse && "no auto response",
    filter.stop && "stop",
  ].filter(Boolean);
  return actions.join(", ");
}

/** The filters in the order they run; moving one saves the whole order at once. */
export function FilterOrder({ filters, reorder }: { filters: AdminFilter[]; reorder(ids: number[]): Promise<ActionResult<AdminFilter[]>> }) {
  const [shown, setShown] = useState(filters);
  const runner = useActionRunner<AdminFilter[]>();
  const move = (index: number, by: -1 | 1) => {
    const next = [...shown];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    setShown(next);
    runner.run(() => reorder(next.map((filter) => filter.id)), { onSuccess: setShown });
  };
  return (
    <div className="space-y-2">
      <table className={tableClass} aria-label="Postmaster filters">
        <thead>
          <tr>
            <th>#</th>
            <th>Name</th>
            <th>Rules</th>
            <th>Then</th>
            <th>Status</th>
            <th>Order</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((filter, index) => (
            <tr key={filter.id} data-testid="filter-row" className={filter.valid ? undefined : "text-zinc-400"}>
              <td className="tabular-nums">{index + 1}</td>
              <td>
                <Link href={`/admin/filters/${filter.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {filter.name}
                </Link>
              </td>
              <td className="font-mono text-xs">{filter.matches.map((match) => `${match.header} ${match.negate ? "!~" : "~"} /${match.pattern}/`).join(" and ")}</td>
              <td className="text-xs">{describe(filter)}</td>
              <td>{filter.valid ? "valid" : "invalid"}</td>
              <td className="whitespace-nowrap">
                <button type="button" aria-label={`Move ${filter.name} up`} className={secondaryButtonClass} disabled={index === 0 || runner.busy} onClick={() => move(index, -1)}>
                  ↑
                </button>{" "}
                <button type="button" aria-label={`Move ${filter.name} down`} className={secondaryButtonClass} disabled={index === shown.length - 1 || runner.busy} onClick={() => move(index, 1)}>
                  ↓
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormMessage error={runner.error} testId="filter-order" />
    </div>
  );
}
