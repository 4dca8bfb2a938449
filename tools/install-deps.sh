#!/usr/bin/env bash
# Installs, from Debian 12's packages, what Moisson needs to build, run and
# be tested. Runs as root or through sudo.
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential meson ninja-build pkg-config gettext \
  libgtk-4-dev libadwaita-1-dev libshp-dev libjson-c-dev libcurl4-openssl-dev \
  libproj-dev proj-data \
  xvfb xauth libxtst-dev dbus \
  fonts-cantarell fonts-dejavu-core adwaita-icon-theme \
  desktop-file-utils appstream \
  >/dev/null
