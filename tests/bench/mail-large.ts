/**
 * Phase 3 of the mail bench: 25 MB messages, one at a time, while the probe pings the realtime
 * sidecar (same process as the SMTP server and the mail workers) every 5 ms. The stall is the
 * worst `ticket:watch` round trip minus its idle median; the HTTP 404 ping, which needs no
 * database, tells a blocked event loop from a slow database read.
 */
import { randomBytes } from "node:crypto";
import { latencies, loadOf, log, ms, serverBackends, sleep, type MailContext } from "./mail-context";
import { AttachmentMails } from "./mail-messages";
import { megabytes, sampleMemory, sampleThreads } from "./mail-profile";
import { sendAll } from "./mail-senders";
import { idleBaseline, stallOf, type Baseline, type StallProbe, type StallResult } from "./mail-stall";
import { CpuTimeline } from "./mail-timeline";
import { machineBusy } from "./stats";

const KB = 1024;
/** Just under the server's limit of 25 MiB (MAX_MESSAGE_BYTES), headers included. */
export const LARGE_BYTES = 25 * KB * KB - 16 * KB;
const PING_MS = 5;
const IDLE_PROBE_MS = 3_000;
const STALL_TARGET_MS = 50;

const worstOf = (results: StallResult[]) => results.reduce((a, b) => (b.worstRttMs > a.worstRttMs ? b : a));
const describe = (stall: StallResult, idle: Baseline) =>
  `worst ${ms(stall.worstRttMs)} (${stall.worstWhen}), p99 ${ms(stall.p99RttMs)}; idle p50 ${ms(idle.p50)}, p99 ${ms(idle.p99)}`;

export async function largeMessages(context: MailContext, probe: StallProbe): Promise<void> {
  const { options, watcher, fixtures } = context;
  const idleThreads = sampleThreads(context.serverPid);
  await probe.start(PING_MS);
  await sleep(IDLE_PROBE_MS);
  const idleSamples = await probe.stop();
  const idlePings = idleSamples.watch.rtt.length + idleSamples.http.rtt.length;
  context.details.push(`probing the idle server (${idlePings} pings in ${IDLE_PROBE_MS / 1000} s; per ping below):\n  ${idleThreads.stop(idlePings)}`);
  const idle = { watch: idleBaseline(idleSamples.watch), http: idleBaseline(idleSamples.http) };
  log(`idle round trips: ticket:watch p50 ${ms(idle.watch.p50)}, p99 ${ms(idle.watch.p99)}; HTTP 404 p50 ${ms(idle.http.p50)}, p99 ${ms(idle.http.p99)}`);
  const large = new AttachmentMails({ to: fixtures.address, run: `${randomBytes(3).toString("hex")}L`, bytes: LARGE_BYTES }, 1);
  const busy = machineBusy();
  const memory = sampleMemory(context.serverPid);
  const threads = sampleThreads(context.serverPid);
  const stalls: { watch: StallResult; http: StallResult }[] = [];
  const accept: number[] = [];
  const endToEnd: number[] = [];
  let refused = 0;
  let probeLoopMax = 0;
  for (let index = 0; index < options.large; index++) {
    const mail = large.mail(index);
    log(`25 MB message ${index + 1}/${options.large} (${(mail.raw.length / KB / KB).toFixed(2)} MiB)…`);
    const mark = await watcher.mark();
    const backends = await serverBackends(context);
    const timeline = new CpuTimeline(context.serverPid, () => backends);
    await probe.start(PING_MS);
    await sleep(500);
    const sent = await sendAll(1, () => mail, { port: context.smtpPort, concurrency: 1, connectionPerMessage: true });
    if (sent.failures.length > 0) throw new Error(`the 25 MB message was not accepted: ${sent.failures.join("; ")}`);
    const commits = await watcher.waitFor(mark, 1, fixtures.queueId, 120_000);
    await sleep(1_000);
    const samples = await probe.stop();
    timeline.stop();
    const exchange = sent.exchanges[0]!;
    const times = { dataAt: exchange.dataAt, acceptedAt: exchange.acceptedAt, committedAt: performance.timeOrigin + commits.lastAnnouncedAt };
    const stall = { watch: stallOf(samples.watch, times), http: stallOf(samples.http, times) };
    stalls.push(stall);
    refused += samples.refused + stall.watch.unanswered + stall.http.unanswered;
    probeLoopMax = Math.max(probeLoopMax, samples.probeLoopMaxMs);
    accept.push(exchange.acceptedAt - exchange.dataAt);
    endToEnd.push(times.committedAt - exchange.dataAt);
    log(`  ticket:watch ${describe(stall.watch, idle.watch)}; HTTP 404 worst ${ms(stall.http.worstRttMs)}; DATA → 250 ${ms(accept.at(-1)!)}, → announced ${ms(endToEnd.at(-1)!)}`);
    context.details.push(
      [
        `25 MB message ${index + 1}: CPU (shares of one core) while`,
        `    receiving and storing (DATA → 250), ${timeline.during(times.dataAt, times.acceptedAt)}`,
        `    processing (250 → announced), ${timeline.during(times.acceptedAt, times.committedAt)}`,
        `    the worst ticket:watch was out (${ms(stall.watch.worstRttMs)}, ${stall.watch.worstWhen}), ${timeline.during(stall.watch.worstSentAt, stall.watch.worstSentAt + stall.watch.worstRttMs)}`,
        `    the worst HTTP 404 was out (${ms(stall.http.worstRttMs)}, ${stall.http.worstWhen}), ${timeline.during(stall.http.worstSentAt, stall.http.worstSentAt + stall.http.worstRttMs)}`,
      ].join("\n"),
    );
  }
  const load = loadOf(busy);
  const peak = memory.stop();
  const worst = { watch: worstOf(stalls.map((entry) => entry.watch)), http: worstOf(stalls.map((entry) => entry.http)) };
  const stall = worst.watch.worstRttMs - idle.watch.p50;
  context.rows.push(
    {
      measurement: "25 MB message: realtime sidecar stall (worst ticket:watch ack − idle p50)",
      n: stalls.reduce((sum, entry) => sum + entry.watch.pings, 0),
      value: `${ms(stall)}: ticket:watch ${describe(worst.watch, idle.watch)}; event loop alone (HTTP 404) ${ms(worst.http.worstRttMs - idle.http.p50)}; probe's own loop ≤ ${ms(probeLoopMax)}${refused ? `; ${refused} pings unanswered` : ""}`,
      target: `≤ ${STALL_TARGET_MS} ms`,
      ok: stall <= STALL_TARGET_MS && refused === 0,
      load,
    },
    { measurement: "25 MB message: DATA → 250; DATA → announced", n: options.large, value: `${latencies(accept)}; ${latencies(endToEnd)}`, target: "–", ok: true, load },
    { measurement: "25 MB message: server peak memory", n: options.large, value: `VmRSS ${megabytes(peak.peakRss)} (sampled every 20 ms); VmHWM ${megabytes(peak.hwm)}`, target: "–", ok: true, load },
  );
  context.details.push(`25 MB messages, all (${load}):\n  ${threads.stop(options.large)}`);
}
