"""The interface language: Simplified Chinese, or English (the source strings in the code).

`[ui] language` chooses; "auto" follows the system locale. The translations are Qt's own: `tr()` and
`QCoreApplication.translate()` in the code, `saydo_zh_CN.ts` beside this file (updated from the code by
`scripts/translations`, which runs pyside6-lupdate) and its compiled `saydo_zh_CN.qm`, shipped in the package.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parent
LANGUAGES = {"zh": "zh_CN"}  # the translated languages; English needs no translator
_installed: list[QTranslator] = []  # installed translators must outlive the call that installs them


def interface_language(setting: str, locale: QLocale | None = None) -> str:
    """"zh" or "en": the setting itself, or with "auto" the system locale's (any Chinese locale reads Simplified
    Chinese better than English)."""
    if setting != "auto":
        return setting
    locale = locale if locale is not None else QLocale.system()
    return "zh" if locale.language() == QLocale.Language.Chinese else "en"


def install_translators(app: QCoreApplication, language: str) -> None:
    """Make `language` the interface language of every window built from now on: saydo's strings and Qt's own
    (a line edit's context menu, standard buttons). Replaces what an earlier call installed."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    suffix = LANGUAGES.get(language)
    if suffix is None:
        return
    wanted = [(f"saydo_{suffix}", str(I18N_DIR)),
              (f"qtbase_{suffix}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    for name, folder in wanted:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:  # the interface stays English where this file would have translated it
            log.warning("no %s translations in %s", name, folder)
