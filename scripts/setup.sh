#!/usr/bin/env bash
# Installs every Debian 12 package Portcullis needs to build, test, run locally and benchmark.
# Idempotent: when everything is present it changes nothing and takes a second; otherwise one
# `apt-get update` and one `apt-get install`. Needs root (or sudo).
set -euo pipefail

packages=(
  # toolchain
  g++ cmake make pkg-config git clang clang-format clang-tidy libclang-rt-14-dev
  # build speed on CI's 2 cores: the presets generate for Ninja and link with lld (README, Tooling)
  ninja-build lld
  # test and benchmark frameworks
  libgtest-dev libgmock-dev libbenchmark-dev wrk
  # the fixed dependencies (../shared/probes/REPORT.md §1)
  libpistache-dev libpqxx-dev libpq-dev libmsgpack-cxx-dev libnats-dev libspdlog-dev
  nlohmann-json3-dev libcurl4-openssl-dev libssl-dev openssl
  # chosen by us (README's dependency table)
  libtomlplusplus-dev
  # real servers for local runs and integration tests
  nats-server postgresql-15 curl ca-certificates
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
unavailable=()
for p in "${missing[@]}"; do
  apt-cache show "$p" >/dev/null 2>&1 || unavailable+=("$p")
done
if [ ${#unavailable[@]} -gt 0 ]; then
  echo "setup: not available from the configured apt sources: ${unavailable[*]}" >&2
  echo "setup: Portcullis needs Debian 12 (bookworm) with its main archive enabled" >&2
  exit 1
fi
# The PostgreSQL package would start a system cluster on 5432; we run our own, so keep it from
# starting services during the install.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy"
  created_policy=1
fi
trap '[ $created_policy -eq 1 ] && $sudo rm -f "$policy"' EXIT
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
