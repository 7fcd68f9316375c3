#!/usr/bin/env bash
# Installs the MCP reference servers that ape-mcp's integration tests (the scanner's and the
# gateway's) run: @modelcontextprotocol/server-filesystem, @modelcontextprotocol/server-everything
# and @modelcontextprotocol/server-memory,
# at the exact versions pinned in ape-mcp/test-servers/package.json and package-lock.json,
# into <repository root>/.mcp-servers (project-local, git-ignored; never a global install).
#
# Idempotent: when the pinned versions are already installed it does nothing.
# Needs node >= 20 and npm. Package install scripts are not run (--ignore-scripts).
#
# Usage: bash ape-mcp/install-test-servers.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
pins="$here/test-servers"
dest="$root/.mcp-servers"
packages=(server-filesystem server-everything server-memory)

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-test-servers: '$tool' is not on the PATH; install Node.js 20 or later" >&2
    exit 1
  fi
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "install-test-servers: node $(node --version) is too old; the pinned servers need node >= 20" >&2
  exit 1
fi

pinned_version() { # the version package.json pins for @modelcontextprotocol/$1
  node -e 'const p=require(process.argv[1]); process.stdout.write(p.dependencies["@modelcontextprotocol/"+process.argv[2]])' \
    "$pins/package.json" "$1"
}
installed_version() { # the installed version of @modelcontextprotocol/$1, or nothing
  local manifest="$dest/node_modules/@modelcontextprotocol/$1/package.json"
  [ -f "$manifest" ] && node -p "require(process.argv[1]).version" "$manifest" || true
}

up_to_date=true
for p in "${packages[@]}"; do
  if [ "$(installed_version "$p")" != "$(pinned_version "$p")" ] \
     || [ ! -f "$dest/node_modules/@modelcontextprotocol/$p/dist/index.js" ]; then
    up_to_date=false
  fi
done
if $up_to_date && cmp -s "$pins/package-lock.json" "$dest/package-lock.json"; then
  echo "install-test-servers: pinned MCP servers already installed in $dest"
  exit 0
fi

mkdir -p "$dest"
cp "$pins/package.json" "$pins/package-lock.json" "$dest/"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

for p in "${packages[@]}"; do
  v="$(installed_version "$p")"
  if [ "$v" != "$(pinned_version "$p")" ] || [ ! -f "$dest/node_modules/@modelcontextprotocol/$p/dist/index.js" ]; then
    echo "install-test-servers: @modelcontextprotocol/$p did not install as pinned (found '${v}')" >&2
    exit 1
  fi
  echo "install-test-servers: @modelcontextprotocol/$p@$v installed in $dest"
done
