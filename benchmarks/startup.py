"""What the browser does to start each page kind Lighthouse audits: elements restyled, objects laid out, and time.

    .venv/bin/python benchmarks/startup.py SITE                    # a site built as `make lighthouse` builds it
    .venv/bin/python benchmarks/startup.py SITE --runs 3 --pages home topic
    .venv/bin/python benchmarks/startup.py SITE --trace bench-out/traces   # keep each Chrome trace

Lighthouse's performance score on a shared machine moves with the load (it
scales the CPU time it measures to simulate a slow phone), so a change to
what a page costs at start-up is hard to see in it. This loads each page in
the system Chromium as Lighthouse's mobile emulation does (412 x 823 px, CPU
slowed down four times), served gzipped as benchmarks/lighthouse.py serves
it, records a Chrome trace until two seconds after the load event (``--after-load``), and
prints, from the page's main thread: how many elements the browser restyled
and how many layout objects it laid out in all (counts that do not depend on
the load: a restyle of the whole page counts every element again), the
milliseconds of style and layout work, and the blocking time of its long
tasks (each task's time over 50 ms, the definition Lighthouse's total
blocking time uses, here over the whole load rather than after the first
paint). Times are the median of ``--runs`` loads (3 unless told); counts
vary a little with when the parser yields, and are the median too. Only the
renderer that parsed the page counts: Chromium traces its own pages too (its
address bar's pop-up).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lighthouse import GitHubPagesLike, chromium_and_pages, load, page_options  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "loading"]
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}


def measure(trace: dict, url: str) -> dict:
    """The counts and times of the main thread of the renderer that parsed ``url`` in one trace."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    parsing = {}
    for event in events:
        if event.get("name") == "ParseHTML" and (event.get("args", {}).get("beginData") or {}).get("url") == url:
            key = (event["pid"], event["tid"])
            parsing[key] = parsing.get(key, 0) + 1
    if not parsing:
        raise SystemExit(f"the trace of {url} has no parsing of it")
    # the page's main thread (the browser's own pages, such as its address bar's pop-up, are traced too)
    main = max(parsing, key=parsing.get)
    mine = [e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"]
    styles = [e for e in mine if e["name"] == "UpdateLayoutTree"]
    layouts = [e for e in mine if e["name"] == "Layout"]
    tasks = [e for e in mine if e["name"] == "RunTask"]
    return {
        "restyled": sum(e.get("args", {}).get("elementCount") or 0 for e in styles),
        "laid out": sum((e.get("args", {}).get("beginData") or {}).get("dirtyObjects") or 0 for e in layouts),
        "style ms": sum(e.get("dur", 0) for e in styles) / 1000,
        "layout ms": sum(e.get("dur", 0) for e in layouts) / 1000,
        "blocking ms": sum(max(0.0, e.get("dur", 0) / 1000 - 50) for e in tasks),
        "shift": sum(e["args"]["data"].get("score") or 0 for e in events
                     if e.get("name") == "LayoutShift" and not e["args"]["data"].get("had_recent_input")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    page_options(parser, "loads of each page; medians printed (default 3)")
    parser.add_argument("--trace", type=Path, help="keep each load's Chrome trace in this folder")
    parser.add_argument("--after-load", type=float, default=2.0, metavar="SECONDS",
                        help="go on recording this long after the load event (default 2: the long tasks a page starts then count)")
    args = parser.parse_args(argv)
    executable, kinds = chromium_and_pages(parser, args)
    from playwright.sync_api import sync_playwright

    if args.trace:
        args.trace.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GitHubPagesLike, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    print(f"Start-up work, 4x CPU slowdown, {args.runs} load(s) a page, medians; load average {load()}", flush=True)
    print("| page | elements restyled | layout objects | style ms | layout ms | blocking ms | layout shift |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
            for kind, path in kinds.items():
                if args.pages and kind not in args.pages:
                    continue
                results = []
                for run in range(args.runs):
                    context = browser.new_context(**PHONE)
                    page = context.new_page()
                    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
                    browser.start_tracing(page=page, categories=CATEGORIES)
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(args.after_load * 1000)
                    data = browser.stop_tracing()
                    context.close()
                    if args.trace:
                        (args.trace / f"{kind}-{run + 1}.json").write_bytes(data)
                    results.append(measure(json.loads(data), base + path))
                row = {name: statistics.median(r[name] for r in results) for name in results[0]}
                print(f"| {kind} (`/{path}`) | {row['restyled']:,.0f} | {row['laid out']:,.0f} | {row['style ms']:,.0f} | "
                      f"{row['layout ms']:,.0f} | {row['blocking ms']:,.0f} | {row['shift']:.3f} |", flush=True)
            browser.close()
    finally:
        server.shutdown()
    print(f"load average afterwards {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
