"""What the browser fixtures share (publish/render_style.py, atlas/atlas_browser.py): a static file server with
single byte ranges (RFC 9110 §14), as the PMTiles reader asks for (`python3 -m http.server` answers no ranges), and
headless Chromium (Debian's chromium and chromium-driver) through Selenium.

serve(folder, routes) starts it on 127.0.0.1 (a free port) in a daemon thread and returns (server, base URL);
`routes` maps a path to (bytes, media type) or to a file to send instead of the folder's; a folder's path sends its
index.html. Every answer allows any origin (CORS, as a tile or style server does); `server.requests` lists the paths
asked for.
"""
import http.server
import os
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def serve(folder, routes=None):
    folder, routes = os.path.abspath(folder), routes or {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=folder, **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
            self.server.requests.append(self.path)
            route = routes.get(self.path.split("?")[0])
            if isinstance(route, tuple):
                return self.reply(200, route[0], route[1])
            path = route or self.translate_path(self.path.split("?")[0])
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            if not os.path.isfile(path):
                return self.send_error(404)
            with open(path, "rb") as f:
                data = f.read()
            kind = self.guess_type(path)
            ranged = self.headers.get("Range", "")
            if ranged.startswith("bytes="):
                start, _, end = ranged[6:].partition("-")
                start, end = int(start), min(int(end) if end else len(data) - 1, len(data) - 1)
                return self.reply(206, data[start:end + 1], kind, f"bytes {start}-{end}/{len(data)}")
            self.reply(200, data, kind)

        def reply(self, status, body, kind, content_range=None):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Access-Control-Allow-Origin", "*")
            if content_range:
                self.send_header("Content-Range", content_range)
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def chromium(width, height, flags=()):
    """Headless Chromium with software WebGL (SwiftShader) and the browser log kept, as a Selenium driver; `flags`
    are further command-line switches (e.g. `--host-resolver-rules=MAP name 127.0.0.1:port`)."""
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--use-angle=swiftshader",
                 "--enable-unsafe-swiftshader", f"--window-size={width},{height}", *flags]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
