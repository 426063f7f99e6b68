#!/usr/bin/env bash
# Installs what rootmail's build and tests need on a fresh Debian machine, only what is missing:
# Debian packages (SQLite, libcurl, OpenSSL, GMime, libxml2 and ldns headers, pkg-config, binutils
# for the plugin tests; for the tests nginx and openssl (TLS and proxy tests), NSD and dig (dns
# tests and benchmark), iproute2 (`ip`, for the tests' network namespace)) and Python tools
# (moto_server, boto3/botocore for the differential tests and benchmarks; cfn-lint, checkov and
# parliament in their own virtual environment, $ROOTMAIL_LINT_VENV, default /opt/rootmail-lint);
# for packages dpkg-dev (dpkg-shlibdeps; `make package`), and lintian and mmdebstrap besides
# (`make check-package`). patchelf: scripts/install.sh makes every RPATH relative to $ORIGIN.
# Usage: scripts/install-deps.sh [build|test|package|check-package]
set -euo pipefail
what=${1:-build}
apt_packages=(libsqlite3-dev libcurl4-openssl-dev libssl-dev binutils gcc libgmime-3.0-dev libxml2-dev pkg-config
  libldns-dev patchelf)
if [ "$what" = test ]; then apt_packages+=(nginx-light openssl nsd bind9-dnsutils iproute2); fi
if [ "$what" = package ]; then apt_packages+=(dpkg-dev); fi
if [ "$what" = check-package ]; then apt_packages+=(dpkg-dev lintian mmdebstrap); fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's nsd package starts a system NSD on port 53 of every address; the tests need none.
  if [[ " ${missing[*]} " == *" nsd "* ]]; then
    $SUDO systemctl disable --now nsd >/dev/null 2>&1 || true
    $SUDO service nsd stop >/dev/null 2>&1 || true
    $SUDO update-rc.d nsd disable >/dev/null 2>&1 || true
  fi
fi
if [ "$what" = test ]; then
  python3 -c 'import moto, boto3, botocore, flask_cors' 2>/dev/null && command -v moto_server >/dev/null ||
    python3 -m pip install -q 'moto[server]' boto3 botocore
  # Template and policy linters for the deploy tests, in a virtual environment of their own:
  # checkov pins old boto3/botocore versions that would break moto and the AWS CLI beside it.
  lint=${ROOTMAIL_LINT_VENV:-/opt/rootmail-lint}
  for tool in cfn-lint checkov parliament; do
    if [ ! -x "$lint/bin/$tool" ]; then
      python3 -m venv "$lint" && "$lint/bin/python" -m pip install -q cfn-lint checkov parliament
      break
    fi
  done
fi
