// The baseline: a plain Socket.IO broadcast with no database, no auth, no Next. POST
// /broadcast {"id"} emits one ~300-byte message to every client, like a comment would be.
import { createServer } from "node:http";
import { Server } from "socket.io";

const filler = "x".repeat(260);
const http = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/broadcast") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    const { id } = JSON.parse(body);
    io.emit("bench:msg", { id, body: filler });
    res.writeHead(201, { "content-type": "application/json" }).end("{}");
  });
});
const io = new Server(http, { serveClient: false });
http.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  process.send?.({ kind: "listening", port: (http.address() as { port: number }).port });
});
process.on("SIGTERM", () => io.close(() => process.exit(0)));
