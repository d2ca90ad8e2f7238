import { describe, expect, it } from "vitest";
import { helpdeskProcess } from "../../support/cli";

// The same CLI as a real process, the way an administrator or a script runs `npx helpdesk`.
describe("bin/helpdesk", () => {
  it("runs a command against DATABASE_URL and exits 0", async () => {
    const result = await helpdeskProcess(["group:add", "--name", "process-group"]);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created group process-group \(id \d+\)\n$/), stderr: "" });
  });

  it("prints only the token on stdout", async () => {
    const result = await helpdeskProcess(["token:create", "--login", "admin"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^hd_[A-Za-z0-9_-]{43}\n$/);
  });

  it("exits 2 with a one-line reason on a usage error", async () => {
    const result = await helpdeskProcess(["queue:add", "--name", "Q"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("helpdesk: queue:add: missing --group, --address (usage: queue:add --name Q --group G --address A [--unlock-timeout MIN] [--follow-up possible|reject|new_ticket])");
  });

  it("exits 1 with a one-line reason when the database cannot be reached", async () => {
    const result = await helpdeskProcess(["group:add", "--name", "x"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^helpdesk: cannot reach the database at 127\.0\.0\.1:1: .+\n$/);
  });
});
