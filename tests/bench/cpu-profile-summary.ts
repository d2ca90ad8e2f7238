/**
 * `npx tsx tests/bench/cpu-profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile
 * (`node --cpu-prof`, e.g. from `npm run bench -- realtime --cpu-prof <dir>`) spent its time,
 * by self time (idle left out): per package or part of Node, and per function.
 */
import { readFileSync } from "node:fs";
import { formatTable } from "./stats";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<package>`, the project's own folder, `node:internal`, or what V8 calls the frame. */
function placeOf(url: string, functionName: string): string {
  if (url === "") return `(${functionName || "anonymous"})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  const own = /\/(server|db|tests|bin|app|lib)\//.exec(url);
  return own ? `${own[1]}/` : url;
}

function summarise(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idle += micros;
      return;
    }
    total += micros;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + micros);
    const name = `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(server|db|tests)\//, "$1/")}:${lineNumber + 1}` : ""}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + micros);
  });
  const rows = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => [name, `${(micros / 1000).toFixed(0)} ms`, `${((micros / total) * 100).toFixed(1)} %`]);
  return [
    `${((total + idle) / 1e6).toFixed(1)} s sampled, ${(idle / 1e6).toFixed(1)} s of it idle; shares are of the ${(total / 1e6).toFixed(1)} s busy`,
    formatTable(["self time by package / part", "time", "share"], rows(places)),
    "",
    formatTable(["self time by function", "time", "share"], rows(functions)),
  ].join("\n");
}

const [file, top = "25"] = process.argv.slice(2);
if (!file) {
  console.error("usage: npx tsx tests/bench/cpu-profile-summary.ts <file.cpuprofile> [top]");
  process.exit(2);
}
console.log(summarise(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(top)));
