"""Render what `dlgrade.check` shows in a notebook and take a screenshot with headless Chromium.

    python scripts/inline_screenshot.py [OUT_DIR]

Runs tests/notebooks/inline_check.py in a real Jupyter kernel (nbclient), puts each cell's
source and its HTML output on one page (OUT_DIR/inline_report.html, default /tmp/dlgrade-inline),
and writes OUT_DIR/inline_report.png. Debian's `chromium` and `fonts-nanum` are installed with
apt-get when missing and this runs as root. For looking at, not a test: the tests assert on the same HTML.
"""
import html
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.notebooks.build import notebook  # noqa: E402

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ font-family: system-ui, 'Noto Sans CJK KR', 'NanumGothic', sans-serif; font-size: 13px; margin: 16px;
       width: 1050px; }}
.in {{ background: #f6f8fa; border: 1px solid #d0d7de; padding: 6px; white-space: pre; font-family: monospace; }}
.n {{ color: #6e7781; font-family: monospace; }}
.out {{ margin: 6px 0 18px 24px; }}
</style></head><body>{body}</body></html>"""


def chromium():
    """Chromium, and a Korean font for it (Debian packages, installed when missing and root)."""
    missing = [] if any(map(shutil.which, ("chromium", "chromium-browser"))) else ["chromium"]
    fonts = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True) if shutil.which("fc-list") else None
    if fonts is None or not fonts.stdout.strip():
        missing.append("fonts-nanum")
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=False, capture_output=True)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def main(out_dir):
    import nbclient

    os.makedirs(out_dir, exist_ok=True)
    wanted = {"right_sigmoid", "check_right", "wrong_sigmoid", "check_wrong_ko", "hint_after_wrong", "helpers",
              "uses_other_cells", "check_other_cells", "check_undefined", "broken_relu", "check_broken"}
    nb = notebook()
    nbclient.NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": out_dir}}).execute()
    body = []
    for cell in nb.cells:
        if cell.metadata["name"] not in wanted:
            continue
        body.append(f'<div class="n">In [{cell.execution_count}]:</div><div '
                    f'class="in">{html.escape(cell.source)}</div>')
        for o in cell.outputs:
            if o.output_type == "execute_result" and "text/html" in o.data:
                body.append(f'<div class="out">{o.data["text/html"]}</div>')
            elif o.output_type == "error":
                body.append(f'<div class="out" style="color:#cf222e">{html.escape(o.ename + ": " + o.evalue)}</div>')
    page = os.path.join(out_dir, "inline_report.html")
    with open(page, "w", encoding="utf-8") as fh:
        fh.write(PAGE.format(body="\n".join(body)))
    exe = chromium()
    if exe is None:
        print(f"no chromium: open {page} in a browser", file=sys.stderr)
        return 1
    png = os.path.join(out_dir, "inline_report.png")
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", "--window-size=1100,2600", "file://" + page],
                   check=True, capture_output=True, timeout=120)
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dlgrade-inline"))
