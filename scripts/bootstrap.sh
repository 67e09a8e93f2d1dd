#!/usr/bin/env bash
# Installs what Ballast needs on a fresh Debian machine with the Swift toolchain:
#   - the system libraries libsecp256k1 (with recovery) and libcrypto, and pkg-config;
#   - the Python virtual environment .venv with the pinned reference implementations
#     (requirements.txt, plus the contract artifacts of
#     requirements-nodeps.txt installed without dependencies), used to generate vectors and for the end-to-end EVM checks.
# Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
pkg-config --exists libsecp256k1 2>/dev/null || need_apt+=(libsecp256k1-dev)
pkg-config --exists libcrypto 2>/dev/null || need_apt+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then need_apt+=(python3-venv); fi

if [ ${#need_apt[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "bootstrap: installing ${need_apt[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ "${BALLAST_SKIP_VENV:-0}" != "1" ]; then
    stamp=.venv/.requirements.sha256
    want=$(cat requirements.txt requirements-nodeps.txt | sha256sum | cut -d' ' -f1)
    if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "bootstrap: creating .venv from requirements.txt" >&2
        python3 -m venv .venv
        .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
        # Contract artifacts only (JSON): without their dependency trees.
        .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-nodeps.txt
        echo "$want" > "$stamp"
    fi
fi
