"""A headless Chromium for the web edition's tests (Debian's chromium and chromium-driver,
driven by Selenium), with axe-core (npm, installed by .ci/run into tests/browser/) run in
the page: ``Browser.open``, ``Browser.axe``, ``Browser.shot``."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def missing() -> list[str]:
    """What the browser tests need and this machine lacks (.ci/run installs them)."""
    return [str(p) for p in (Path(CHROMIUM), Path(DRIVER), AXE) if not p.exists()] + (
        [] if shutil.which("chromium") else ["chromium on PATH"])


class Browser:
    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--hide-scrollbars",
                         "--force-device-scale-factor=1", "--disable-extensions"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(DRIVER), options=options)

    def close(self) -> None:
        self.driver.quit()

    def open(self, page: Path, width: int = 1280, scheme: str = "light",
             media: str = "", scripts: bool = True) -> None:
        """``page`` at ``width`` CSS pixels (the window's inner width), in the colour
        ``scheme``, with ``media`` ('print') emulated; without ``scripts``, as a reader who
        turned them off sees it (the page's own scripts do not run; ours still do)."""
        self.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled",
                                    {"value": not scripts})
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]})
        self.driver.get(page.resolve().as_uri())

    def run(self, script: str) -> object:
        return self.driver.execute_script(script)

    def axe(self) -> list[dict]:
        """axe-core's violations on the open page: rule, impact, and the elements."""
        self.driver.execute_script(AXE.read_text("utf-8"))
        found = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(TAGS)}}}}})"
            ".then(r => done(JSON.stringify(r.violations)), e => done(String(e)));")
        return [{"rule": v["id"], "impact": v["impact"],
                 "nodes": [n["target"] for n in v["nodes"]][:5],
                 "summary": v["nodes"][0]["failureSummary"] if v["nodes"] else ""}
                for v in json.loads(found)]

    def shot(self, path: Path, full: bool = True) -> None:
        """A screenshot of the whole page (or the window) as PNG."""
        if full:
            height = self.driver.execute_script(
                "return document.documentElement.scrollHeight")
            width = self.driver.execute_script("return window.innerWidth")
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": min(height, 16000), "deviceScaleFactor": 1,
                "mobile": width < 600})
        path.write_bytes(self.driver.get_screenshot_as_png())
