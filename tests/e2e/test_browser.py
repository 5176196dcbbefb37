"""End to end in headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against the real app
served on localhost with CSRF on: sign up, practise two items by keyboard, take and submit a short exam."""
from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import TEST_BANK
from werkzeug.serving import make_server

from quiz import create_app
from quiz.extensions import close_connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright


@pytest.fixture
def live_server(tmp_path):
    app = create_app({
        "SECRET_KEY": "e2e-secret", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.db'}",
        "BANK_DIR": str(TEST_BANK), "AUTO_INIT_DB": True, "RATELIMIT_STORAGE_URI": "memory://",
    })
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        close_connections()


@pytest.fixture
def page(live_server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        yield page
        browser.close()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_sign_up_practise_and_take_an_exam(page, live_server, tmp_path):
    page.goto(f"{live_server}/register")
    page.fill("input[name=username]", "xiaoming")
    page.fill("input[name=password]", "password123")
    page.fill("input[name=confirm]", "password123")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("你好,xiaoming")

    # Practice two items, by keyboard only: a number chooses, Enter checks, → goes on.
    page.goto(f"{live_server}/practice")
    page.check("input[name=topics][value=rater]")
    page.check("input[name=types][value=single]")
    page.check("input[name=types][value=truefalse]")
    page.fill("input[name=count]", "2")
    page.click("main button[type=submit]")
    for number in (1, 2):
        expect(page.locator(".practice-head")).to_contain_text(f"第 {number} 题 / 共 2 题")
        key = "4" if "RATER 指数中的" in page.inner_text(".stem") else "1"  # D (同理度) / 正确
        page.keyboard.press(key)
        page.keyboard.press("Enter")
        expect(page.locator("#feedback")).to_contain_text("回答正确")
        expect(page.locator("#feedback .explanation")).not_to_be_empty()
        page.keyboard.press("ArrowRight" if number == 1 else "Enter")
    expect(page.locator("#result-summary")).to_contain_text("2 / 2")

    # Mock exam: answers are saved as they are given and survive a reload.
    page.goto(f"{live_server}/exams")
    page.click("text=开始考试")
    expect(page.locator("#timer .clock")).to_have_text(re.compile(r"^(29|30):\d\d$"))
    keys = {"rater-001": ["D"], "mkt-002": ["D"], "rater-002": ["A", "B", "D"], "rater-003": ["true"]}
    for qid, values in keys.items():
        for value in values:
            page.locator(f'.exam-item[data-qid="{qid}"] input[value="{value}"]').check()
    expect(page.locator("#save-state")).to_have_text("答案已全部保存")
    # A lost connection: the answer is kept on the device and sent when the connection is back.
    page.context.set_offline(True)
    page.locator('.exam-item[data-qid="mkt-005"] input[value="false"]').check()
    expect(page.locator("#save-state")).to_contain_text("网络中断")
    page.context.set_offline(False)
    expect(page.locator("#save-state")).to_have_text("答案已全部保存")
    page.reload()
    expect(page.locator('.exam-item[data-qid="rater-002"] input[value="D"]')).to_be_checked()
    expect(page.locator('.exam-item[data-qid="mkt-005"] input[value="false"]')).to_be_checked()
    assert "R 信赖度" not in page.content()  # no explanation before submission

    page.set_viewport_size({"width": 375, "height": 800})
    assert no_horizontal_scroll(page), "the exam paper must fit a 375-px phone screen"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#submit-exam")

    summary = page.locator("#result-summary")
    expect(summary).to_contain_text("6 / 6")
    expect(summary).to_contain_text("及格")
    expect(page.locator("table").first).to_contain_text("二、多项选择题")
    expect(page.locator("#item-1")).to_contain_text("正确答案")
    assert no_horizontal_scroll(page), "the results must fit a 375-px phone screen"
    screenshot = tmp_path / "results.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000

    assert all(url.startswith(live_server) for url in page.requested), "every asset is served by the app"
