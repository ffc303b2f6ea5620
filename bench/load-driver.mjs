// The load generator for bench/load-mixed.bench.ts, in its own process so it does not share the
// server's event loop: reads a JSON job on argv[2] and prints autocannon's result as JSON.
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  timeout: 10,
  headers: job.headers,
  requests: job.requests,
});
process.stdout.write(
  JSON.stringify({
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    req_per_s: result.requests.average,
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }),
);
