"""Take the README's screenshots from a running Otklik (`make run`), with Debian's Chromium.

Usage: .venv/bin/python docs/screenshots.py [http://127.0.0.1:8000] [demo password]
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
PASSWORD = sys.argv[2] if len(sys.argv) > 2 else "otklik-demo"
OUT = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(base_url=BASE, viewport={"width": 1280, "height": 800}, locale="ru-RU")
        page.goto("/o/smolensk/registry/")
        page.screenshot(path=OUT / "portal-registry.png")
        page.goto("/o/smolensk/appeal/new/")
        page.screenshot(path=OUT / "portal-appeal-form.png")
        page.get_by_label(re.compile(r"^Фамилия")).fill("Петрова")
        page.get_by_label(re.compile(r"^Имя")).fill("Анна")
        page.get_by_label(re.compile(r"^Электронная почта")).fill("petrova@example.org")
        page.get_by_label(re.compile(r"^Текст обращения")).fill("Прошу разъяснить порядок регионального контроля цен.")
        page.get_by_label(re.compile("Я согласен")).check()
        page.get_by_role("button", name="Отправить обращение").click()
        page.screenshot(path=OUT / "portal-appeal-done.png")
        page.goto("/o/smolensk/")
        page.screenshot(path=OUT / "portal-organisation.png")
        page.goto("/o/dagestan/feedback/")
        page.locator("main a[href*='/feedback/s/']").first.click()
        page.screenshot(path=OUT / "portal-survey.png")
        page.goto("/o/smolensk/developers/")
        page.screenshot(path=OUT / "portal-developers.png")
        page.goto("/accounts/login/")
        page.get_by_label("Имя пользователя").fill("smolensk-registry-keeper")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url("**/staff/")
        page.screenshot(path=OUT / "staff-dashboard.png")
        page.goto("/staff/registry/")
        page.screenshot(path=OUT / "staff-registry.png")
        page.goto("/staff/appeals/")
        page.screenshot(path=OUT / "staff-appeals.png")
        page.locator("table a").first.click()
        page.screenshot(path=OUT / "staff-appeal-card.png")
        page.goto("/staff/calendar/?year=2026")
        page.screenshot(path=OUT / "staff-calendar.png")
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("Имя пользователя").fill("demo")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url("**/staff/")
        page.get_by_label("Организация").select_option("smolensk")
        page.get_by_role("button", name="Перейти").click()
        page.goto("/staff/appeals/")
        page.locator("table a").first.click()
        appeal = re.search(r"/(\d+)/", page.url)
        page.goto(f"/staff/assignments/new/?appeal={appeal.group(1) if appeal else ''}")
        page.screenshot(path=OUT / "staff-resolution.png")
        page.goto("/staff/analysis/quarterly/")
        page.screenshot(path=OUT / "staff-quarterly-analysis.png")
        page.goto("/staff/feedback/")
        page.screenshot(path=OUT / "staff-surveys.png")
        browser.close()


if __name__ == "__main__":
    main()
