#!/usr/bin/env bash
# Refresh the vendored browser assets from the npm registry at the pinned versions.
set -euo pipefail
HTMX=2.0.11
SSE=2.2.4
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/app/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "htmx.org@$HTMX" "htmx-ext-sse@$SSE" >/dev/null
mkdir htmx sse
tar xzf "htmx.org-$HTMX.tgz" -C htmx
tar xzf "htmx-ext-sse-$SSE.tgz" -C sse
install -D -m 644 htmx/package/dist/htmx.min.js "$dest/htmx/htmx.min.js"
install -D -m 644 htmx/package/LICENSE "$dest/htmx/LICENSE"
install -D -m 644 sse/package/dist/sse.min.js "$dest/htmx-ext-sse/sse.min.js"
install -D -m 644 sse/package/LICENSE "$dest/htmx-ext-sse/LICENSE"
echo "htmx $HTMX and htmx-ext-sse $SSE copied to $dest"
