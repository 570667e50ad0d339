"""Signing in, in a real browser: the page a social worker first meets, by mouse and keyboard,
and axe-core's WCAG 2.2 AA checks on it and on My work."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from convene.people.models import Role
from tests.factories import PASSWORD


def test_a_social_worker_signs_in_and_lands_on_my_work(page, sign_in, axe, cast) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page).to_have_title("Sign in – Convene")
    axe(page)

    sign_in(page, cast[Role.SOCIAL_WORKER])

    expect(page).to_have_title("My work – Convene")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="My work")).to_have_attribute("aria-current", "page")
    axe(page)


def test_the_stylesheets_load_so_the_page_looks_like_govuk_frontend_in_arial(
    page, sign_in, cast
) -> None:
    sign_in(page, cast[Role.SOCIAL_WORKER])
    heading_font = page.get_by_role("heading", level=1).evaluate(
        "element => getComputedStyle(element).fontFamily"
    )
    assert heading_font.lower().startswith("arial")
    header_colour = page.locator("header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour == "rgb(18, 67, 109)"
    # GOV.UK Frontend's scripts ran (init.js imports them as a module).
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))


def test_the_skip_link_comes_first_from_the_keyboard_and_leads_to_the_content(page) -> None:
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_visible()  # hidden until focused, then shown
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("id", "id_username")


def test_a_wrong_password_shows_an_error_summary_that_leads_to_the_email_field(
    page, axe, cast
) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(cast[Role.SOCIAL_WORKER].email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title("Error: Sign in – Convene")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Email address")).to_be_focused()
    axe(page)


def test_signing_in_and_out_works_with_javascript_off(browser, live_server_url, cast) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server_url)
    try:
        page = context.new_page()
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill(cast[Role.SOCIAL_WORKER].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        # No axe here: with JavaScript off, axe-core cannot run in the page (and the page is
        # the same HTML that the other tests check with JavaScript on).
        expect(page).to_have_title("My work – Convene")
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_title("Sign in – Convene")
    finally:
        context.close()


def test_signing_in_from_a_page_that_asked_for_it_returns_there(page, sign_in, cast) -> None:
    sign_in(page, cast[Role.SOCIAL_WORKER], next_page="/cases/")
    expect(page).to_have_title("Cases – Convene")
