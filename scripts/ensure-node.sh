#!/usr/bin/env bash
# Makes Node 24 the `node` of the calling shell. When the machine's Node is older, installs the npm
# registry's `node@24` package into .tools/node24 (git-ignored, not a dependency of package.json: a
# later `npm install` must never be able to skip its preinstall and leave a broken Node).
# Use: source scripts/ensure-node.sh
NODE_LINE=24
NODE_PIN=24.21.0
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_local_bin="$_root/.tools/node24/node_modules/node/bin"

_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$_local_bin/node" ] && [ "$(_major "$_local_bin/node")" -ge "$NODE_LINE" ]; then
  export PATH="$_local_bin:$PATH"
elif command -v node >/dev/null 2>&1 && [ "$(_major node)" -ge "$NODE_LINE" ]; then
  :
else
  command -v npm >/dev/null 2>&1 || { echo "Outpost needs npm to install Node $NODE_LINE; install Node.js first." >&2; return 1 2>/dev/null || exit 1; }
  echo "Installing Node $NODE_PIN into .tools/node24 (the machine has $(node --version 2>/dev/null || echo no Node))..." >&2
  mkdir -p "$_root/.tools/node24"
  # A package.json of its own that approves exactly one install script: node's, which links the binary.
  printf '{ "private": true, "allowScripts": { "node": true } }\n' > "$_root/.tools/node24/package.json"
  (cd "$_root/.tools/node24" && npm install --no-save --no-package-lock --no-audit --no-fund "node@$NODE_PIN" >/dev/null) \
    || { echo "Could not install Node $NODE_PIN." >&2; return 1 2>/dev/null || exit 1; }
  export PATH="$_local_bin:$PATH"
fi
unset -f _major
unset _root _local_bin
