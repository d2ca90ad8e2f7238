import { redirect } from "next/navigation";
import type { Actor } from "./actor";
import { auth } from "./nextauth";

/** The signed-in agent of a page; sends everyone else to the login page. */
export async function requireAgent(): Promise<Actor> {
  const session = await auth();
  if (!session?.agent) redirect("/login");
  return session.agent;
}
