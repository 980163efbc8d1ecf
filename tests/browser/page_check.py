#!/usr/bin/env python3
"""Opens an escalade page in headless Chromium and checks it as a person would see it.

Drives Debian's chromium over the DevTools protocol (python3-websockets): loads the file,
fails on any console error, uncaught exception or request that leaves the file (the pages
must work offline), waits for the page to say it is ready, checks what the mode asks, and
saves a screenshot.

  page_check.py report FILE --min-charts N --screenshot OUT.png
      every <div class="chart"> has drawn marks (Vega items in its SVG); at least N charts.
  page_check.py view FILE --screenshot OUT.png
      the animation runs: the clock and the counters differ between two moments.
  page_check.py graph FILE --screenshot OUT.png
      the graph's chart has drawn nodes and edges.

Exit 0 when every check passes; 1 with the failures on stderr; 77 (skipped) when chromium
is not installed.
"""
import argparse
import asyncio
import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import websockets
except ImportError:  # python3-websockets
    websockets = None

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-port=0",
]

# Per mode: a JavaScript expression giving the page's state as JSON.
CHART_MARKS = """JSON.stringify(Array.from(document.querySelectorAll('div.chart')).map(function (c) {
  var items = c.querySelectorAll('svg g.role-mark:not(.mark-group) > *');
  return {id: c.id, marks: items.length, error: !!c.querySelector('.chart-error')};
}))"""
VIEW_STATE = """JSON.stringify({
  clock: Array.from(document.querySelectorAll('.clock')).map(function (e) { return e.textContent; }),
  counters: Array.from(document.querySelectorAll('.counters')).map(function (e) { return e.textContent; }),
  panels: document.querySelectorAll('.panel canvas').length
})"""


class Browser:
    def __init__(self, chromium, width, height):
        self.profile = tempfile.mkdtemp(prefix="escalade-chromium-")
        self.proc = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = pathlib.Path(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        self.port = int(port_file.read_text().split()[0])

    def page_socket(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=10) as r:
            targets = json.load(r)
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.replies = {}
        self.problems = []
        self.events = asyncio.Queue()

    async def pump(self):
        async for message in self.ws:
            m = json.loads(message)
            if "id" in m:
                self.replies[m["id"]].set_result(m)
                continue
            method, p = m.get("method"), m.get("params", {})
            if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
                self.problems.append("console error: " + text)
            elif method == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                self.problems.append("uncaught exception: " +
                                     d.get("exception", {}).get("description", d.get("text", "")))
            elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
                self.problems.append("browser error: " + p["entry"]["text"])
            elif method == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if not url.startswith(("file:", "data:", "about:", "blob:")):
                    self.problems.append("network request: " + url)
            await self.events.put(method)

    async def call(self, method, **params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.replies[self.next_id] = future
        await self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, 60)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    async def evaluate(self, expression):
        r = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return r["result"].get("value")

    async def wait_for(self, expression, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.1)
        return None


async def check(args, ws_url):
    failures = []
    async with websockets.connect(ws_url, max_size=64 * 1024 * 1024) as ws:
        page = Page(ws)
        pump = asyncio.create_task(page.pump())
        for domain in ("Runtime", "Log", "Network", "Page"):
            await page.call(domain + ".enable")
        await page.call("Emulation.setDeviceMetricsOverride", width=args.width,
                        height=args.height, deviceScaleFactor=1, mobile=False)
        started = time.time()
        await page.call("Page.navigate", url=pathlib.Path(args.file).resolve().as_uri())
        ready = await page.wait_for("document.readyState === 'complete' && "
                                    "document.body.getAttribute('data-ready')", args.timeout)
        print(f"page_check: ready={ready!r} after {time.time() - started:.2f} s")
        if not ready:
            failures.append("the page never set <body data-ready>")
        elif ready == "error":
            failures.append("the page says a chart failed")
        if args.mode in ("report", "graph"):
            charts = json.loads(await page.evaluate(CHART_MARKS))
            for c in charts:
                print(f"page_check: chart {c['id']}: {c['marks']} marks")
                if c["marks"] == 0 or c["error"]:
                    failures.append(f"chart {c['id']} drew nothing")
            if len(charts) < args.min_charts:
                failures.append(f"{len(charts)} charts, expected at least {args.min_charts}")
        if args.mode == "view":
            first = json.loads(await page.evaluate(VIEW_STATE))
            await asyncio.sleep(args.interval)
            second = json.loads(await page.evaluate(VIEW_STATE))
            print(f"page_check: first  {first}\npage_check: second {second}")
            if first["panels"] < args.min_panels:
                failures.append(f"{first['panels']} panels, expected {args.min_panels}")
            if not first["clock"] or first["clock"] == second["clock"]:
                failures.append("the clock did not advance")
            if not first["counters"] or first["counters"] == second["counters"]:
                failures.append("the counters did not change")
        if args.screenshot:
            size = await page.evaluate("JSON.stringify([document.documentElement.scrollWidth, "
                                       "document.documentElement.scrollHeight])")
            w, h = json.loads(size)
            h = min(h, args.max_height)
            shot = await page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                   clip={"x": 0, "y": 0, "width": max(w, args.width), "height": h,
                                         "scale": 1})
            pathlib.Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
            pathlib.Path(args.screenshot).write_bytes(base64.b64decode(shot["data"]))
            print(f"page_check: screenshot {args.screenshot} ({w}x{h})")
        await asyncio.sleep(0.1)
        pump.cancel()
        failures.extend(page.problems)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["report", "view", "graph"])
    parser.add_argument("file")
    parser.add_argument("--screenshot")
    parser.add_argument("--min-charts", type=int, default=1)
    parser.add_argument("--min-panels", type=int, default=1)
    parser.add_argument("--interval", type=float, default=1.5, help="view: seconds between states")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--max-height", type=int, default=4000)
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    args = parser.parse_args()
    chromium = shutil.which(args.chromium)
    if chromium is None or websockets is None:
        print("page_check: SKIP: needs chromium and python3-websockets "
              "(bash .ci/install-deps.sh)", file=sys.stderr)
        return 77
    browser = Browser(chromium, args.width, args.height)
    try:
        failures = asyncio.run(check(args, browser.page_socket()))
    finally:
        browser.close()
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    print(f"page_check: {args.mode} {args.file}: {'FAILED' if failures else 'ok'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
