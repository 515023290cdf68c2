"""The build step that ships the message catalogs compiled: every .po becomes the .mo beside it.

The rest of the build is declared in pyproject.toml. A checkout that is not built (an
editable install) reads the .po files directly; `python -m bot.i18n.maintain check` (CI)
fails when they no longer match the words in the code.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("bot") / "i18n" / "locale"


class BuildWithCatalogs(build_py):
    """build_py, then each catalog compiled into the package being built."""

    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parts[-3])
            if any(message.fuzzy or not message.string for message in catalog if message.id):
                self.warn(f"{po}: untranslated or fuzzy messages: see python -m bot.i18n.maintain")
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as compiled:
                write_mo(compiled, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithCatalogs})
