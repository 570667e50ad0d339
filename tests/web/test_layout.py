"""The frame of every page: GOV.UK Frontend without the crown or GDS Transport, the skip link,
the menu, the error summary, the content security policy and the static files they need."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client

from convene.people.models import Role
from tests.factories import PASSWORD

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "convene" / "static"
PINNED = {
    name.removeprefix("node_modules/"): package["version"]
    for name, package in json.loads((REPO / "frontend" / "package-lock.json").read_text())[
        "packages"
    ].items()
    if name
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def header_of(page: str) -> str:
    return page[page.index("<header") : page.index("</header>")]


@pytest.mark.django_db
def test_the_sign_in_page_is_in_british_english_and_opens_with_a_skip_link(client) -> None:
    page = body_of(client.get("/sign-in/"))
    assert '<html lang="en-GB" class="govuk-template">' in page
    body = page[page.index("<body") :]
    first_link = re.search(r"<a [^>]*>", body)
    assert first_link is not None
    assert 'href="#main-content"' in first_link.group(0)
    assert 'class="govuk-skip-link"' in first_link.group(0)
    assert '<main class="govuk-main-wrapper" id="main-content">' in page


@pytest.mark.django_db
def test_the_header_names_convene_and_has_no_crown(client) -> None:
    header = header_of(body_of(client.get("/sign-in/")))
    assert "Convene" in header
    assert "<svg" not in header
    assert "GOV.UK" not in header
    assert "crown" not in header.lower()


@pytest.mark.django_db
def test_a_signed_out_visitor_sees_no_menu_and_no_sign_out(client) -> None:
    page = body_of(client.get("/sign-in/"))
    assert 'aria-label="Menu"' not in page
    assert "Sign out" not in page


@pytest.mark.django_db
def test_a_failed_sign_in_says_error_in_the_title_and_links_the_summary_to_the_email(
    cast,
) -> None:
    response = Client().post(
        "/sign-in/", {"username": cast[Role.SOCIAL_WORKER].email, "password": "wrong"}
    )
    page = body_of(response)
    assert re.search(r"<title>Error: Sign in – Convene</title>", page)
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_username">Please enter a correct' in page
    assert 'id="id_username"' in page


@pytest.mark.django_db
def test_an_empty_sign_in_marks_both_fields_and_links_each_error_to_its_field(client) -> None:
    page = body_of(client.post("/sign-in/", {"username": "", "password": ""}))
    assert "<title>Error: Sign in – Convene</title>" in page
    assert '<a href="#id_username">This field is required.</a>' in page
    assert '<a href="#id_password">This field is required.</a>' in page
    assert page.count("govuk-form-group--error") == 2
    assert 'aria-describedby="id_username-error-1"' in page
    assert 'aria-describedby="id_password-error-1"' in page
    assert page.count('<span class="govuk-visually-hidden">Error:</span>') == 2


@pytest.mark.django_db
def test_a_successful_page_has_no_error_in_its_title(cast) -> None:
    page = body_of(signed_in(cast[Role.SOCIAL_WORKER]).get("/"))
    assert "<title>My work – Convene</title>" in page


@pytest.mark.django_db
def test_every_response_carries_a_content_security_policy_whose_nonce_the_inline_script_uses(
    client,
) -> None:
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)
    assert nonce is not None
    page = body_of(response)
    scripts = re.findall(r"<script[^>]*>", page)
    inline = [tag for tag in scripts if "src=" not in tag]
    assert inline == [f'<script nonce="{nonce.group(1)}">']


@pytest.mark.django_db
def test_pages_have_no_inline_styles_which_the_policy_would_block(cast) -> None:
    for page in (
        body_of(Client().get("/sign-in/")),
        body_of(signed_in(cast[Role.TEAM_MANAGER]).get("/")),
    ):
        assert "<style" not in page
        assert not re.search(r"\sstyle=", page)
        assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers either


@pytest.mark.django_db
def test_the_stylesheets_and_script_the_pages_name_are_served(cast, settings) -> None:
    # As in development: WhiteNoise serves straight from convene/static/ through the finders.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = signed_in(cast[Role.SOCIAL_WORKER])
    page = body_of(client.get("/"))
    named = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert set(named) == {
        "/static/convene/favicon.svg",
        "/static/govuk/govuk-frontend.min.css",
        "/static/convene/convene.css",
        "/static/convene/init.js",
    }
    for url in named:
        response = client.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content)
    init = (STATIC / "convene" / "init.js").read_text()
    assert "import { initAll } from '../govuk/govuk-frontend.min.js'" in init
    assert finders.find("govuk/govuk-frontend.min.js")


def test_the_built_govuk_frontend_is_the_pinned_version_in_arial_without_fonts_or_crown() -> None:
    css = (STATIC / "govuk" / "govuk-frontend.min.css").read_text()
    js = (STATIC / "govuk" / "govuk-frontend.min.js").read_text()
    version = PINNED["govuk-frontend"]
    assert f'--govuk-frontend-version: "{version}"' in css
    assert f'const version="{version}"' in js
    assert "font-family:arial,sans-serif" in css
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "crest" not in re.sub(r"govuk-footer__copyright-logo", "", css).lower()
    assert not list(STATIC.rglob("*.woff*"))
    assert not [path for path in STATIC.rglob("*") if "crown" in path.name or "crest" in path.name]


def test_the_vendored_axe_core_is_the_pinned_version() -> None:
    axe = (REPO / "tests" / "browser" / "vendor" / "axe.min.js").read_text()
    assert f"axe v{PINNED['axe-core']}" in axe[:300]


def test_collectstatic_with_fingerprinted_names_finds_every_file_the_css_names(
    tmp_path, settings
) -> None:
    # With DEBUG off the static files are fingerprinted by Django's manifest storage, which
    # fails on any url() in a stylesheet whose file is missing.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("govuk/govuk-frontend.min.css", "govuk/govuk-frontend.min.js", "convene/init.js"):
        assert name in manifest


@pytest.mark.django_db
def test_a_social_worker_sees_my_work_and_cases_but_not_the_managers_pages(cast) -> None:
    page = body_of(signed_in(cast[Role.SOCIAL_WORKER]).get("/"))
    menu = page[page.index('aria-label="Menu"') : page.index("</nav>")]
    assert ">My work</strong></a>" in menu
    assert 'href="/cases/"' in menu
    assert 'href="/team/"' not in menu
    assert 'href="/council/"' not in menu


@pytest.mark.django_db
def test_a_manager_sees_the_team_and_council_pages_and_the_current_page_is_marked(cast) -> None:
    page = body_of(signed_in(cast[Role.TEAM_MANAGER]).get("/team/"))
    menu = page[page.index('aria-label="Menu"') : page.index("</nav>")]
    assert 'href="/council/"' in menu
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>(.*?)</a>', menu)
    assert current == ['<strong class="govuk-service-navigation__active-fallback">Team</strong>']


def test_a_page_can_mark_its_section_in_the_menu() -> None:
    html = Template(
        "{% include 'includes/navigation_item.html' with label='Cases' url='case_list' "
        "current='case_detail' section='cases' key='cases' %}"
    ).render(Context())
    assert 'aria-current="true"' in html
    assert "govuk-service-navigation__item--active" in html


@pytest.mark.django_db
def test_the_header_says_who_is_signed_in_and_for_which_organisation(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    header = header_of(body_of(signed_in(worker).get("/")))
    assert f"Signed in as {worker.full_name}, social worker, Testshire" in header
    officer = cast[Role.POLICE_OFFICER]
    header = header_of(body_of(signed_in(officer).get("/")))
    assert f"{officer.full_name}, police officer, Testshire Police" in header


@pytest.mark.django_db
def test_signing_out_is_a_button_posting_with_a_csrf_token(cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.post("/sign-in/", {"username": "x", "password": "y"})  # sets the CSRF cookie
    client.force_login(cast[Role.SOCIAL_WORKER])
    page = body_of(client.get("/"))
    form = re.search(r'<form method="post" action="/sign-out/"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert '<button type="submit" class="convene-link-button govuk-header__link">' in form.group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
    response = client.post("/sign-out/", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # signed out: back to sign in


@pytest.mark.django_db
def test_a_sign_in_keeps_where_the_person_was_going(cast) -> None:
    client = Client()
    page = body_of(client.get("/sign-in/?next=/cases/"))
    assert '<input type="hidden" name="next" value="/cases/">' in page
    response = client.post(
        "/sign-in/",
        {"username": cast[Role.SOCIAL_WORKER].email, "password": PASSWORD, "next": "/cases/"},
    )
    assert response["Location"] == "/cases/"


class ChoiceForm(forms.Form):
    agreed = forms.ChoiceField(
        label="Agreed?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    concerns = forms.MultipleChoiceField(
        label="Concerns",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label="Summary")

    def clean(self):
        raise forms.ValidationError("Someone else changed this record.")


def test_the_error_summary_links_radios_and_checkboxes_to_their_first_option() -> None:
    form = ChoiceForm(data={})
    summary = render_to_string("includes/error_summary.html", {"form": form})
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == ["id_agreed_1", "id_agreed_1", "id_concerns_1", "id_summary"]
    # The targets exist as crispy-forms-gds draws the fields.
    rendered = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": form})
    )
    for target in set(links):
        assert f'id="{target}"' in rendered


def test_the_error_summary_is_absent_when_the_form_has_no_errors() -> None:
    form = ChoiceForm()
    assert "govuk-error-summary" not in render_to_string(
        "includes/error_summary.html", {"form": form}
    )


def test_messages_show_as_notification_banners_and_success_is_announced() -> None:
    class Message:
        def __init__(self, text: str, tags: str) -> None:
            self.text, self.tags = text, tags

        def __str__(self) -> str:
            return self.text

    page = render_to_string(
        "base.html",
        {"messages": [Message("Discussion recorded", "success"), Message("Note", "info")]},
    )
    assert 'govuk-notification-banner--success" role="alert"' in page
    assert 'role="region" aria-labelledby="notification-title-2"' in page
    assert 'id="notification-title-2">Important</h2>' in page


def test_a_page_that_is_not_there_says_so_in_the_services_layout(cast) -> None:
    response = signed_in(cast[Role.POLICE_OFFICER]).get("/cases/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>Page not found – Convene</title>" in page
    assert "ask the lead social worker to give you access" in page
    assert 'aria-label="Menu"' in page  # the menu is there to go on from


def test_a_refusal_says_why_in_the_services_layout(cast) -> None:
    response = signed_in(cast[Role.SOCIAL_WORKER]).get("/team/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<title>You cannot do this – Convene</title>" in page
    assert "Only managers can see a team&#x27;s work." in page


def test_the_server_error_page_stands_alone_and_sends_no_one_to_wait_for_a_child() -> None:
    page = render_to_string("500.html")
    assert "Sorry, there is a problem with Convene" in page
    assert "emergency procedures" in page
