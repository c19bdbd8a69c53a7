/**
 * Headless Chromium driven over the DevTools protocol, with no npm package:
 * open a page, watch its network requests, evaluate an expression, take a
 * screenshot. Uses Debian's `chromium` (installed by `.ci/run`).
 *
 * @module
 */
import { Spawned } from "../../scripts/_harness/process.ts";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether Chromium is installed here. */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

/** The flags that keep a headless Chromium off the network (see the environment notes). */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--remote-debugging-port=0",
];

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** A headless Chromium with one page, closed (and killed) on dispose. */
export class Chromium implements AsyncDisposable {
  #process: Spawned;
  #profile: string;
  #socket: WebSocket;
  #nextId = 1;
  #pending = new Map<number, (message: CdpMessage) => void>();
  #listeners: ((message: CdpMessage) => void)[] = [];

  private constructor(process: Spawned, profile: string, socket: WebSocket) {
    this.#process = process;
    this.#profile = profile;
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message: CdpMessage = JSON.parse(event.data);
      if (message.id !== undefined) this.#pending.get(message.id)?.(message);
      else for (const listener of this.#listeners) listener(message);
    };
  }

  /** Starts Chromium and connects to its first page. */
  static async launch(): Promise<Chromium> {
    const profile = await Deno.makeTempDir({ prefix: "socket-primer-chromium-" });
    const process = new Spawned(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "about:blank"], {
      timeoutMs: 60_000,
    });
    try {
      await process.waitForStderr("DevTools listening on ws://");
      const port = process.stderr.match(/ws:\/\/127\.0\.0\.1:(\d+)\//)![1];
      const targets: { type: string; webSocketDebuggerUrl: string }[] =
        await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      const page = targets.find((target) => target.type === "page")!;
      const socket = new WebSocket(page.webSocketDebuggerUrl);
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = reject;
      });
      return new Chromium(process, profile, socket);
    } catch (error) {
      await process[Symbol.asyncDispose]();
      await Deno.remove(profile, { recursive: true });
      throw error;
    }
  }

  /** Sends one DevTools command and returns its result. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (message) => {
        this.#pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Calls `listener` with every event `method`. */
  on(method: string, listener: (params: Record<string, unknown>) => void): void {
    this.#listeners.push((message) => {
      if (message.method === method) listener(message.params ?? {});
    });
  }

  /** Resolves at the next event `method`. */
  once(method: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      let done = false;
      this.on(method, (params) => {
        if (!done) resolve(params);
        done = true;
      });
    });
  }

  /**
   * Opens `url` in a viewport of `width` × `height` CSS pixels and waits for
   * its load event. Returns every URL the page requested.
   */
  async open(url: string, width: number, height: number, mobile = false): Promise<string[]> {
    const requests: string[] = [];
    this.on("Network.requestWillBeSent", (params) => {
      requests.push((params.request as { url: string }).url);
    });
    await this.send("Network.enable");
    await this.send("Page.enable");
    await this.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile,
    });
    const loaded = this.once("Page.loadEventFired");
    await this.send("Page.navigate", { url });
    await loaded;
    return requests;
  }

  /** Evaluates `expression` in the page and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
    }) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(`evaluate: ${exceptionDetails.text}`);
    return result.value;
  }

  /** A PNG screenshot of the viewport. */
  async screenshot(): Promise<Uint8Array> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" }) as {
      data: string;
    };
    return Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#socket.close();
    await this.#process[Symbol.asyncDispose]();
    await Deno.remove(this.#profile, { recursive: true }).catch(() => {});
  }
}
