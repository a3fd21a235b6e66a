// What the browser benchmarks share: a Summit server to measure and the slow network
// they measure over.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BIN = process.env.SUMMIT_BIN || path.join(ROOT, 'target-bench/release/summit');
export const ASSETS = process.env.SUMMIT_ASSETS || path.join(ROOT, 'frontend/dist');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Chrome's "Slow 4G": 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip. */
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };

/** A Summit server on a free port with a database in `dbDir`: `{ child, url }`. */
export async function startSummit(dbDir, extraArgs = []) {
  const args = ['--addr', '127.0.0.1:0', '--database-url', `sqlite://${dbDir}/bench.db`, '--assets', ASSETS, ...extraArgs];
  const child = spawn(SERVER_BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
  const url = await new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`server exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/Summit is running at (http:\/\/\S+?)\/?$/);
      if (m) resolve(m[1]);
    });
  });
  return { child, url };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
