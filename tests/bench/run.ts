/**
 * `npm run bench -- <name> [options]`: runs one benchmark (not part of `npm test`) and exits
 * with its code: 0 when every target was met, 1 when one was missed or the run failed.
 */
import { runMailBench } from "./mail";
import { runRealtimeBench } from "./realtime";
import { runTicketsBench } from "./tickets";
import { runUiBench } from "./ui";

const BENCHES: Record<string, (args: string[]) => Promise<number>> = {
  tickets: runTicketsBench,
  realtime: runRealtimeBench,
  mail: runMailBench,
  ui: runUiBench,
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const bench = name === undefined ? undefined : BENCHES[name];
  if (!bench) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [options]`);
    return 2;
  }
  return bench(args);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
