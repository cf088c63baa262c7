#!/bin/sh
# Installs what the browser, accessibility, validity, label and CI-file tests need besides
# Python packages: Chromium, CJK fonts, zbar, poppler and shellcheck (Debian packages), Java
# for the HTML checker, and
# axe-core, the Nu HTML Checker, doiuse, es-check, the YAML language server of
# VS Code's YAML extension, and Decap CMS with its local back end (decap-server) (npm, versions pinned in package-lock.json).
# Safe to run again: it installs only what is missing.
set -eu
cd "$(dirname "$0")/.."

missing=""
for package in chromium fonts-noto-cjk zbar-tools poppler-utils shellcheck; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
    || [ ! -x node_modules/.bin/doiuse ] || [ ! -x node_modules/.bin/es-check ] \
    || [ ! -f node_modules/yaml-language-server/package.json ] \
    || [ ! -f node_modules/decap-cms/dist/decap-cms.js ] || [ ! -f node_modules/decap-server/dist/index.js ]; then
    # --ignore-scripts: the checker's jar is in the package; its install script would fetch a JDK.
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
