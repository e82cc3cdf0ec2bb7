#!/usr/bin/env python3
"""A year of an agency's open-government work in a real browser (headless Chromium driven through chromium-driver).

Run by scripts/test after the Swift tests:  python3 Tests/Browser/e2e.py [--bin .build/debug/gongkai] [--shots DIR]

Two server runs on one SQLite data folder, with `gongkai serve --today` fixing the date:
  2025-12-01  a citizen applies on the public form (a wrong ID check digit first); the administrator, created by
              `gongkai users create-admin`, creates a clerk and a signer in the browser; the clerk decides the case
              and downloads the reply letter; the citizen looks the application up by its tracking code.
  2026-01-20  the clerk builds the 2025 report (table 二 and the six sections typed into the page, the live check
              answering), the signer signs it off, the clerk publishes it; the public report page shows it and its
              DOCX downloads, and `gongkai parse` reads table 三 back from that DOCX: one application, granted.
  2026-04-01  the office's 督查 (an account the administrator creates) uploads four units' 2025 reports at once (the
              roster of five imported from a GB18030 CSV): the dashboard shows one missing, one late, the office itself
              on time; the unbalanced unit's table 三 findings; the copied section side by side, dismissed with a
              reason; the XLSX opened by LibreOffice and the 通报 draft name the missing and the late.
Then a newcomer's first day, from `scripts/start`'s own first-run path on a fresh data folder (example cases made for
today, one account holding every role of a small office, its password read from what the script prints): the to-do
list as generated, an application filed at the counter and answered with an outcome picked from table 三's groups by
typing, the closed case found again by the applicant's name and a 复议 registered on it, and last year's report
built, signed off and published after its deadline — the public page shows its true dates.
Screenshots of every main page go to --shots (default .build/screenshots/e2e). The browser's console must stay free
of errors on every page. Exit 0 when everything held, 1 with the failed step named otherwise.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

AGENCY = "示例市示例局"
ADMIN_PASSWORD = "Admin-e2e-2025"
CLERK_PASSWORD = "Clerk-e2e-2025"
SIGNER_PASSWORD = "Signer-e2e-2025"
PHONE = "13812345678"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def valid_resident_id(prefix17):
    """GB 11643: the check character of an 18-digit resident ID number."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(prefix17, weights))
    return prefix17 + "10X98765432"[total % 11]


ID_NUMBER = valid_resident_id("11010519800101123")
WRONG_ID = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")


class Failed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failed(what)


class Server:
    """`gongkai serve` on a free loopback port, stopped with SIGINT (as Ctrl-C would)."""

    def __init__(self, binary, data, today, env=None):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = open(os.path.join(data, f"serve-{today}.log"), "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--data", data, "--port", str(self.port), "--today", today, "--agency", AGENCY],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env={**os.environ, **(env or {})})
        line = self.process.stdout.readline()
        check(line.startswith("Gongkai 已启动："), f"gongkai serve did not start (printed {line!r}; log {self.log.name})")
        self.url = line.split("：", 1)[1].strip().rstrip("/")
        check(self.url == f"http://127.0.0.1:{self.port}", f"printed address {self.url!r}")

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Browser:
    def __init__(self, downloads, shots):
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,900", "--lang=zh-CN", "--force-device-scale-factor=1"]:
            options.add_argument(argument)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.add_experimental_option("prefs", {
            "download.default_directory": downloads, "download.prompt_for_download": False,
            "safebrowsing.enabled": False, "intl.accept_languages": "zh-CN,zh"})
        # Debian's chromium-driver: never let Selenium Manager fetch a driver from the internet.
        # A Chinese user's browser: date fields read yyyy/mm/dd.
        service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver",
                          env={**os.environ, "LANGUAGE": "zh_CN"})
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        self.downloads = downloads
        self.shots = shots
        self.base = None
        self.taken = []

    def open(self, path):
        self.driver.get(self.base + path)
        self.console_clean(path)

    def console_expected(self, fragment):
        """Takes the console entries that a deliberate mistake causes (and only those) out of the way."""
        unexpected = [entry for entry in self.driver.get_log("browser")
                      if entry["level"] == "SEVERE" and fragment not in entry["message"]]
        check(not unexpected, f"browser console errors: {unexpected}")

    def console_clean(self, where):
        # A page's own status (422 for a form with mistakes, 404 for a lookup that finds nothing) is deliberate; any
        # other failed resource (style sheet, script, icon) or script error is not.
        own = self.driver.current_url + " - "
        errors = [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"
                  and not (entry.get("source") == "network" and entry["message"].startswith(own))]
        check(not errors, f"browser console errors on {where}: {errors}")

    def find(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def text(self, selector):
        return self.find(selector).text

    def page(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def fill(self, fields, form=""):
        for name, value in fields.items():
            element = self.find(f'{form} [name="{name}"]'.strip())
            if element.tag_name == "select":
                Select(element).select_by_value(value)
            elif element.get_attribute("type") == "checkbox":
                if element.is_selected() != bool(value):
                    element.click()
            elif element.get_attribute("type") == "date":
                # Date inputs take the value through script: typing depends on the browser's locale.
                self.driver.execute_script("arguments[0].value = arguments[1]", element, value)
            else:
                element.clear()
                element.send_keys(value)

    def submit(self, button="button[type=submit].primary"):
        # A mark on the old page's window: gone once the browser has loaded the page the form leads to.
        self.driver.execute_script("window.__e2eOldPage = true")
        self.find(button).click()
        WebDriverWait(self.driver, 15).until(lambda d: d.execute_script(
            "return window.__e2eOldPage === undefined && document.readyState === 'complete'"))
        self.console_clean(self.driver.current_url)

    def shot(self, name):
        """The whole page, not only the window: the viewport is stretched to the page's height for the picture."""
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        height = min(int(size["height"]) + 1, 8000)
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False})
        path = os.path.join(self.shots, f"{len(self.taken) + 1:02d}-{name}.png")
        self.driver.save_screenshot(path)
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.taken.append(path)

    def log_in(self, username, password):
        self.open("/staff/login")
        self.fill({"username": username, "password": password})
        self.submit()
        check("/staff/login" not in self.driver.current_url, f"login of {username} failed: {self.page()[:200]}")

    def log_out(self):
        if not self.driver.find_elements(By.CSS_SELECTOR, 'form[action="/staff/logout"]'):
            self.open("/staff")
        self.submit('form[action="/staff/logout"] button')
        self.driver.delete_all_cookies()

    def download(self, link_selector, suffix):
        before = set(os.listdir(self.downloads))
        self.find(link_selector).click()
        deadline = time.time() + 20
        while time.time() < deadline:
            new = [f for f in set(os.listdir(self.downloads)) - before if f.endswith(suffix)]
            if new:
                path = os.path.join(self.downloads, new[0])
                time.sleep(0.2)
                return path
            time.sleep(0.1)
        raise Failed(f"no {suffix} downloaded from {link_selector} (folder has {sorted(os.listdir(self.downloads))})")

    def quit(self):
        self.driver.quit()


def docx_text(path):
    check(zipfile.is_zipfile(path), f"{path} is not a DOCX (zip)")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def december(b, binary, data):
    """2025-12-01: apply, create accounts, decide, look up."""
    # The public form: a wrong check digit is refused with the field named and what was typed kept.
    b.open("/")
    check("在线申请" in b.page(), "home page links the application form")
    b.shot("home")
    b.open("/apply")
    application = {"applicantType": "naturalPerson", "name": "李明", "documentKind": "residentID",
                   "documentNumber": WRONG_ID, "phone": PHONE, "address": "示例市中山路 1 号",
                   "description": "2025 年中山路改造工程的立项批复和环境影响评价文件", "email": "liming@example.cn", "provision": "email"}
    b.fill(application)
    b.submit()
    check("校验位" in b.page(), f"wrong ID refused with the reason: {b.page()[:300]}")
    check(b.find("#description").get_attribute("value") == application["description"], "typed text kept")
    b.shot("apply-error")
    b.fill({"documentNumber": ID_NUMBER})
    b.submit()
    check("申请已提交" in b.page(), f"receipt shown: {b.page()[:300]}")
    tracking = b.text("#tracking-code")
    check(re.fullmatch(r"[A-Z0-9]{10}", tracking), f"tracking code {tracking!r}")
    # Received Monday 2025-12-01 online; 20 working days from the next day → 2025-12-29.
    check(b.text("#answer-due") == "2025年12月29日", f"answer date {b.text('#answer-due')}")
    b.find("details summary").click()
    b.shot("receipt")

    # The administrator gives the office its accounts.
    b.log_in("admin", ADMIN_PASSWORD)
    b.open("/staff/users")
    for username, name, role, password in [("lihua", "李华", "clerk", CLERK_PASSWORD),
                                           ("wangqiang", "王强", "signer", SIGNER_PASSWORD)]:
        b.fill({"username": username, "displayName": name, "password": password, f"role.{role}": True}, form="#create-user")
        b.submit("#create-user button[type=submit]")
        check(username in b.page(), f"account {username} created: {b.page()[:300]}")
    b.shot("users")
    b.log_out()

    # The clerk: the to-do list, the case, the decision, the letter.
    b.log_in("lihua", CLERK_PASSWORD)
    b.open("/staff")
    check("2025-000001" in b.page(), "the new application is on the to-do list")
    check(ID_NUMBER not in b.driver.page_source and PHONE not in b.driver.page_source, "lists show no ID or phone")
    b.shot("todo")
    b.find('a[href="/staff/cases/2025-000001"]').click()
    check("2025-12-29" in b.page(), "case page shows the answer date")
    b.shot("case-open")
    check(not b.driver.find_elements(By.CSS_SELECTOR, "#event-form"), "no step is chosen before the clerk chooses one")
    b.find('ul.steps a[href$="?step=decided#step"]').click()
    b.find('input[name="outcome"][value="granted"]').click()
    b.fill({"date": "2025-12-01", "note": "经审查，所申请信息属于本机关公开的政府信息，予以公开，随本答复书附送电子文件。"})
    b.submit("#event-form button[type=submit]")
    check(b.text("#stage").startswith("已答复"), f"case answered: stage {b.text('#stage')!r}")
    check("李华" in b.text("#timeline"), "the timeline names who recorded the step")
    b.shot("case-decided")
    path = b.download("#letter-docx", ".docx")
    check(os.path.basename(path) == "答复书-2025-000001.docx", f"letter saved under its Chinese name: {path}")
    letter = docx_text(path)
    check("予以公开" in letter and AGENCY in letter, f"reply letter names the outcome and the agency: {letter[:200]}")
    b.log_out()

    # The citizen looks it up: right phone → the stage; wrong phone → nothing.
    b.open("/track")
    b.fill({"trackingCode": tracking, "phone": "13900000000"})
    b.submit()
    check("没有找到" in b.page() and "2025-000001" not in b.page(), "wrong phone finds nothing")
    b.fill({"trackingCode": tracking.lower(), "phone": "138 1234 5678"})
    b.submit()
    check(b.text("#stage").startswith("已答复"), f"lookup shows the decision: {b.page()[:300]}")
    check("李明" not in b.page(), "lookup shows no personal data")
    b.shot("track")
    return tracking


def january(b, binary, data, tracking):
    """2026-01-20: build, sign off and publish the 2025 report."""
    b.log_in("lihua", CLERK_PASSWORD)
    b.open("/staff/reports/2025")
    inputs = b.driver.find_elements(By.CSS_SELECTOR, 'input[name^="t2."]')
    check(len(inputs) >= 10, f"table 二 has its cells ({len(inputs)})")
    for index, element in enumerate(inputs):
        element.clear()
        element.send_keys(str(3 + index % 5) if "amount" not in (element.get_attribute("name") or "") else "0")
    sections = {
        "section.1": "2025年，示例市示例局认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作推进政务公开。",
        "section.2": "本年度通过门户网站主动公开政府信息，及时更新规章、规范性文件和行政许可、行政处罚等信息。",
        "section.3": "本年度收到政府信息公开申请1件，予以公开1件，结转下年度继续办理0件。",
        "section.4": "本年度未发生政府信息公开行政复议、行政诉讼。",
        "section.5": "主要问题是公开内容的规范性有待提高。下一步将加强培训，提升公开质量。",
        "section.6": "本机关依申请提供政府信息，未收取信息处理费。",
    }
    check(not b.driver.find_elements(By.CSS_SELECTOR, '[name="publishedOn"]'), "no field invites a 成文日期")
    b.fill({"agency": AGENCY})
    b.fill(sections)
    # The live check answers as one types: a letter in a number cell is named at once.
    first = inputs[0]
    first.clear()
    first.send_keys("十")
    WebDriverWait(b.driver, 10).until(lambda d: "应填数字" in b.text("#findings"))
    b.console_expected("/api/report-drafts/2025/check - Failed to load resource: the server responded with a status of 422")
    b.shot("builder-live-check")
    first.clear()
    first.send_keys("3")
    WebDriverWait(b.driver, 10).until(lambda d: "检查中" not in b.text("#check-state") and "应填数字" not in b.text("#findings"))
    b.submit("#report-form button[type=submit]")
    check("已保存" in b.page() or "草稿" in b.page(), f"draft saved: {b.page()[:300]}")
    errors = [li.text for li in b.driver.find_elements(By.CSS_SELECTOR, "#findings li.error")]
    check(not errors, f"saved draft has no errors: {errors}")
    b.shot("builder")
    b.open("/staff/reports/2025/preview")
    check("表三" in b.page() or "收到和处理政府信息公开申请情况" in b.page(), "preview shows the official layout")
    b.shot("report-preview")
    b.log_out()

    b.log_in("wangqiang", SIGNER_PASSWORD)
    b.open("/staff/reports/2025")
    b.submit("#approve")
    check(b.text("#report-status") == "已签发，待发布", f"signed off: {b.text('#report-status')}")
    check("王强" in b.text("#approved-by"), f"names the signer: {b.text('#approved-by')}")
    check(not b.driver.find_elements(By.CSS_SELECTOR, "#approve"), "no second sign-off of a signed-off report")
    b.shot("builder-approved")
    b.log_out()

    b.log_in("lihua", CLERK_PASSWORD)
    b.open("/staff/reports/2025")
    b.submit("#publish")
    b.log_out()

    b.open("/reports")
    check("2025" in b.page() and AGENCY in b.page(), f"report listed: {b.page()[:300]}")
    b.shot("reports")
    b.open("/reports/2025")
    check(sections["section.1"][:20] in b.page(), "published report shows the prose")
    b.shot("report-2025")
    path = b.download('a[href="/reports/2025/docx"]', ".docx")
    check(os.path.basename(path).startswith(AGENCY + "2025年"), f"report saved under its Chinese name: {path}")
    text = docx_text(path)
    check(AGENCY in text and "政府信息公开工作年度报告" in text, "DOCX carries the title")
    parsed = subprocess.run([binary, "parse", path, "--format", "json"], capture_output=True, text=True)
    check(parsed.returncode in (0, 1), f"gongkai parse of the DOCX: exit {parsed.returncode}: {parsed.stderr}")
    report = json.loads(parsed.stdout)
    check(report["year"] == 2025, f"year {report.get('year')}")
    check(report["table3"]["granted"] == [1, 0, 0, 0, 0, 0, 1], f"table 三 granted {report['table3'].get('granted')}")
    check(report["table3"]["received"][-1] == 1, f"table 三 received {report['table3'].get('received')}")
    errors = [f for f in report.get("findings", []) if f.get("severity") == "error"]
    check(not errors, f"published DOCX reads back without errors: {errors}")

    # A month on, the citizen's lookup still answers.
    b.open("/track")
    b.fill({"trackingCode": tracking, "phone": PHONE})
    b.submit()
    check(b.text("#stage").startswith("已答复"), "lookup after the year")


SUPERVISOR_PASSWORD = "Supervisor-e2e-2026"


def oversight(b, binary, data):
    """2026-04-01: the office's 督查 checks its units' 2025 reports — one on time, one late, one missing, one that
    copied another's section, one whose table 三 does not balance — from the dashboard down to the evidence."""
    seeds = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpus", "seeds")
    folder = os.path.join(data, "units")
    os.makedirs(folder, exist_ok=True)
    roster = os.path.join(data, "名册.csv")
    with open(roster, "w", encoding="gb18030") as f:  # an office's own spreadsheet, saved by Excel in GBK
        f.write("名称,统一社会信用代码,层级,上级\r\n" + "".join(f"示例县{u}局,,部门,示例县人民政府\r\n" for u in "甲乙丙丁戊"))
    run = subprocess.run([binary, "oversee", "roster", "import", roster, "--data", data], capture_output=True, text=True)
    check(run.returncode == 0, f"roster import: {run.stderr}")

    def unit(seed, name, published, edit=None):
        read = subprocess.run([binary, "parse", os.path.join(seeds, seed + ".txt"), "--format", "json"], capture_output=True, text=True)
        report = json.loads(read.stdout)
        report["findings"] = []
        original = report.get("agency") or ""
        report["agency"], report["year"], report["publishedOn"] = name, 2025, published
        for section in report["sections"]:
            section["text"] = section["text"].replace(original, name) if original else section["text"]
        if edit:
            edit(report)
        source = os.path.join(data, f"{name}.json")
        with open(source, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False)
        target = os.path.join(folder, f"{name}.md")
        run = subprocess.run([binary, "render", source, "--format", "md", "-o", target], capture_output=True, text=True)
        check(run.returncode in (0, 1), f"render {name}: {run.stderr}")
        return report, target

    jia, jia_file = unit("000_559d788ea7c049c3", "示例县甲局", "2026-01-20")
    _, yi_file = unit("003_032528133d267b50", "示例县乙局", "2026-02-10")

    def copy(report):
        report["sections"][0]["text"] = jia["sections"][0]["text"].replace("示例县甲局", "示例县丁局")
    _, ding_file = unit("004_62e18fc6e57dfc2d", "示例县丁局", "2026-01-27", copy)

    def unbalance(report):
        report["table3"]["received"][0] += 1
    _, wu_file = unit("001_931eb61caecda62d", "示例县戊局", "2026-01-15", unbalance)

    # The administrator gives the office its 督查.
    b.log_in("admin", ADMIN_PASSWORD)
    b.open("/staff/users")
    b.fill({"username": "zhaomin", "displayName": "赵敏", "password": SUPERVISOR_PASSWORD, "role.supervisor": True}, form="#create-user")
    b.submit("#create-user button[type=submit]")
    check("zhaomin" in b.page(), f"account zhaomin created: {b.page()[:300]}")
    b.log_out()

    b.log_in("zhaomin", SUPERVISOR_PASSWORD)
    b.open("/staff/oversee?year=2025")
    check("督查" in b.text("header.site nav"), "the 督查 has the 督查 menu")
    b.find("#upload input[type=file]").send_keys("\n".join([jia_file, yi_file, ding_file, wu_file]))
    b.submit("#upload button[type=submit]")
    check("已收集 4 份报告" in b.text("#collected"), f"four reports collected: {b.page()[:400]}")
    rows = {r.find_element(By.CSS_SELECTOR, "td a").text: r.text for r in b.driver.find_elements(By.CSS_SELECTOR, "#units tbody tr")}
    check("未发布" in rows.get("示例县丙局", ""), f"丙 missing: {rows}")
    check("逾期发布" in rows.get("示例县乙局", ""), f"乙 late: {rows}")
    check("按期发布" in rows.get("示例县甲局", "") and "按期发布" in rows.get(AGENCY, ""), f"甲 and the office itself on time: {rows}")
    first = b.driver.find_elements(By.CSS_SELECTOR, "#units tbody tr td a")[0].text
    check(first == "示例县丙局", f"the missing unit first, not {first}")
    check(b.driver.find_elements(By.CSS_SELECTOR, "svg.chart"), "the standing is drawn as a chart")
    check("逾期发布" in b.text("#standing") and "内容雷同" in b.text("#codes"), f"chart tables: {b.text('#codes')}")
    b.shot("oversee-dashboard")

    # 戊: its table 三 does not balance.
    link = [a for a in b.driver.find_elements(By.CSS_SELECTOR, "#units td a") if a.text == "示例县戊局"][0]
    link.click()
    codes = [r.get_attribute("data-code") for r in b.driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr")]
    check(any(c.startswith("T3-") for c in codes), f"戊's table 三 findings: {codes}")
    b.shot("oversee-unit-unbalanced")

    # 丁: the copied section, side by side, then dismissed with a reason.
    b.open("/staff/oversee?year=2025")
    [a for a in b.driver.find_elements(By.CSS_SELECTOR, "#units td a") if a.text == "示例县丁局"][0].click()
    check("TEXT-REUSED" in b.page() and "示例县甲局" in b.page(), f"丁's 雷同 names 甲: {b.page()[:500]}")
    b.find('tr[data-code="TEXT-REUSED"] a.evidence').click()
    marks = b.driver.find_elements(By.CSS_SELECTOR, "#evidence mark")
    check(len(marks) >= 2, f"reused sentences marked on both sides ({len(marks)})")
    check("示例县甲局" in b.text("#evidence") and "示例县丁局" in b.text("#evidence"), "both reports shown")
    b.shot("oversee-evidence")
    b.driver.back()
    Select(b.find('tr[data-code="TEXT-REUSED"] select[name=status]')).select_by_visible_text("已排除")
    b.find('tr[data-code="TEXT-REUSED"] input[name=reason]').send_keys("联合发文，文字相同属正常")
    b.submit('tr[data-code="TEXT-REUSED"] form.review button')
    check("已排除" in b.text('tr[data-code="TEXT-REUSED"]') and "赵敏" in b.text('tr[data-code="TEXT-REUSED"]'),
          f"dismissed, with who: {b.text('#findings')[:300]}")
    b.shot("oversee-unit-reviewed")

    # The downloads: the workbook opens in LibreOffice and says the same; the 通报 names the missing and the late.
    b.open("/staff/oversee?year=2025")
    workbook = b.download('a[href$="/export.xlsx"]', ".xlsx")
    check(zipfile.is_zipfile(workbook), "the workbook is a zip")
    converted = subprocess.run(["soffice", f"-env:UserInstallation=file://{data}/lo", "--headless", "--convert-to",
                                "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", data, workbook], capture_output=True, text=True)
    csv_path = os.path.join(data, os.path.splitext(os.path.basename(workbook))[0] + ".csv")
    check(os.path.exists(csv_path), f"LibreOffice opened the workbook: {converted.stderr}")
    with open(csv_path, encoding="utf-8") as f:
        sheet = f.read()
    check("示例县丙局" in sheet and "未发布" in sheet and "逾期发布" in sheet, f"the sheet: {sheet[:300]}")
    notice = docx_text(b.download('a[href$="/notice.docx"]', ".docx"))
    check("示例县丙局" in notice and "示例县乙局" in notice and "逾期" in notice, f"the 通报 draft: {notice[:300]}")

    # The region: the five-year trend as charts with the numbers beside, the year's tables added up, each sum
    # opening the units behind it.
    b.find("#region-link").click()
    check("全区汇总与趋势" in b.text("h1") and b.driver.find_elements(By.CSS_SELECTOR, "svg.chart.columns"), "the region page")
    trend = b.text("#trend")
    # The office began collecting with 2025: the trend starts there, not with four years of "not received".
    check("2025" in trend and "2024" not in trend, f"the trend from the first year collected: {trend[:200]}")
    b.shot("oversee-region")
    b.find('.region-table a.counted[href*="table3.received"]').click()
    check("新收" in b.text("h1") and b.driver.find_elements(By.CSS_SELECTOR, "#cell-units a"), f"units behind a sum: {b.page()[:200]}")
    b.shot("oversee-region-cell")
    b.log_out()


def slow_pdf(binary, data):
    """Two uploads of a PDF that pdftotext never finishes: the public home page keeps answering meanwhile (it waited
    17 s behind two such uploads), and each upload is refused with the reason once the tool's time limit passes."""
    tool = os.path.join(data, "slow-pdftotext")
    with open(tool, "w") as f:
        f.write("#!/bin/sh\nexec sleep 30\n")
    os.chmod(tool, 0o755)
    server = Server(binary, data, "2026-01-21", env={"GONGKAI_PDFTOTEXT": tool, "GONGKAI_TOOL_TIME_LIMIT": "6"})
    try:
        jar = urllib.request.HTTPCookieProcessor()
        opener = urllib.request.build_opener(jar)
        opener.open(server.url + "/staff/login").read()
        token = lambda: next(c.value for c in jar.cookiejar if c.name == "gongkai-csrf")
        form = urllib.parse.urlencode({"_csrf": token(), "username": "admin", "password": ADMIN_PASSWORD, "next": "/staff"})
        opener.open(server.url + "/staff/login", data=form.encode()).read()
        answers = []

        def upload():
            request = urllib.request.Request(server.url + "/api/check?name=slow.pdf", data=b"%PDF-1.4\n%slow\n",
                                             headers={"X-CSRF-Token": token(), "Content-Type": "application/pdf"})
            try:
                opener.open(request).read()
                answers.append((200, ""))
            except urllib.error.HTTPError as error:
                answers.append((error.code, error.read().decode()))

        uploads = [threading.Thread(target=upload) for _ in range(2)]
        for thread in uploads:
            thread.start()
        time.sleep(1.5)
        started = time.monotonic()
        home = urllib.request.urlopen(server.url + "/", timeout=30).read().decode()
        waited = time.monotonic() - started
        check("政府信息公开" in home, "the home page answered")
        check(all(thread.is_alive() for thread in uploads),
              f"the home page answered while both uploads were still being read (it took {waited:.1f} s)")
        for thread in uploads:
            thread.join(60)
        check(len(answers) == 2 and all(code == 422 and "超时" in text for code, text in answers),
              f"each slow upload refused with the reason: {answers}")
    finally:
        server.stop()


def first_day(b, binary, downloads):
    """scripts/start on a fresh data folder, then a day's work as the one account it creates."""
    data = tempfile.mkdtemp(prefix="gongkai-first-day-")
    # The server's today is Beijing's (UTC+8), not this machine's.
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    # Last year's report is to be published after its deadline (31 January for a department): on a January day the
    # server is told it is 10 February (`--today`, passed on by scripts/start to `gongkai serve`).
    day = today if today > datetime.date(today.year, 1, 31) else datetime.date(today.year, 2, 10)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    arguments = ["scripts/start", "--port", str(port)] + (["--today", day.isoformat()] if day != today else [])
    log = open(os.path.join(data, "start.log"), "w")
    process = subprocess.Popen(arguments, cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True,
                               env={**os.environ, "GONGKAI_DATA": data})
    try:
        printed = []
        while True:
            line = process.stdout.readline()
            check(line, f"scripts/start ended before the server started: {printed} (log {log.name})")
            printed.append(line.rstrip())
            if line.startswith("Gongkai 已启动："):
                break
        password = next((m.group(1) for m in (re.search(r"初始密码 (\S+) ", l) for l in printed) if m), None)
        check(password, f"scripts/start printed the first account's password: {printed}")
        check(any("兼有管理员、经办人、审核人、签发人" in l for l in printed), f"and said what the account may do: {printed}")
        b.base = line.split("：", 1)[1].strip().rstrip("/")
        b.log_in("admin", password)
        b.open("/staff")
        summary = b.text(".summary")
        check("已超期 1" in summary, f"the example's to-do list has one overdue case: {summary}")
        check("待申请人补正" in b.page() and "征求第三方意见中" in b.page(), "and cases paused for 补正 and consultation")
        b.shot("first-day-todo")

        b.open("/staff/cases/new")
        b.fill({"applicantType": "naturalPerson", "name": "欧阳明", "documentKind": "residentID", "documentNumber": ID_NUMBER,
                "phone": PHONE, "address": "示例市中山路 8 号", "description": "本街道 2025 年老旧小区改造项目的竣工验收报告",
                "provision": "paper", "channel": "inPerson"})
        b.fill({"received": day.isoformat()})
        b.submit()
        code = b.driver.current_url.split("/staff/cases/")[1].split("?")[0]
        check(re.fullmatch(r"\d{4}-\d{6}", code), f"filed as {code}")
        b.find('ul.steps a[href$="?step=decided#step"]').click()
        b.find("#outcome-filter").send_keys("不掌握")
        shown = [label.text for label in b.driver.find_elements(By.CSS_SELECTOR, "#outcomes label.choice") if label.is_displayed()]
        check(len(shown) == 1 and "本机关不掌握相关政府信息" in shown[0] and "第三十六条第（四）项" in shown[0],
              f"typing filters the outcomes to one, with its article: {shown}")
        groups = [legend.get_attribute("textContent") for legend in b.driver.find_elements(By.CSS_SELECTOR, "#outcomes fieldset.group legend")]
        check("（四）无法提供" in groups and "（三）不予公开" in groups, f"grouped as table 三: {groups}")
        b.shot("first-day-outcome")
        b.find('input[name="outcome"][value="unavailable.notHeld"]').click()
        b.fill({"note": "经检索，本机关未制作、获取该信息。"})
        b.submit("#event-form button[type=submit]")
        check(b.text("#stage").startswith("已答复"), f"answered: {b.text('#stage')}")

        b.open("/staff/cases")
        b.fill({"q": "欧阳"})
        b.submit("form.search button[type=submit]")
        rows = b.driver.find_elements(By.CSS_SELECTOR, "#cases tbody tr")
        check(len(rows) == 1 and code in rows[0].text and "办结" in rows[0].text, f"the closed case found by name: {[r.text for r in rows]}")
        b.shot("first-day-search")
        rows[0].find_element(By.CSS_SELECTOR, "a").click()
        b.fill({"reviewKind": "reconsideration", "filed": day.isoformat()}, form="#review-form")
        b.submit("#review-form button[type=submit]")
        check("提起行政复议" in b.text("#timeline"), f"复议 registered: {b.text('#timeline')}")
        b.shot("first-day-review")

        year = day.year - 1
        b.open(f"/staff/reports/{year}")
        check(not b.driver.find_elements(By.CSS_SELECTOR, '[name="publishedOn"]'), "no 成文日期 field")
        check("已过期限" in b.text("#dates-note"), f"the builder says the deadline has passed: {b.text('#dates-note')}")
        for element in b.driver.find_elements(By.CSS_SELECTOR, 'input[name^="t2."]'):
            element.clear()
            element.send_keys("0")
        b.fill({f"section.{n}": f"{year}年，本机关依照《中华人民共和国政府信息公开条例》做好第{n}部分所述工作。" for n in range(1, 7)})
        b.submit("#report-form button[type=submit]")
        late = [li.text for li in b.driver.find_elements(By.CSS_SELECTOR, "#findings li") if "LATE-PUBLICATION" in li.text]
        check(late, "the lateness is a finding")
        check(b.find("#approve").is_enabled(), "and does not block the sign-off")
        b.shot("first-day-builder")
        b.submit("#approve")
        check(b.text("#report-status") == "已签发，待发布", f"signed off: {b.text('#report-status')}")
        b.submit("#publish")
        b.log_out()
        b.open(f"/reports/{year}")
        written = f"{day.year}年{day.month}月{day.day}日"
        published = f"{today.year}年{today.month}月{today.day}日"
        crumbs = b.text(".crumbs")
        check(f"成文日期 {written}，发布日期 {published}" in crumbs, f"the public page shows the true dates: {crumbs}")
        b.shot("first-day-report")

        # The example catalogue is on the portal; a new notice goes through review and is found by a two-character word.
        b.open("/catalogue")
        check("目录共有信息" in b.text("#found"), f"the example catalogue is public: {b.text('#found')}")
        b.shot("catalogue-list")
        b.log_in("admin", password)
        b.open("/staff/catalogue/new")
        b.fill({"title": "示例市示例局关于开展夏季登革热防控工作的通知", "summary": "部署全市夏季登革热防控和蚊媒监测工作。",
                "documentNumber": "示卫〔" + str(day.year) + "〕99号", "text": "各有关单位：\n请做好登革热防控工作。"})
        b.driver.find_element(By.CSS_SELECTOR, '#kind option[value="notice"]').click()
        b.driver.find_element(By.CSS_SELECTOR, '#article20 option[value="13"]').click()
        attachment = os.path.join(data, "登革热防控方案.pdf")
        attachment_bytes = b"%PDF-1.4\n% dengue plan\n" + bytes(range(256)) * 8
        with open(attachment, "wb") as f:
            f.write(attachment_bytes)
        b.find("#files").send_keys(attachment)
        b.shot("catalogue-new")
        b.submit()
        check("起草中" in b.text("h1"), f"saved as a draft: {b.text('h1')}")
        b.submit("#propose button[type=submit]")
        for step in ["checked", "secrecyCleared", "approved"]:
            b.submit(f'#review button[value="{step}"]')
        b.shot("catalogue-approved")
        number = b.text(".notice a")
        check(re.fullmatch(r"11330100MB0000000N/\d{4}-\d{5}", number), f"published with a 索引号: {number}")
        steps = b.text("#steps")
        check(all(w in steps for w in ["提交审核", "审核通过", "保密审查通过", "签发"]), f"every step recorded: {steps}")
        b.log_out()
        b.open("/catalogue")
        b.fill({"q": "登革"})
        b.submit("form.search button[type=submit]")
        hits = b.driver.find_elements(By.CSS_SELECTOR, "#records li")
        check(len(hits) == 1 and "登革热" in hits[0].text, f"found by a two-character word: {[h.text for h in hits]}")
        check(b.find("#records mark").text == "登革", "the word is highlighted")
        b.shot("catalogue-search")
        b.open("/catalogue/record/" + number)
        check(number in b.text("#metadata") and "（十三）" in b.text("#metadata"), f"opened by its 索引号: {b.text('#metadata')}")
        link = b.find("#attachments a")
        check(link.text == "登革热防控方案.pdf", f"the attachment is listed: {b.text('#attachments')}")
        digest = hashlib.sha256(attachment_bytes).hexdigest()
        check(digest in b.text("#attachments"), "with its SHA-256")
        downloaded = urllib.request.urlopen(link.get_attribute("href"), timeout=30).read()
        check(downloaded == attachment_bytes, "and downloads byte for byte")
        b.shot("catalogue-record")
        b.open("/guide")
        contact = b.text("#contact")
        check("办公室（政务公开科）" in contact and "0571-87000000" in contact, f"the 指南 prints the office's contact: {contact}")
        check(b.find('a[href="/apply"]'), "and links the application form")
        b.shot("guide")
        feed = urllib.request.urlopen(b.base + "/catalogue/feed.atom?kind=notice", timeout=30).read().decode()
        check("夏季登革热防控工作的通知" in feed and number in feed, "and it is in the notices' Atom feed")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=".build/debug/gongkai")
    parser.add_argument("--shots", default=".build/screenshots/e2e")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.bin)
    shots = os.path.abspath(arguments.shots)
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    data = tempfile.mkdtemp(prefix="gongkai-e2e-")
    downloads = os.path.join(data, "downloads")
    os.makedirs(downloads)

    created = subprocess.run([binary, "users", "create-admin", "--data", data, "--username", "admin", "--name", "管理员"],
                             input=ADMIN_PASSWORD + "\n", capture_output=True, text=True)
    if created.returncode != 0:
        print(f"e2e: gongkai users create-admin failed: {created.stderr}", file=sys.stderr)
        return 1

    browser = Browser(downloads, shots)
    step = "start"
    server = None
    try:
        step = "2025-12-01"
        server = Server(binary, data, "2025-12-01")
        browser.base = server.url
        tracking = december(browser, binary, data)
        server.stop()
        step = "2026-01-20"
        server = Server(binary, data, "2026-01-20")
        browser.base = server.url
        january(browser, binary, data, tracking)
        server.stop()
        step = "2026-04-01 (督查)"
        server = Server(binary, data, "2026-04-01")
        browser.base = server.url
        oversight(browser, binary, data)
        server.stop()
        server = None
        step = "slow PDF"
        slow_pdf(binary, data)
        step = "first day (scripts/start)"
        first_day(browser, binary, downloads)
    except (Failed, WebDriverException) as failure:
        if os.environ.get("E2E_TRACE"):
            import traceback; traceback.print_exc()
        browser.shot("failure")
        print(f"e2e: FAILED ({step}, at {browser.driver.current_url}): {failure}", file=sys.stderr)
        print(f"e2e: server logs and downloads in {data}; screenshots in {shots}", file=sys.stderr)
        return 1
    finally:
        browser.quit()
        if server:
            server.stop()
    print(f"e2e: passed — a year in Chromium (apply, accounts, decide, letter, lookup, report built, signed off, published,"
          f" DOCX read back; the site answers behind slow PDF uploads; a first day from scripts/start); {len(browser.taken)} screenshots in {shots}")
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
