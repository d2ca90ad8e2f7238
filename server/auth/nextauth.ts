import { randomUUID } from "node:crypto";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../../db/client";
import type { Actor } from "./actor";
import { clientAddress } from "./client-address";
import { verifiedReissue } from "./session-reissue";
import { findSessionAgent } from "./session-agent";
import { attemptSignIn } from "./sign-in-throttle";

declare module "next-auth" {
  interface Session {
    agent: Actor;
    user: DefaultSession["user"];
    /** This session's id, which signing out ends (server/auth/end-session.ts). */
    sessionId?: string;
  }
  interface User {
    login: string;
    isAdmin: boolean;
    sessionVersion: number;
  }
}

/** Too many failed sign-ins for the login or the address: `code` is "throttled", `retryAfterSeconds` says how long. */
export class SignInThrottledError extends CredentialsSignin {
  override code = "throttled";
  constructor(readonly retryAfterSeconds: number) {
    super(`sign-in throttled for ${retryAfterSeconds} s`);
  }
}

const credentialsInput = z.object({ login: z.string().min(1).max(200), password: z.string().min(1).max(1024) });

/** OTRS's default SessionMaxTime: an agent signs in once per working day. */
const SESSION_MAX_AGE_SECONDS = 16 * 60 * 60;

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is an answer, not a server error: keep it out of the error log.
    error(error) {
      const type = "type" in error ? error.type : error.name; // class names are minified in the build
      if (type === "CredentialsSignin" || error instanceof SignInThrottledError) return;
      console.error(`[auth] ${type}: ${error.message}`, error.cause ?? "");
    },
  },
  providers: [
    Credentials({
      credentials: { login: {}, password: {} },
      // Throttled per login and per client address (server/auth/sign-in-throttle.ts), whether
      // the login page's server action or a direct POST to /api/auth/callback/credentials calls.
      async authorize(raw, request) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) return null;
        const result = await attemptSignIn(getDb(), { ...parsed.data, address: clientAddress(request.headers) });
        if (result.outcome === "throttled") throw new SignInThrottledError(result.retryAfterSeconds);
        if (result.outcome === "failed") return null;
        const { agent } = result;
        return { id: String(agent.id), name: agent.name, email: agent.email, login: agent.login, isAdmin: agent.isAdmin, sessionVersion: agent.sessionVersion };
      },
    }),
  ],
  callbacks: {
    // Runs on every request that reads the session: a disabled agent, or one whose
    // session_version was raised, loses the session at once (null clears the cookie).
    // An update carrying a server-made proof moves the session to a newer version (keepSession).
    async jwt({ token, user, trigger, session: update }) {
      if (user) return { ...token, sub: user.id, sv: user.sessionVersion, sid: randomUUID(), login: user.login, admin: user.isAdmin };
      const id = Number(token.sub);
      const reissued = trigger === "update" && Number.isInteger(id) ? verifiedReissue(id, update) : null;
      const sessionVersion = reissued ?? token.sv;
      if (!Number.isInteger(id) || typeof sessionVersion !== "number") return null;
      const agent = await findSessionAgent(getDb(), id, sessionVersion, typeof token.sid === "string" ? token.sid : undefined);
      if (!agent) return null;
      return { ...token, sv: sessionVersion, name: agent.name, email: agent.email, login: agent.login, admin: agent.isAdmin };
    },
    session({ session, token }) {
      session.agent = {
        id: Number(token.sub),
        login: String(token.login ?? ""),
        name: String(token.name ?? ""),
        isAdmin: token.admin === true,
      };
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
    authorized({ auth: session }) {
      return Boolean(session?.agent);
    },
  },
});
