import type { ReactNode } from "react";
import { AppHeader } from "@/components/AppHeader";
import { requireAgent } from "@/server/auth/require-agent";

export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const agent = await requireAgent();
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader agent={agent} />
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
