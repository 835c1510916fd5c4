"""Nothing is fetched: a loopback web server, named by every input in every way we could
think of, sees no request while briefs are built (even the draft, which typesets in spite
of errors, and a dependent style whose parent is a URL)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import append, edit, run_build

from brief.resolve.cite import STYLES


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server: its base URL and the paths it was asked for."""
    requests: list[str] = []
    handler = type("Recorder", (_Recorder,), {"requests": requests})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def dependent_style(parent: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">\n'
            f'  <info><title>House</title><id>{parent}/house</id>\n'
            f'    <link href="{parent}" rel="independent-parent"/>\n'
            f'    <link href="{parent}/template" rel="template"/>\n'
            '  </info>\n</style>\n')


@pytest.mark.build
def test_no_input_can_make_the_build_fetch(cited: Path, server: tuple[str, list[str]]) -> None:
    url, requests = server
    content = cited / "content"
    svg = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' " \
          "width='40' height='40'>{}</svg>\n"
    figures = {"import": f"<style>@import url({url}/svg-import.css);</style>",
               "image": f"<image href='{url}/svg-image.png' width='10' height='10'/>",
               "xlink": f"<image xlink:href='{url}/svg-xlink.png' width='10' height='10'/>",
               "use": f"<use href='{url}/svg-use.svg#a'/>",
               "fill": f"<rect fill='url({url}/svg-fill#g)' width='5' height='5'/>"}
    for name, inside in figures.items():
        (content / f"{name}.svg").write_text(svg.format(inside))
    append(content / "01-notes.md", f"""
![an image on the web]({url}/markdown-image.png) and a [link]({url}/link) and <{url}/auto>.

<img src="{url}/raw-img.png"> <link rel="stylesheet" href="{url}/raw.css">

<iframe src="{url}/raw-iframe"></iframe> <object data="{url}/raw-object"></object>

{" ".join(f"![a figure that names the server]({name}.svg)" for name in figures)}

A citation with a web suffix [@ataturk-1959, <{url}/suffix>].
""")
    append(content / "references.yaml",
           f"\n- id: on-the-web\n  type: webpage\n  title: On the Web\n  URL: {url}/reference\n")
    append(content / "brief.yaml", f"subject: {url}/subject\n")
    edit(content / "brief.yaml", "  name: Test Institute",
         f"  name: Test Institute\n  url: {url}/publisher")
    status, _, err = run_build(cited, "--draft")  # the draft typesets in spite of errors
    assert status == 1 and "image" in err, err
    assert (cited / "output/brief-draft.pdf").exists()

    for field, value in (("style", f"{url}/style.csl"), ("references", f"{url}/refs.yaml")):
        append(content / "brief.yaml", f"{field}: {value}\n")
        status, _, err = run_build(cited)
        assert status == 1 and f"'{field}" not in err.splitlines()[-1]
        edit(content / "brief.yaml", f"{field}: {value}\n", "")
    edit(content / "brief.yaml", "  - 01-notes.md", f"  - 01-notes.md\n  - {url}/section.md")
    assert run_build(cited)[0] == 1
    edit(content / "brief.yaml", f"\n  - {url}/section.md", "")

    (content / "house.csl").write_text(dependent_style(f"{url}/styles/no-such-style"))
    append(content / "brief.yaml", "style: content/house.csl\n")
    status, _, err = run_build(cited)
    assert "is not among the installed styles, and nothing is fetched" in err
    assert requests == []


@pytest.mark.build
def test_a_dependent_style_takes_its_installed_parent_not_its_url(
        cited: Path, server: tuple[str, list[str]]) -> None:
    url, requests = server
    assert (STYLES / "chicago-author-date.csl").is_file()
    (cited / "content/house.csl").write_text(dependent_style(f"{url}/styles/chicago-author-date"))
    append(cited / "content/brief.yaml", "style: content/house.csl\n")
    status, _, err = run_build(cited)
    assert (status, err) == (0, "")
    assert requests == []
    html = (cited / "output/brief.html").read_text("utf-8")
    assert "(Republic of Türkiye, Ministry of Foreign Affairs, n.d.)" in html  # author-date


def test_a_chart_cannot_fetch(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    """Vega-Lite may name URLs for images, lookups and data: vl-convert is given no base URL
    it may load from, and a chart's own 'data' is refused."""
    import shutil

    from helpers import ROOT

    from brief.markdown.parse import parse
    from brief.read.load import load
    url, requests = server
    root = tmp_path / "data"
    shutil.copytree(ROOT / "tests/fixtures/data", root, ignore=shutil.ignore_patterns("output"))
    append(root / "content/02-flows.md", f"""
::: {{#fig-web .chart}}
dataset: flows
vega-lite:
  mark: image
  encoding:
    x: {{field: year, type: ordinal}}
    url: {{value: "{url}/vega-image.png"}}
:::

::: {{#fig-lookup .chart}}
dataset: flows
vega-lite:
  transform: [{{lookup: year, from: {{data: {{url: "{url}/vega-lookup.csv"}}, key: year,
                                     fields: [x]}}}}]
  mark: bar
  encoding: {{x: {{field: year, type: ordinal}}}}
:::

::: {{#fig-data .chart}}
dataset: flows
vega-lite: {{data: {{url: "{url}/vega-data.csv"}}, mark: bar}}
:::
""")
    found = [str(d) for d in parse(load(root))[1]]
    assert found == [
        "content/02-flows.md:47: error: a chart cannot show images from files or the web; "
        "remove 'url' [external-data]",
        "content/02-flows.md:53: error: a chart draws its dataset: data from a URL is not "
        "read; remove 'url' and declare the data as a dataset in brief.yaml [external-data]",
        "content/02-flows.md:61: error: 'vega-lite' in the chart may not give 'data': the "
        "builder supplies it [forbidden-field]"]
    assert requests == []
