#!/usr/bin/env bash
# Installs, from Debian 12's packages, what Moisson needs to build, run and
# be tested (the list is tools/debian-packages.txt). Runs as root or through sudo.
set -euo pipefail

cd "$(dirname "$0")"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

$SUDO apt-get update -qq
xargs $SUDO apt-get install -y -qq --no-install-recommends < debian-packages.txt >/dev/null

# The French locale, for the app in French and its test.
if ! locale -a 2>/dev/null | grep -qi '^fr_FR.utf8$'; then
  $SUDO sed -i 's/^# *fr_FR.UTF-8 UTF-8/fr_FR.UTF-8 UTF-8/' /etc/locale.gen
  $SUDO locale-gen >/dev/null
fi
