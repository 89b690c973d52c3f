#!/usr/bin/env node
// Serves the mock mini-program and forwards /api/ and /q/ (HTTP and WebSocket) to the Zhijia
// service, so the browser sees one origin: no CORS configuration, and the WebSocket at
// /api/v1/me/live works the same way. No dependencies beyond Node 18+.
//
//   node serve.mjs [port=5173] [service=http://127.0.0.1:8080]
//   (or env MOCK_PORT / ZHIJIA_API)
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.argv[2] || process.env.MOCK_PORT || 5173);
const service = new URL(process.argv[3] || process.env.ZHIJIA_API || 'http://127.0.0.1:8080');
const PROXIED = ['/api/', '/q/'];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.md': 'text/plain; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};
// Never hand out the test harness, its node_modules or anything dotted.
const HIDDEN = /(^|\/)(\.|node_modules(\/|$)|test(\/|$)|serve\.mjs$|test\.sh$)/;

const proxied = (url) => PROXIED.some((p) => url.startsWith(p));

function forward(req, res) {
  const upstream = http.request({
    host: service.hostname, port: service.port || 80, method: req.method, path: req.url,
    headers: { ...req.headers, host: service.host },
  }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) { res.destroy(); return; }
    res.writeHead(502, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ status: 502, code: 'SERVICE_UNREACHABLE', title: 'Service unreachable', detail: `no answer from ${service.host}` }));
  });
  req.pipe(upstream);
}

function serveFile(req, res) {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
  if (rel === '') rel = 'index.html';
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep) || HIDDEN.test(rel)) { res.writeHead(404).end('not found'); return; }
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    fs.createReadStream(file).pipe(res);
  });
}

const server = http.createServer((req, res) => {
  if (proxied(req.url)) { forward(req, res); return; }
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
  serveFile(req, res);
});

// WebSocket: replay the upgrade request to the service and splice the two sockets together.
server.on('upgrade', (req, socket, head) => {
  if (!proxied(req.url)) { socket.destroy(); return; }
  const up = net.connect(Number(service.port || 80), service.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i];
      lines.push(`${name}: ${name.toLowerCase() === 'host' ? service.host : req.rawHeaders[i + 1]}`);
    }
    up.write(lines.join('\r\n') + '\r\n\r\n');
    if (head && head.length) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  up.on('error', () => socket.destroy());
  socket.on('error', () => up.destroy());
});

server.listen(port, '127.0.0.1', () => {
  console.log(`mock client on http://127.0.0.1:${port}/  (service ${service.origin})`);
});
