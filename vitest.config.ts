import path from "node:path";
import { defineConfig } from "vitest/config";
import { TEST_AUTH_SECRET } from "./tests/support/constants.ts";

const root = import.meta.dirname;

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    // next-auth imports "next/server" without an extension, which Node's ESM loader refuses: let Vite resolve it.
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    env: { AUTH_SECRET: TEST_AUTH_SECRET, HELPDESK_DATA_DIR: path.join(root, ".data") },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/per-file-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
