import { spawn, type ChildProcess } from "node:child_process";

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point the way `npm start` does (node --import tsx) and collects its output. */
export function runTs(entry: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(entry, args, env);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function spawnTs(entry: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, TSX_TSCONFIG_PATH: "tsconfig.server.json", ...env })) {
    if (v !== undefined) merged[k] = v;
  }
  return spawn(process.execPath, ["--import", "tsx", entry, ...args], { env: merged as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves with the first stdout line matching `pattern`. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buf = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    child.stderr?.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      buf += d;
      const m = buf.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before printing ${pattern}; stderr: ${err}`)));
  });
}
