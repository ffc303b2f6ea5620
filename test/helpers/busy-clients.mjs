// Run by test/operations/fair-turns.test.ts in a process of its own, so the clients do not share the
// server's event loop: BUSY clients, each on its own keep-alive connection, ask GET /spin one after
// the other without pause; once each has had a few answers, LATE clients connect and ask once.
// Prints, for each late client, how many requests the server answered between its connecting and
// its answer (each answer says the server's count of answers so far).
import http from 'node:http';

const [port, busy, late] = process.argv.slice(2).map(Number);
let stopping = false;
let servedSeen = 0;

function ask(agent) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/spin', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body).served));
    });
    req.on('error', reject);
  });
}

let warm = 0;
let allWarm;
const warmed = new Promise((resolve) => (allWarm = resolve));
const busyLoops = Array.from({ length: busy }, async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let answers = 0; !stopping; answers += 1) {
    servedSeen = Math.max(servedSeen, await ask(agent));
    if (answers === 3 && ++warm === busy) allWarm();
  }
  agent.destroy();
});

await warmed;
const waits = await Promise.all(
  Array.from({ length: late }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = servedSeen;
    const served = await ask(agent);
    agent.destroy();
    return served - before;
  }),
);
stopping = true;
await Promise.all(busyLoops);
process.stdout.write(JSON.stringify(waits));
