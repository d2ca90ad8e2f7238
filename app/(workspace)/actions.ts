"use server";

import { signOut } from "@/server/auth/nextauth";

export async function signOutAgent(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
