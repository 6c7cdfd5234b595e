#!/usr/bin/env bash
# Installs the C libraries ParallelLedger links (Debian/Ubuntu): jemalloc and libsecp256k1.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libjemalloc-dev libsecp256k1-dev >/dev/null
echo "installed: libjemalloc-dev libsecp256k1-dev"
