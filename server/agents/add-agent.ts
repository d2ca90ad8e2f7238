import { z } from "zod";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { agents } from "../../db/schema";
import { AlreadyExistsError } from "../errors";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password";
import { parseInput } from "../validation";

export const addAgentInput = z.object({
  login: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, "letters, digits and . _ @ -, at most 64"),
  name: z.string().trim().min(1, "required").max(200),
  email: z.email(),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024).optional(),
  isAdmin: z.boolean().default(false),
});
export type AddAgentInput = z.input<typeof addAgentInput>;

export interface AddedAgent {
  id: number;
  login: string;
  /** Set when no password was given: generated, to be shown once. */
  generatedPassword: string | null;
}

export async function addAgent(db: Db, rawInput: AddAgentInput): Promise<AddedAgent> {
  const input = parseInput(addAgentInput, rawInput);
  const generatedPassword = input.password ? null : generatePassword();
  try {
    const [agent] = await db
      .insert(agents)
      .values({
        login: input.login,
        name: input.name,
        email: input.email,
        isAdmin: input.isAdmin,
        passwordHash: await hashPassword(input.password ?? generatedPassword!),
      })
      .returning({ id: agents.id, login: agents.login });
    return { ...agent!, generatedPassword };
  } catch (error) {
    if (isUniqueViolation(error, "agents_login_key")) throw new AlreadyExistsError("login", `${input.login} is already taken`);
    throw error;
  }
}
