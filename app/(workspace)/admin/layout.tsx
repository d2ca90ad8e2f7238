import Link from "next/link";
import type { ReactNode } from "react";
import { requireAdmin } from "@/server/auth/require-admin";

const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/agents", label: "Agents" },
  { href: "/admin/groups", label: "Groups" },
  { href: "/admin/queues", label: "Queues" },
  { href: "/admin/templates", label: "Templates" },
  { href: "/admin/auto-responses", label: "Auto responses" },
  { href: "/admin/mail-accounts", label: "Mail accounts" },
  { href: "/admin/filters", label: "Postmaster filters" },
  { href: "/admin/inbound", label: "Failed mail" },
  { href: "/admin/customers", label: "Customers" },
  { href: "/admin/system", label: "System" },
  { href: "/admin/audit", label: "Audit log" },
];

/** The admin area: administrators only, checked on the server for every page below. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Administration" className="space-y-1 text-sm">
        {SECTIONS.map((section) => (
          <Link key={section.href} href={section.href} className="block rounded px-2 py-1 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
            {section.label}
          </Link>
        ))}
      </nav>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
