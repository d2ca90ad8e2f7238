import { notFound } from "next/navigation";
import type { Actor } from "./actor";
import { requireAgent } from "./require-agent";

/** The signed-in administrator of an admin page; to anyone else the page does not exist. */
export async function requireAdmin(): Promise<Actor> {
  const agent = await requireAgent();
  if (!agent.isAdmin) notFound();
  return agent;
}
