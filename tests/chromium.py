"""Headless Chromium for tests and benchmarks: Debian's chromium driven by its chromedriver
through Selenium (the versions match, since both come from the same Debian source).

`start()` returns a WebDriver; `missing()` names what is absent. Tests skip naming the
missing piece, except in CI (``CI=true`` or ``REUSECHECK_REQUIRE_SHARED``), where the
browser tests must run: `.ci/run` installs chromium and chromium-driver.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from typing import Any

from helpers import in_ci

CHROMIUM = os.environ.get("REUSECHECK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("REUSECHECK_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
)


def missing() -> str | None:
    """What is missing to run the browser tests, or None."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} (Debian package {package}; .ci/run installs it)"
    if importlib.util.find_spec("selenium") is None:
        return "the selenium package (pip install -e '.[test]')"
    return None


def required() -> bool:
    """True in CI, where browser tests must run rather than skip."""
    return in_ci()


def start(javascript: bool = True, window: str = "1400,1000") -> Any:
    """A headless Chromium WebDriver with a fresh profile (removed by `stop`); ``window``
    is the viewport's width,height in CSS pixels."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="reusecheck-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--window-size={window}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.reusecheck_profile = profile  # type: ignore[attr-defined]  # the profile folder, removed with the driver
    return driver


def stop(driver: Any) -> None:
    driver.quit()
    shutil.rmtree(driver.reusecheck_profile, ignore_errors=True)
