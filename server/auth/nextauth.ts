import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../../db/client";
import type { Actor } from "./actor";
import { findSessionAgent, verifyCredentials } from "./session-agent";

declare module "next-auth" {
  interface Session {
    agent: Actor;
    user: DefaultSession["user"];
  }
  interface User {
    login: string;
    isAdmin: boolean;
    sessionVersion: number;
  }
}

const credentialsInput = z.object({ login: z.string().min(1).max(200), password: z.string().min(1).max(1024) });

/** OTRS's default SessionMaxTime: an agent signs in once per working day. */
const SESSION_MAX_AGE_SECONDS = 16 * 60 * 60;

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is an answer, not a server error: keep it out of the error log.
    error(error) {
      const type = "type" in error ? error.type : error.name; // class names are minified in the build
      if (type === "CredentialsSignin") return;
      console.error(`[auth] ${type}: ${error.message}`, error.cause ?? "");
    },
  },
  providers: [
    Credentials({
      credentials: { login: {}, password: {} },
      async authorize(raw) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) return null;
        const agent = await verifyCredentials(getDb(), parsed.data.login, parsed.data.password);
        if (!agent) return null;
        return { id: String(agent.id), name: agent.name, email: agent.email, login: agent.login, isAdmin: agent.isAdmin, sessionVersion: agent.sessionVersion };
      },
    }),
  ],
  callbacks: {
    // Runs on every request that reads the session: a disabled agent, or one whose
    // session_version was raised, loses the session at once (null clears the cookie).
    async jwt({ token, user }) {
      if (user) return { ...token, sub: user.id, sv: user.sessionVersion, login: user.login, admin: user.isAdmin };
      const id = Number(token.sub);
      const sessionVersion = token.sv;
      if (!Number.isInteger(id) || typeof sessionVersion !== "number") return null;
      const agent = await findSessionAgent(getDb(), id, sessionVersion);
      if (!agent) return null;
      return { ...token, name: agent.name, email: agent.email, login: agent.login, admin: agent.isAdmin };
    },
    session({ session, token }) {
      session.agent = {
        id: Number(token.sub),
        login: String(token.login ?? ""),
        name: String(token.name ?? ""),
        isAdmin: token.admin === true,
      };
      return session;
    },
    authorized({ auth: session }) {
      return Boolean(session?.agent);
    },
  },
});
