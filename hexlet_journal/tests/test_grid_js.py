from odoo.tests import HttpCase, no_retry, tagged

SUITE = "@hexlet_journal"


def hoot_id(name):
    """The id Hoot gives a suite or test (the hash of web's HOOTCommon)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


def hoot_error(message):
    """A failing Hoot test logs with the [HOOT] prefix and the run goes on;
    the run's final verdict (without the prefix) fails the Python test."""
    return "[HOOT]" not in message


@tagged("post_install", "-at_install")
class TestGridJs(HttpCase):
    @no_retry
    def test_grid_unit_suite(self):
        """The Hoot suite of the journal grid (static/tests/*.test.js): the
        keystroke queue against a slow mocked server, refused saves, locked
        cells, the phone picker."""
        self.assertEqual(hoot_id("@web/core"), "e39ce9ba")
        self.browser_js(
            f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&id={hoot_id(SUITE)}",
            "",
            "",
            login="admin",
            timeout=600,
            success_signal="[HOOT] Test suite succeeded",
            error_checker=hoot_error,
        )
