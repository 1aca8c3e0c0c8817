"""The light/dark toggle in the header, which the theme runs instead of Material's palette component: the page
follows the system's colour scheme until the reader chooses, the choice is kept from page to page, and the
toggle works with the mouse and the keyboard, in headless Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TOGGLE = "form[data-fs-palette] label:not([hidden])"


def background(page) -> float:
    """The relative luminance (0 black to 1 white) of the page's background, as the reader sees it."""
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)")
    return sum(weight * (channel / 255) for weight, channel in zip((0.2126, 0.7152, 0.0722), rgb, strict=True))


def state(page) -> dict:
    return page.evaluate("""() => ({
        toggle: [...document.querySelectorAll('form[data-fs-palette] label')].filter(l => !l.hidden).map(l => l.title),
        scheme: document.querySelector('meta[name=color-scheme]')?.content,
        theme: document.querySelector('meta[name=theme-color]')?.content,
        metas: document.querySelectorAll('meta[name=color-scheme], meta[name=theme-color]').length,
    })""")


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_page_follows_the_system_colour_scheme(open_page, real_url, system):
    """With no choice made, a reader whose system is light gets the light page and a toggle to dark, and the other
    way round; the browser is told the scheme (form controls, scroll bars) and the header's colour."""
    page = open_page(color_scheme=system).page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(real_url)
    page.wait_for_load_state("load")
    shown = state(page)
    assert errors == []
    assert shown["toggle"] == ["Switch to dark mode" if system == "light" else "Switch to light mode"]
    assert shown["scheme"] == system and shown["metas"] == 2
    assert len(shown["theme"]) == 7 and shown["theme"].startswith("#") and shown["theme"] != "#000000"
    assert (background(page) > 0.8) if system == "light" else (background(page) < 0.2)
    page.emulate_media(color_scheme="dark" if system == "light" else "light")  # the system switches: so does the page
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    page.wait_for_function(f"document.querySelector('meta[name=color-scheme]').content !== '{system}'")
    assert (background(page) < 0.2) if system == "light" else (background(page) > 0.8)
    assert state(page)["toggle"] == ["Switch to light mode" if system == "light" else "Switch to dark mode"]
    assert state(page)["scheme"] != system and state(page)["metas"] == 2 and errors == []


def test_the_readers_choice_is_kept_from_page_to_page(open_page, real_url):
    """Clicking the toggle turns the page dark at once; the next page and a reload open dark, against the system's
    light scheme; clicking again, and pressing Enter on the focused toggle, switch back and forth."""
    page = open_page(color_scheme="light").page
    page.goto(real_url)
    page.wait_for_load_state("load")
    assert background(page) > 0.8
    page.locator(TOGGLE).click()
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    assert background(page) < 0.2
    assert state(page)["toggle"] == ["Switch to light mode"] and state(page)["scheme"] == "dark"

    page.goto(real_url + "figures/")
    page.wait_for_load_state("load")
    assert background(page) < 0.2 and state(page)["toggle"] == ["Switch to light mode"]
    page.reload()
    assert background(page) < 0.2

    page.locator(TOGGLE).click()
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    assert background(page) > 0.8 and state(page)["scheme"] == "light"
    page.locator("form[data-fs-palette] input:checked").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    assert background(page) < 0.2 and state(page)["toggle"] == ["Switch to light mode"]
    assert page.url.endswith("/figures/"), "Enter switches the palette without submitting the form"
