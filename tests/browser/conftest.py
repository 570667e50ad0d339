"""Browser tests: Convene served by Django's live server, driven in Debian's chromium through
Playwright, with axe-core checking accessibility.

Every test in tests/browser/ is marked `browser` here (no need to mark it yourself), so
`make test` leaves them out; run them with `.venv/bin/pytest -m browser` (`.ci/run` does with
CI=true). They are skipped, saying why, when /usr/bin/chromium is missing
(`apt-get install chromium`); Playwright never downloads a browser of its own.

Fixtures (besides pytest-django's and the `cast` of tests/conftest.py):

    page       pytest-playwright's Page, in a fresh browser context per test, whose base URL is
               the live server: `page.goto("/cases/")`. The context is British (en-GB,
               Europe/London). The test fails if the page breaks the content security policy,
               throws a JavaScript error or cannot load one of its static files (so pages stay
               free of inline styles and scripts); a page itself may be a 403 or 404.
    new_page   `new_page()`: a second person's browser (a fresh context, signed out, British,
               the live server's base URL), checked as `page` is; `new_page(javascript=False)`
               has JavaScript turned off, to show a page works without it. Closed after the test.
    sign_in    `sign_in(page, user)` signs `user` in through the real sign-in page (email and
               tests.factories.PASSWORD) and returns once the first page after it has loaded;
               `sign_in(page, user, next_page="/cases/")` starts from a page that asked to sign in.
    axe        `axe(page)` runs axe-core on the page as it is now and fails the test, listing
               each violation (rule, impact, help link and the elements at fault), if it breaks
               WCAG 2.2 A or AA. `axe(page, include="main")` checks part of a page only.
    live_server_url   the live server's address, for anything that is not a Page.

Each browser test has a transactional database (the live server's thread must see what the
test writes), so `cast` and the factories work as in the other tests. The live server serves
the static files from convene/static/ through Django's finders, exactly as committed.

A typical test:

    def test_a_social_worker_records_a_strategy_discussion(page, sign_in, axe, cast):
        sign_in(page, cast[Role.SOCIAL_WORKER])
        page.get_by_role("link", name="Cases").click()
        axe(page)
        ...

Playwright's own options work too: `--headed`, `--slowmo 500`, and
`--screenshot only-on-failure` (artifacts in test-results/).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# WCAG 2.2 A and AA: each version's new criteria are tagged on their own.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BROWSER_TESTS = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before `-m browser` / `-m "not browser"` selects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = pytest.mark.skip(
        reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium); "
        "Playwright does not download browsers here"
    )
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(missing)


@pytest.fixture(scope="session")
def _django_in_playwright() -> None:
    # Playwright's sync API keeps an asyncio loop running in the test's thread, which makes
    # Django refuse ORM calls there ("You cannot call this from an async context"). The tests
    # are synchronous code all the same, so Django is told to allow them, for the rest of the
    # session (the loop stays up as long as the browser does).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, _django_in_playwright: None) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM)}


@pytest.fixture(scope="session")
def live_server_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def base_url(live_server_url: str) -> str:
    return live_server_url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(autouse=True)
def _browser_db(transactional_db) -> None:
    """Every browser test writes through the live server: transactional database access."""


def watch_for_breakage(page) -> list[str]:
    """The problems `page` will run into from now on: a content security policy violation, a
    JavaScript error, or a stylesheet, script or image that fails to load (pages themselves may
    be a 403 or 404: tests of access look at those on purpose)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(
                f"{response.status} for {response.request.resource_type} {response.url}"
            )
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    return problems


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing the test on a content security policy violation, a
    JavaScript error or a static file that does not load."""
    problems = watch_for_breakage(page)
    yield page
    assert not problems, "The page broke in the browser:\n" + "\n".join(problems)


@pytest.fixture
def new_page(browser, browser_context_args: dict) -> Iterator[Callable[..., object]]:
    """`new_page()`: another person's browser (a fresh context, so signed out), checked like
    `page`; `new_page(javascript=False)` has JavaScript turned off. Closed after the test."""
    contexts = []
    watches: list[list[str]] = []

    def new_page(*, javascript: bool = True):
        context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
        contexts.append(context)
        opened = context.new_page()
        opened.set_default_timeout(10_000)
        watches.append(watch_for_breakage(opened))
        return opened

    yield new_page
    for context in contexts:
        context.close()
    problems = [problem for watched in watches for problem in watched]
    assert not problems, "A page broke in the browser:\n" + "\n".join(problems)


@pytest.fixture
def sign_in() -> Callable[..., None]:
    def sign_in(page, user, *, next_page: str | None = None) -> None:
        page.goto(f"/sign-in/?next={next_page}" if next_page else "/sign-in/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert page.get_by_role("button", name="Sign out").is_visible(), (
            f"Signing in as {user.email} did not work: the page is {page.url!r}, "
            f"titled {page.title()!r}"
        )

    return sign_in


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"       {summary_line}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe_source() -> str:
    return AXE_SOURCE.read_text()


@pytest.fixture
def axe(_axe_source: str) -> Iterator[Callable[..., None]]:
    def axe(page, *, include: str | None = None) -> None:
        # Evaluated through the DevTools protocol, which the page's content security policy
        # does not govern, so the policy under test stays as strict as in production.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(_axe_source)
        results = page.evaluate(
            """([include, tags]) => window.axe.run(
                include ? { include: [include] } : document,
                { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }
            )""",
            [include, WCAG_TAGS],
        )
        violations = results["violations"]
        assert not violations, format_violations(page.url, violations)

    yield axe
