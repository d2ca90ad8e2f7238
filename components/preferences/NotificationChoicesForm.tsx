"use client";

import { useState } from "react";
import { setNotificationChoicesAction } from "@/app/(workspace)/preferences/actions";
import { FormMessage } from "@/components/admin/FormMessage";
import { buttonClass, sectionClass, tableClass } from "@/components/admin/form-styles";
import { useActionRunner } from "@/components/admin/useActionRunner";
import type { NotificationChoice } from "@/server/preferences/notification-events";

/** Per event: a notification in the bell (in-app), a mail, both or neither. */
export function NotificationChoicesForm({ choices }: { choices: (NotificationChoice & { label: string })[] }) {
  const runner = useActionRunner<NotificationChoice[]>();
  const [current, setCurrent] = useState(choices);
  const toggle = (event: string, channel: "inApp" | "email", value: boolean) => setCurrent(current.map((choice) => (choice.event === event ? { ...choice, [channel]: value } : choice)));
  return (
    <form
      aria-label="Notifications"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        runner.run(() => setNotificationChoicesAction(current.map(({ event: name, inApp, email }) => ({ event: name, inApp, email }))));
      }}
    >
      <h2 className="font-semibold">Notifications</h2>
      <table className={tableClass}>
        <thead>
          <tr>
            <th>Event</th>
            <th className="text-center">In-app</th>
            <th className="text-center">Email</th>
          </tr>
        </thead>
        <tbody>
          {current.map((choice) => (
            <tr key={choice.event} data-testid={`notify-${choice.event}`}>
              <td>{choice.label}</td>
              <td className="text-center">
                <input type="checkbox" aria-label={`${choice.label}: in-app`} checked={choice.inApp} onChange={(event) => toggle(choice.event, "inApp", event.target.checked)} />
              </td>
              <td className="text-center">
                <input type="checkbox" aria-label={`${choice.label}: email`} checked={choice.email} onChange={(event) => toggle(choice.event, "email", event.target.checked)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : "Save notifications"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="notifications" />
    </form>
  );
}
