/**
 * The server process as the realtime bench runs it (`node --expose-gc --import tsx <this
 * file>`): installs a probe, then runs server/main.ts unchanged. Being the entry script, not
 * a preload, it stays out of the server's worker threads. On SIGUSR2 the probe prints one line,
 * PROBE_PREFIX + JSON (ProbeReport): the event-loop delay, event-loop utilisation and CPU since
 * the previous report, the memory now, then collects garbage and reads the memory again.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { LOOP_DELAY_RESOLUTION_MS, loopDelayMs, PROBE_PREFIX, type ProbeMemory, type ProbeReport } from "./realtime-protocol";

const histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
histogram.enable();
let from = { wall: performance.now(), cpu: process.cpuUsage(), loop: performance.eventLoopUtilization() };
const memory = (): ProbeMemory => {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
};
process.on("SIGUSR2", () => {
  const cpu = process.cpuUsage(from.cpu);
  const before = memory();
  const report: Omit<ProbeReport, "afterGc"> = {
    wallMs: performance.now() - from.wall,
    cpuMs: (cpu.user + cpu.system) / 1000,
    loopDelay: { p50: loopDelayMs(histogram.percentile(50)), p99: loopDelayMs(histogram.percentile(99)), max: loopDelayMs(histogram.max), mean: loopDelayMs(histogram.mean) },
    loopUtilisation: performance.eventLoopUtilization(from.loop).utilization,
    before,
  };
  globalThis.gc?.();
  process.stdout.write(`${PROBE_PREFIX}${JSON.stringify({ ...report, afterGc: memory() })}\n`);
  histogram.reset();
  from = { wall: performance.now(), cpu: process.cpuUsage(), loop: performance.eventLoopUtilization() };
});

await import("../../server/main");
