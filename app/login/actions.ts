"use server";

import { AuthError } from "next-auth";
import { signIn, SignInThrottledError } from "@/server/auth/nextauth";

export interface LoginState {
  error?: string;
}

/** Keeps only the path of the callback, so that it cannot send the agent to another site. */
function safeRedirectTarget(value: FormDataEntryValue | null): string {
  if (typeof value !== "string" || value === "") return "/";
  try {
    const url = new URL(value, "http://helpdesk.invalid");
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("/login") ? "/" : path;
  } catch {
    return "/";
  }
}

function throttledMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many failed sign-ins. Sign-in is paused for this account or address; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export async function signInWithPassword(_previous: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("credentials", {
      login: form.get("login"),
      password: form.get("password"),
      redirectTo: safeRedirectTarget(form.get("callbackUrl")),
    });
  } catch (error) {
    // signIn redirects by throwing; only an authentication failure is ours to answer.
    if (error instanceof SignInThrottledError) return { error: throttledMessage(error.retryAfterSeconds) };
    if (error instanceof AuthError) return { error: "Wrong login or password." };
    throw error;
  }
  return {};
}
