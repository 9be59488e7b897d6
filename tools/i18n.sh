#!/usr/bin/env bash
# Translations: French msgids in the source, one catalog per other language.
#
#   tools/i18n.sh              extract app/translations/messages.pot and update every catalog
#                              (creates the English one if missing); then translate the new or
#                              fuzzy entries of app/translations/<lang>/LC_MESSAGES/messages.po
#   tools/i18n.sh extract OUT  only extract, to OUT (tests/test_i18n.py checks the catalog with it)
#
# `make run` and `make test` compile the catalogs (pybabel compile); the .mo files are not in git.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pybabel=${PYBABEL:-$root/.venv/bin/pybabel}
translations=$root/app/translations
languages=(en)

extract() {
    (cd "$root" && "$pybabel" -q extract -F babel.cfg \
        -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 \
        --add-comments=Translators: --sort-by-file --no-wrap \
        --project=Parvis --version=0.1 --copyright-holder="Parvis contributors" \
        -o "$1" .)
}

case "${1:-all}" in
    extract)
        extract "${2:?usage: tools/i18n.sh extract OUTPUT.pot}"
        ;;
    all)
        mkdir -p "$translations"
        extract "$translations/messages.pot"
        for lang in "${languages[@]}"; do
            if [[ -f $translations/$lang/LC_MESSAGES/messages.po ]]; then
                "$pybabel" -q update -i "$translations/messages.pot" -d "$translations" -l "$lang" \
                    --no-wrap --ignore-obsolete
            else
                "$pybabel" -q init -i "$translations/messages.pot" -d "$translations" -l "$lang" --no-wrap
            fi
        done
        echo "Catalogs updated; translate the empty and fuzzy entries in $translations/*/LC_MESSAGES/messages.po"
        ;;
    *)
        echo "usage: tools/i18n.sh [extract OUTPUT.pot]" >&2
        exit 2
        ;;
esac
