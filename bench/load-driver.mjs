// The load generator for bench/load-mixed.bench.ts and load-two-nodes.bench.ts, in its own process so
// it does not share a server's event loop: reads a JSON job on argv[2] and prints autocannon's result
// as JSON.
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2]);
const run = autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  timeout: 10,
  headers: job.headers,
  requests: job.requests,
});
// autocannon's summary has p90 and p97.5 but no p95: it is read from every 2xx answer's time instead
// (the summary's percentiles count 2xx answers only, too).
const times = [];
run.on('response', (_client, status, _bytes, ms) => {
  if (status >= 200 && status < 300) times.push(ms);
});
const result = await run;
times.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    p50_ms: result.latency.p50,
    p95_ms: Math.round(times[Math.min(times.length - 1, Math.floor(0.95 * times.length))] ?? 0),
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    req_per_s: result.requests.average,
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }),
);
