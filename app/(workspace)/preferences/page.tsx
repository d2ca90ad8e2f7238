import type { Metadata } from "next";
import { ApiTokensPanel } from "@/components/preferences/ApiTokensPanel";
import { MyQueuesForm } from "@/components/preferences/MyQueuesForm";
import { NotificationChoicesForm } from "@/components/preferences/NotificationChoicesForm";
import { PasswordChangeForm } from "@/components/preferences/PasswordChangeForm";
import { TimeZoneForm } from "@/components/preferences/TimeZoneForm";
import { getDb } from "@/db/client";
import { listApiTokens } from "@/server/auth/list-api-tokens";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/password";
import { requireAgent } from "@/server/auth/require-agent";
import { getPreferences } from "@/server/preferences/get-preferences";

export const metadata: Metadata = { title: "Preferences" };
export const dynamic = "force-dynamic";

export default async function PreferencesPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const agent = await requireAgent();
  const db = getDb();
  const [preferences, tokens, { changed }] = await Promise.all([getPreferences(db, agent), listApiTokens(db, agent.id), searchParams]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-xl font-semibold">Preferences</h1>
      {changed === "password" && (
        <p role="status" data-testid="password-changed" className="rounded bg-emerald-50 px-2 py-1 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          Your password was changed. Your other sessions were signed out.
        </p>
      )}
      <PasswordChangeForm minPasswordLength={MIN_PASSWORD_LENGTH} />
      <TimeZoneForm timezone={preferences.timezone} defaultTimeZone={preferences.defaultTimeZone} zones={Intl.supportedValuesOf("timeZone")} />
      <MyQueuesForm queues={preferences.queues} />
      <NotificationChoicesForm choices={preferences.notifications} />
      <ApiTokensPanel tokens={tokens} timeZone={preferences.displayTimeZone} />
    </div>
  );
}
