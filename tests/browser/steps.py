"""Steps the browser tests share (no tests here): filling a GOV.UK date input, and dates as
the pages write them."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page


def fill_date(page: Page, field_id: str, day: date) -> None:
    """The day, month and year boxes of the GOV.UK date input whose id is `field_id`."""
    page.locator(f"#{field_id}_0").fill(str(day.day))
    page.locator(f"#{field_id}_1").fill(str(day.month))
    page.locator(f"#{field_id}_2").fill(str(day.year))


def long_date(day: date) -> str:
    """'Monday 4 January 2027', as the pages write a date."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def menu(page: Page, item: str) -> None:
    """Go to `item` ("My work", "Cases", "Team", "Council") from the menu under the header."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=item, exact=True).click()
