"""Screenshots of pages at desktop and phone width, for a person to look at.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 /tmp/shots staff:/ staff:/enterprises/ officer:/

Each argument after the output folder is USER:PATH (password: the demo password).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "Haimen@2023"


def main(base, out, *targets):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for width, height in [(1366, 900), (390, 844)]:
            contexts = {}
            for target in targets:
                user, path = target.split(":", 1)
                if user not in contexts:
                    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                    page = context.new_page()
                    errors = []
                    page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
                    if user != "anon":
                        page.goto(base + "/accounts/login/")
                        page.fill("#id_username", user)
                        page.fill("#id_password", PASSWORD)
                        page.click("button[type=submit]")
                        page.wait_for_load_state()
                    contexts[user] = (page, errors)
                page, errors = contexts[user]
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                name = f"{user}{path.replace('/', '_').replace('?', '_')}-{width}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(name, "console errors:", errors)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
